// The cached expression parsers must answer as dynalite's own: each call goes to a cached parser and to dynalite's
// parser with equal contexts, and the results, errors and the names left unused are compared.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import conditionParser from 'dynalite/db/conditionParser.js';
import projectionParser from 'dynalite/db/projectionParser.js';
import updateParser from 'dynalite/db/updateParser.js';
import db from 'dynalite/db/index.js';
import type { ExpressionParser, ParseContext } from 'dynalite/db/conditionParser.js';
import { cachingParser } from '../../../src/local/dynamodb/expression-cache.js';

type Values = Record<string, Record<string, unknown>>;

interface Outcome {
  result?: unknown;
  error?: string;
  unusedNames: string[];
  unusedValues: string[];
}

const RESERVED = new Set(['STATUS', 'NAME']);

function contextOf(names: Record<string, string> | undefined, values: Values | undefined): ParseContext {
  return {
    ...(names ? { attrNames: names } : {}),
    ...(values ? { attrVals: values } : {}),
    unusedAttrNames: Object.fromEntries(Object.keys(names ?? {}).map((name) => [name, true])),
    unusedAttrVals: Object.fromEntries(Object.keys(values ?? {}).map((name) => [name, true])),
    isReserved: (name) => RESERVED.has(name.toUpperCase()),
    compare: (comparison, x, y) => (db as unknown as { compare: NonNullable<ParseContext['compare']> }).compare(comparison, x, y),
  };
}

function outcomeOf(parse: ExpressionParser['parse'], expression: string, context: ParseContext): Outcome {
  const left = () => ({ unusedNames: Object.keys(context.unusedAttrNames ?? {}), unusedValues: Object.keys(context.unusedAttrVals ?? {}) });
  try {
    return { result: parse(expression, { context }), ...left() };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}`, ...left() };
  }
}

/** Parses with both, on equal contexts (values copied, so neither sees the other's objects); returns the cached outcome. */
function parseBoth(
  parser: ExpressionParser,
  cached: ExpressionParser['parse'],
  expression: string,
  names?: Record<string, string>,
  values?: Values,
): Outcome {
  const copied = values && structuredClone<Values>(values);
  const fromCache = outcomeOf(cached, expression, contextOf(names, values));
  const fromDynalite = outcomeOf(parser.parse.bind(parser), expression, contextOf(names, copied));
  assert.deepEqual(fromCache, fromDynalite, `${expression} with ${JSON.stringify({ names, values })}`);
  return fromCache;
}

const S = (value: string) => ({ S: value });
const N = (value: number) => ({ N: String(value) });

describe('cached expression parsers', () => {
  const cardUpdate = 'SET #status = :ready, #key = :key, #version = if_not_exists(#version, :zero) + :one REMOVE #error';
  const cardNames = { '#status': 'card_status', '#key': 'card_key', '#version': 'card_version', '#error': 'card_error' };
  const cardValues = (id: string): Values => ({ ':ready': S('ready'), ':key': S(`cards/${id}.png`), ':zero': N(0), ':one': N(1) });

  it('gives each request its own attribute values, as a new parse would', () => {
    const cached = cachingParser(updateParser.parse.bind(updateParser));
    for (const id of ['a', 'b', 'c']) {
      const values = cardValues(id);
      const outcome = parseBoth(updateParser, cached, cardUpdate, cardNames, values);
      const sections = (outcome.result as { sections: { val?: unknown }[] }).sections;
      assert.equal(sections[1]?.val, values[':key']);
    }
  });

  it('answers a changed type, name or missing value as dynalite does, not as the first parse did', () => {
    const cached = cachingParser(updateParser.parse.bind(updateParser));
    parseBoth(updateParser, cached, cardUpdate, cardNames, cardValues('a'));
    const wrongType = parseBoth(updateParser, cached, cardUpdate, cardNames, { ...cardValues('a'), ':one': S('1') });
    assert.match(wrongType.result as string, /Incorrect operand type/);
    const renamed = parseBoth(updateParser, cached, cardUpdate, { ...cardNames, '#key': 'card_path' }, cardValues('b'));
    assert.equal((renamed.result as { paths: string[][] }).paths[1]?.[0], 'card_path');
    const { ':key': _key, ...withoutKey } = cardValues('c');
    assert.match(parseBoth(updateParser, cached, cardUpdate, cardNames, withoutKey).result as string, /attribute value: :key/);
    const extra = parseBoth(updateParser, cached, cardUpdate, { ...cardNames, '#spare': 'x' }, { ...cardValues('d'), ':spare': S('x') });
    assert.deepEqual([extra.unusedNames, extra.unusedValues], [['#spare'], [':spare']]);
  });

  it('answers bad expressions as dynalite does each time they are sent', () => {
    const cached = cachingParser(conditionParser.parse.bind(conditionParser));
    for (let round = 0; round < 2; round += 1) {
      assert.match(parseBoth(conditionParser, cached, 'attribute_exists(#user', { '#user': 'user_id' }).error ?? '', /^SyntaxError/);
      assert.match(parseBoth(conditionParser, cached, 'status = :s', undefined, { ':s': S('x') }).result as string, /reserved keyword/);
      assert.match(parseBoth(conditionParser, cached, 'sizes(#a) > :n', { '#a': 'a' }, { ':n': N(1) }).result as string, /function name/);
    }
  });

  it('checks bounds of BETWEEN on every request', () => {
    const cached = cachingParser(conditionParser.parse.bind(conditionParser));
    const between = '#n BETWEEN :low AND :high';
    parseBoth(conditionParser, cached, between, { '#n': 'n' }, { ':low': N(1), ':high': N(5) });
    const reversed = parseBoth(conditionParser, cached, between, { '#n': 'n' }, { ':low': N(9), ':high': N(5) });
    assert.match(reversed.result as string, /upper bound to be greater/);
  });

  it('hands out a copy, so a request that changes its parsed expression leaves the next one alone', () => {
    const cached = cachingParser(conditionParser.parse.bind(conditionParser));
    const condition = 'attribute_exists(#user) AND #count < :max';
    const first = parseBoth(conditionParser, cached, condition, { '#user': 'user_id', '#count': 'count' }, { ':max': N(3) });
    (first.result as { expression: { args: unknown[] } }).expression.args.length = 0;
    const second = parseBoth(conditionParser, cached, condition, { '#user': 'user_id', '#count': 'count' }, { ':max': N(4) });
    assert.equal((second.result as { expression: { args: unknown[] } }).expression.args.length, 2);
  });

  it('caches projections by their names', () => {
    const cached = cachingParser(projectionParser.parse.bind(projectionParser));
    parseBoth(projectionParser, cached, '#a, b.c[1]', { '#a': 'user_id' });
    const renamed = parseBoth(projectionParser, cached, '#a, b.c[1]', { '#a': 'type' });
    assert.deepEqual((renamed.result as { paths: unknown[] }).paths[0], ['type']);
  });
});
