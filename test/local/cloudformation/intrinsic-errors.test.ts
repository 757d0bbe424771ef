// Intrinsic functions at their edges: values not known yet flowing through each function, the template errors
// CloudFormation gives for malformed calls, and conditions written other than as condition functions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QrcardError } from '../../../src/core/errors.js';
import {
  containsUnknown,
  evaluateCondition,
  evaluateConditions,
  intrinsicCall,
  resolveValue,
  Unknown,
  type ResolveContext,
} from '../../../src/local/cloudformation/intrinsics.js';

const pending = new Unknown('Table');

const context: ResolveContext = {
  parameters: { Stage: 'dev', Count: 1, 'AWS::Region': 'eu-west-1', 'Site.Domain': 'cards.example' },
  conditions: { IsDev: true },
  mappings: { Sizes: { dev: { Memory: 512 } } },
  ref: (id) => (id === 'Table' ? pending : `${id}-physical`),
  getAtt: (id, attribute) => (id === 'Table' ? pending : `${id}.${attribute}`),
  availabilityZones: (region) => [`${region}a`],
};

const resolve = (value: unknown) => resolveValue(value, context);
const templateError = (message: string | RegExp) => (error: unknown) =>
  error instanceof QrcardError &&
  error.code === 'ValidationError' &&
  (typeof message === 'string' ? error.message === message : message.test(error.message));

describe('values not known yet', () => {
  it('passes an unknown value through Sub, Join, Select, Split and Base64', () => {
    assert.equal(resolve({ 'Fn::Sub': 'arn-${Table.Arn}' }), pending);
    assert.equal(resolve({ 'Fn::Join': ['-', ['a', { Ref: 'Table' }]] }), pending);
    assert.equal(resolve({ 'Fn::Join': ['-', { Ref: 'Table' }] }), pending);
    assert.equal(resolve({ 'Fn::Select': [{ Ref: 'Table' }, ['a']] }), pending);
    assert.equal(resolve({ 'Fn::Select': [0, { Ref: 'Table' }] }), pending);
    assert.equal(resolve({ 'Fn::Split': [',', { Ref: 'Table' }] }), pending);
    assert.equal(resolve({ 'Fn::Base64': { Ref: 'Table' } }), pending);
  });

  it('finds an unknown value however deep it sits', () => {
    assert.equal(containsUnknown({ a: [1, { b: pending }] }), true);
    assert.equal(containsUnknown({ a: [1, { b: 'known' }] }), false);
  });
});

describe('intrinsic functions in their other forms', () => {
  it('reads a dotted parameter name in Sub as a parameter, and other dotted names as attributes', () => {
    assert.equal(resolve({ 'Fn::Sub': '${Site.Domain}/${Api.Endpoint}' }), 'cards.example/Api.Endpoint');
  });

  it('takes GetAtt as dotted text, numbers and flags as text, and GetAZs of a named region', () => {
    assert.equal(resolve({ 'Fn::GetAtt': 'Api.Endpoint' }), 'Api.Endpoint');
    assert.equal(resolve({ 'Fn::Join': ['', [1, true, 'x']] }), '1truex');
    assert.deepEqual(resolve({ 'Fn::GetAZs': 'us-east-1' }), ['us-east-1a']);
  });

  it('looks values up in Mappings, and condition functions inside properties', () => {
    assert.equal(resolve({ 'Fn::FindInMap': ['Sizes', { Ref: 'Stage' }, 'Memory'] }), 512);
    assert.equal(resolve({ 'Fn::Equals': [{ Ref: 'Count' }, '1'] }), true);
    assert.equal(resolve({ 'Fn::And': [{ Condition: 'IsDev' }, { 'Fn::Or': [false, 'true'] }] }), true);
  });

  it('takes true and false, as flags or text, as conditions', () => {
    assert.equal(evaluateCondition('true', context), true);
    assert.equal(evaluateCondition(false, context), false);
    assert.equal(evaluateCondition({ 'Fn::Not': ['false'] }, context), true);
  });

  it('recognises no intrinsic in an object of several keys or a key that is not a function', () => {
    assert.equal(intrinsicCall({ Ref: 'Stage', Other: 1 }), undefined);
    assert.equal(intrinsicCall({ Name: 'Stage' }), undefined);
    assert.deepEqual(resolve({ Ref: 'Stage', Other: { Ref: 'Stage' } }), { Ref: 'Stage', Other: 'dev' });
  });
});

describe('malformed intrinsic calls', () => {
  it('names what each function requires', () => {
    assert.throws(() => resolve({ Ref: ['Stage'] }), templateError('Template error: Ref requires a name'));
    assert.throws(() => resolve({ 'Fn::Join': ',' }), templateError('Template error: Fn::Join requires a list of 2 arguments'));
    assert.throws(() => resolve({ 'Fn::Join': [',', 'abc'] }), templateError('Template error: Fn::Join requires a list of values'));
    assert.throws(
      () => resolve({ 'Fn::Join': [',', [{ a: 1 }]] }),
      templateError('Template error: Fn::Join requires a string, got {"a":1}'),
    );
    assert.throws(() => resolve({ 'Fn::Select': [0, 'abc'] }), templateError('Template error: Fn::Select requires a list'));
    assert.throws(
      () => resolve({ 'Fn::Sub': [{ text: 1 }, {}] }),
      templateError('Template error: Fn::Sub requires a string and an optional map of variables'),
    );
    assert.throws(() => resolve({ 'Fn::And': 'IsDev' }), templateError('Template error: Fn::And requires a list'));
  });

  it('refuses a Select index outside the list, or not a whole number', () => {
    for (const index of [2, -1, 0.5, 'x']) {
      assert.throws(
        () => resolve({ 'Fn::Select': [index, ['a', 'b']] }),
        templateError(`Template error: Fn::Select cannot select nonexistent value at index ${String(index)}`),
      );
    }
  });

  it('names a missing mapping entry, an unknown condition and an unsupported function', () => {
    assert.throws(
      () => resolve({ 'Fn::FindInMap': ['Sizes', 'prod', 'Memory'] }),
      templateError('Template error: Unable to get mapping for Sizes::prod::Memory'),
    );
    assert.throws(
      () => resolve({ 'Fn::If': ['IsProd', 1, 2] }),
      templateError('Template format error: Unresolved condition dependency IsProd in Fn::If'),
    );
    assert.throws(() => resolve({ Condition: 'IsProd' }), templateError('Template format error: Unresolved condition dependency IsProd'));
    assert.throws(
      () => resolve({ 'Fn::Cidr': ['10.0.0.0/16', 2, 8] }),
      templateError('Template format error: Unsupported intrinsic function Fn::Cidr'),
    );
  });

  it('refuses a condition that is neither a condition function nor true or false', () => {
    assert.throws(
      () => evaluateCondition('yes', context),
      templateError('Template error: a condition must be a condition function, got "yes"'),
    );
  });

  it('refuses conditions that depend on each other in a circle', () => {
    assert.throws(
      () =>
        evaluateConditions(
          { A: { Condition: 'B' }, B: { 'Fn::Not': [{ Condition: 'A' }] } },
          { parameters: {}, ref: () => '', getAtt: () => '', availabilityZones: () => [] },
        ),
      templateError(/^Template format error: Circular dependency between conditions: (A|B)$/),
    );
  });
});
