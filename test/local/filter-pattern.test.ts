// CloudWatch Logs filter patterns: terms, phrases, exclusions, any-of, regex and JSON conditions.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilterPattern, FilterPatternError, parseSelector, parseTerms } from '../../src/local/logs/filter-pattern.js';

function matching(pattern: string, messages: readonly string[]): string[] {
  const matches = compileFilterPattern(pattern);
  return messages.filter((m) => matches(m));
}

const lines = [
  'ERROR could not render card',
  'WARN slow render',
  'INFO card ready',
  'ERROR Internal Server Error on GET',
  'error lower case',
];

describe('term filter patterns', () => {
  it('matches everything when empty', () => {
    assert.deepEqual(matching('', lines), lines);
    assert.deepEqual(matching('   ', lines), lines);
  });

  it('requires every term, case-sensitively', () => {
    assert.deepEqual(matching('ERROR card', lines), ['ERROR could not render card']);
    assert.deepEqual(matching('ERROR', lines), ['ERROR could not render card', 'ERROR Internal Server Error on GET']);
  });

  it('matches quoted phrases as a whole', () => {
    assert.deepEqual(matching('"Internal Server Error"', lines), ['ERROR Internal Server Error on GET']);
    assert.deepEqual(matching('"Server Internal"', lines), []);
  });

  it('excludes -terms and accepts any ?term', () => {
    assert.deepEqual(matching('ERROR -GET', lines), ['ERROR could not render card']);
    assert.deepEqual(matching('?WARN ?INFO', lines), ['WARN slow render', 'INFO card ready']);
    assert.deepEqual(matching('render ?WARN ?ERROR', lines), ['ERROR could not render card', 'WARN slow render']);
  });

  it('parses escaped quotes and rejects unterminated phrases', () => {
    assert.deepEqual(parseTerms('"say \\"hi\\"" -x ?y'), [
      { text: 'say "hi"', kind: 'required' },
      { text: 'x', kind: 'excluded' },
      { text: 'y', kind: 'optional' },
    ]);
    assert.throws(() => compileFilterPattern('"open'), FilterPatternError);
  });

  it('supports %regex% patterns', () => {
    assert.deepEqual(matching('%^(WARN|INFO) %', lines), ['WARN slow render', 'INFO card ready']);
  });
});

describe('JSON filter patterns', () => {
  const events = [
    JSON.stringify({ level: 'ERROR', x: 7, fn: 'render-card', retry: true, user: { id: 'u1' }, tags: ['a', 'b'] }),
    JSON.stringify({ level: 'INFO', x: 3, fn: 'get-user', retry: false, user: { id: 'u2' } }),
    JSON.stringify({ level: 'WARN', x: 5.5, fn: 'register-user', extra: null }),
    'not json ERROR',
  ];

  it('compares strings, with * wildcards', () => {
    assert.deepEqual(matching('{ $.level = "ERROR" }', events), [events[0]]);
    assert.deepEqual(matching('{ $.level = ERROR }', events), [events[0]]);
    assert.deepEqual(matching('{ $.level != "ERROR" }', events), [events[1], events[2]]);
    assert.deepEqual(matching('{ $.fn = "*-user" }', events), [events[1], events[2]]);
  });

  it('compares numbers', () => {
    assert.deepEqual(matching('{ $.x > 5 }', events), [events[0], events[2]]);
    assert.deepEqual(matching('{ $.x <= 5.5 }', events), [events[1], events[2]]);
    assert.deepEqual(matching('{ $.x = 3 }', events), [events[1]]);
  });

  it('combines with && and || and parentheses, and reads nested paths', () => {
    assert.deepEqual(matching('{ $.level = "ERROR" || $.x < 4 }', events), [events[0], events[1]]);
    assert.deepEqual(matching('{ ($.level = "INFO" || $.level = "WARN") && $.x > 4 }', events), [events[2]]);
    assert.deepEqual(matching('{ $.user.id = "u2" }', events), [events[1]]);
    assert.deepEqual(matching('{ $.tags[1] = "b" }', events), [events[0]]);
  });

  it('checks IS TRUE / IS NULL / EXISTS', () => {
    assert.deepEqual(matching('{ $.retry IS TRUE }', events), [events[0]]);
    assert.deepEqual(matching('{ $.retry IS FALSE }', events), [events[1]]);
    assert.deepEqual(matching('{ $.extra IS NULL }', events), [events[2]]);
    assert.deepEqual(matching('{ $.extra NOT EXISTS }', events), [events[0], events[1]]);
  });

  it('rejects malformed patterns', () => {
    assert.throws(() => compileFilterPattern('{ $.level = }'), FilterPatternError);
    assert.throws(() => compileFilterPattern('{ level = "x" }'), FilterPatternError);
    assert.throws(() => compileFilterPattern('{ $.a = "x" '), FilterPatternError);
    assert.throws(() => compileFilterPattern('[ip, user]'), FilterPatternError);
    assert.throws(() => parseSelector('$.a[x]'), FilterPatternError);
  });

  it('parses selectors', () => {
    assert.deepEqual(parseSelector('$.a.b[2].c'), ['a', 'b', 2, 'c']);
  });
});
