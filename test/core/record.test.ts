import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRegistration, describeIssues, type RegistrationRules } from '../../src/core/record.js';
import { parseJsonObject } from '../support/json.js';

const rules: RegistrationRules = { cardTypes: ['attendee', 'speaker'], defaultCountry: 'US' };
const valid = { user_id: 'u-1', type: 'attendee', name: 'Ada Lovelace', phone: '+1 415 555 2671' };

function parse(overrides: Record<string, unknown>, custom: RegistrationRules = rules) {
  return parseRegistration({ ...valid, ...overrides }, custom);
}

function issuesOf(overrides: Record<string, unknown>, custom: RegistrationRules = rules) {
  const result = parse(overrides, custom);
  assert.equal(result.ok, false, 'expected a validation failure');
  return result.ok ? [] : result.issues;
}

test('accepts names in any script, trimmed and NFC-normalised', () => {
  const names = ['홍길동', 'João Conceição', 'Śliwińska', '山田 太郎', 'やまだ', 'Иван Петров', 'محمد علي', 'שרה כהן', 'Ada 👩‍💻'];
  for (const name of names) {
    const result = parse({ name: `  ${name}  ` });
    assert.ok(result.ok, `${name} should be accepted`);
    assert.equal(result.value.name, name.normalize('NFC'));
  }
});

test('normalises decomposed diacritics to NFC', () => {
  const decomposed = 'Joa\u0303o';
  const result = parse({ name: decomposed });
  assert.ok(result.ok);
  assert.equal(result.value.name, 'João');
  assert.equal(result.value.name.length, 4);
});

test('counts characters, not UTF-16 units, against the 80 limit', () => {
  assert.ok(parse({ name: '😀'.repeat(80) }).ok);
  const issues = issuesOf({ name: '😀'.repeat(81) });
  assert.deepEqual(describeIssues(issues), ['name must be at most 80 characters']);
});

test('rejects a 10 kB name and a 10 kB company with a length message', () => {
  const issues = issuesOf({ name: 'x'.repeat(10_240), company: 'y'.repeat(10_240) });
  assert.deepEqual(describeIssues(issues), ['name must be at most 80 characters', 'company must be at most 80 characters']);
});

test('rejects control characters and line separators, naming the code point', () => {
  const cases: [string, string][] = [
    ['Ada\nLovelace', 'U+000A'],
    ['Ada\u0000', 'U+0000'],
    ['Ada\tL', 'U+0009'],
    ['Ada\u2028L', 'U+2028'],
    ['Ada\u007f', 'U+007F'],
    ['Ada\u0085', 'U+0085'],
  ];
  for (const [bad, codePoint] of cases) {
    const message = issuesOf({ name: bad })[0]?.message ?? '';
    assert.ok(message.startsWith(`name: ${codePoint} `), `${JSON.stringify(bad)}: ${message}`);
    assert.match(message, /is not allowed: the card and the contact hold one line of visible text$/);
  }
});

test('names the field, the code point, the character and why: name, title and company alike', () => {
  const issues = issuesOf({ name: 'abc\u202egnp.exe', title: '\ud800x', company: 'Acme\u200b' });
  assert.deepEqual(describeIssues(issues), [
    'name: U+202E RIGHT-TO-LEFT OVERRIDE is not allowed: it reorders how the text is shown',
    'company: U+200B ZERO WIDTH SPACE is not allowed: it is invisible, so the text would not read as it is stored',
    'title: U+D800 (a lone surrogate) is not allowed: it is half of a UTF-16 surrogate pair, not a character',
  ]);
});

test('keeps joiners where the text needs them, refuses direction marks that only hide', () => {
  assert.ok(parse({ name: 'می\u200cخواهم', company: '👩🏽\u200d💻 Labs' }).ok);
  assert.match(issuesOf({ name: '\u200fשרה' })[0]?.message ?? '', /^name: U\+200F RIGHT-TO-LEFT MARK is not allowed/);
});

test('requires user_id, type, name and phone, naming each', () => {
  const result = parseRegistration({}, rules);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(describeIssues(result.issues), ['user_id is required', 'type is required', 'name is required', 'phone is required']);
});

test('empty optional fields are treated as absent', () => {
  const result = parse({ company: '', title: '   ', email: '' });
  assert.ok(result.ok);
  assert.deepEqual(Object.keys(result.value).sort(), ['name', 'phone', 'type', 'user_id']);
});

test('user_id allows letters, digits and ._@- only, 1-64 long', () => {
  assert.ok(parse({ user_id: 'ada.lovelace_1@example-org' }).ok);
  assert.ok(parse({ user_id: 'a'.repeat(64) }).ok);
  for (const bad of ['', 'a'.repeat(65), 'ada lovelace', 'ada/1', '홍길동']) {
    assert.match(issuesOf({ user_id: bad })[0]?.message ?? '', /user_id must be 1-64 characters/);
  }
});

test('type must be one of the configured card types', () => {
  const issues = issuesOf({ type: 'vip' });
  assert.deepEqual(describeIssues(issues), ['type must be one of: attendee, speaker']);
});

test('phones from KR, BR and US normalise to E.164 with and without country code', () => {
  const cases: Array<[string, string, string]> = [
    ['+82 10-1234-5678', 'US', '+821012345678'],
    ['010-1234-5678', 'KR', '+821012345678'],
    ['+55 11 91234-5678', 'US', '+5511912345678'],
    ['(11) 91234-5678', 'BR', '+5511912345678'],
    ['+1 (415) 555-2671', 'KR', '+14155552671'],
    ['415-555-2671', 'US', '+14155552671'],
  ];
  for (const [phone, country, expected] of cases) {
    const result = parse({ phone }, { ...rules, defaultCountry: country });
    assert.ok(result.ok, `${phone} (${country})`);
    assert.equal(result.value.phone, expected);
  }
});

test('a national number read in the wrong country is rejected with a hint', () => {
  const issues = issuesOf({ phone: '010-1234-5678' });
  assert.match(issues[0]?.message ?? '', /not a valid phone number; national numbers are read as US/);
});

test('rejects phones with letters or too few digits', () => {
  assert.match(issuesOf({ phone: 'call me' })[0]?.message ?? '', /characters that are not part of a phone number/);
  assert.match(issuesOf({ phone: '12' })[0]?.message ?? '', /not a valid phone number/);
});

test('validates email and rejects wrong types with field names', () => {
  assert.deepEqual(describeIssues(issuesOf({ email: 'not-an-email' })), ['email must be an address like name@example.com']);
  assert.deepEqual(describeIssues(issuesOf({ name: 42 })), ['name must be text']);
});

test('rejects unknown fields, prototype keys included, without polluting objects', () => {
  const hostile = parseJsonObject(
    '{"user_id":"u","type":"attendee","name":"A","phone":"+14155552671","__proto__":{"admin":true},"nmae":"x"}',
  );
  const issues = issuesOf(hostile);
  assert.match(issues[0]?.message ?? '', /unknown field\(s\): (__proto__, nmae|nmae, __proto__)/);
  const fresh: Record<string, unknown> = {};
  assert.equal(fresh.admin, undefined);
});

test('rejects non-object input with one whole-record message', () => {
  for (const input of [null, [], 'text', 7]) {
    const result = parseRegistration(input, rules);
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.issues[0]?.field, '(record)');
  }
});
