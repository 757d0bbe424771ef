import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planChanges } from '../../src/local/cloudformation/change-plan.js';
import { creationOrder } from '../../src/local/cloudformation/dependency-graph.js';
import { resolveValue, Unknown, type ResolveContext } from '../../src/local/cloudformation/intrinsics.js';
import { chooseParameterValues } from '../../src/local/cloudformation/parameters.js';
import type { DeployedResource } from '../../src/local/cloudformation/stack-model.js';
import { evaluateTemplate } from '../../src/local/cloudformation/template-evaluation.js';
import { parseTemplate } from '../../src/local/cloudformation/template.js';

const context: ResolveContext = {
  parameters: { Stage: 'dev', Names: ['a', 'b'], 'AWS::Region': 'eu-west-1' },
  conditions: { IsDev: true },
  ref: (id) => `${id}-physical`,
  getAtt: (id, attribute) => `${id}.${attribute}-value`,
  availabilityZones: (region) => [`${region}a`, `${region}b`],
};

describe('intrinsic functions', () => {
  it('resolves Sub in both forms, with attributes and literal ${!...}', () => {
    assert.equal(
      resolveValue({ 'Fn::Sub': '${Stage}-${Table}-${Table.Arn}-${!Literal}' }, context),
      'dev-Table-physical-Table.Arn-value-${Literal}',
    );
    assert.equal(resolveValue({ 'Fn::Sub': ['${Name}/${AWS::Region}', { Name: { Ref: 'Stage' } }] }, context), 'dev/eu-west-1');
  });

  it('resolves Join, Select, Split, GetAZs, Base64 and list parameters', () => {
    assert.equal(resolveValue({ 'Fn::Join': [',', { Ref: 'Names' }] }, context), 'a,b');
    assert.equal(resolveValue({ 'Fn::Select': ['1', { 'Fn::Split': ['.', 'x.y.z'] }] }, context), 'y');
    assert.deepEqual(resolveValue({ 'Fn::GetAZs': '' }, context), ['eu-west-1a', 'eu-west-1b']);
    assert.equal(resolveValue({ 'Fn::Base64': 'hi' }, context), 'aGk=');
  });

  it('drops AWS::NoValue from objects and lists and chooses If branches', () => {
    const value = {
      A: { 'Fn::If': ['IsDev', { Ref: 'AWS::NoValue' }, 1] },
      B: [1, { Ref: 'AWS::NoValue' }],
      C: { 'Fn::If': ['IsDev', 'yes', 'no'] },
    };
    assert.deepEqual(resolveValue(value, context), { B: [1], C: 'yes' });
  });

  it('evaluates Conditions that refer to each other', () => {
    const template = parseTemplate(
      JSON.stringify({
        Parameters: { Stage: { Type: 'String', Default: 'prod' } },
        Conditions: {
          IsProd: { 'Fn::Equals': ['prod', { Ref: 'Stage' }] },
          NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
          Either: { 'Fn::Or': [{ Condition: 'NotProd' }, { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Equals': [1, '1'] }] }] },
        },
        Resources: { Topic: { Type: 'AWS::SNS::Topic', Condition: 'NotProd' }, Other: { Type: 'AWS::SNS::Topic', Condition: 'Either' } },
      }),
    );
    const evaluation = evaluateTemplate(template, { Stage: 'prod' }, { region: 'us-east-1', stackName: 's', stackId: 'id' });
    assert.deepEqual(evaluation.conditions, { IsProd: true, NotProd: false, Either: true });
    assert.deepEqual(evaluation.order, ['Other']);
  });

  it('parses YAML short forms into the long forms', () => {
    const template = parseTemplate(
      'Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub "${AWS::StackName}-t"\n      DisplayName: !GetAtt Other.TopicName\n      Tags: !If [C, !Ref "AWS::NoValue", []]\n',
    );
    assert.deepEqual(template.Resources['T']?.Properties, {
      TopicName: { 'Fn::Sub': '${AWS::StackName}-t' },
      DisplayName: { 'Fn::GetAtt': ['Other', 'TopicName'] },
      Tags: { 'Fn::If': ['C', { Ref: 'AWS::NoValue' }, []] },
    });
  });
});

describe('dependency order', () => {
  it('creates referenced resources first and honours DependsOn', () => {
    const order = creationOrder(
      {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Env: { 'Fn::Sub': '${Table}' } } },
        Table: { Type: 'AWS::DynamoDB::Table', DependsOn: 'Logs' },
        Role: { Type: 'AWS::IAM::Role' },
        Logs: { Type: 'AWS::Logs::LogGroup' },
      },
      new Set(),
    );
    assert.ok(order.indexOf('Role') < order.indexOf('Fn'));
    assert.ok(order.indexOf('Table') < order.indexOf('Fn'));
    assert.ok(order.indexOf('Logs') < order.indexOf('Table'));
  });

  it('rejects cycles and unknown references', () => {
    assert.throws(
      () => creationOrder({ A: { Type: 'X', DependsOn: 'B' }, B: { Type: 'X', Properties: { P: { Ref: 'A' } } } }, new Set()),
      /Circular dependency between resources/,
    );
    assert.throws(
      () => creationOrder({ A: { Type: 'X', Properties: { P: { Ref: 'Missing' } } } }, new Set()),
      /Unresolved resource dependencies \[Missing\]/,
    );
  });
});

describe('parameters', () => {
  it('uses defaults and previous values and checks allowed values', () => {
    const declarations = { Stage: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] }, Key: { Type: 'String' } };
    assert.deepEqual(chooseParameterValues(declarations, [{ key: 'Key', usePreviousValue: true }], { Key: 'old' }), {
      Stage: 'dev',
      Key: 'old',
    });
    assert.throws(() => chooseParameterValues(declarations, []), /Parameters: \[Key\] must have values/);
    assert.throws(
      () =>
        chooseParameterValues(declarations, [
          { key: 'Stage', value: 'qa' },
          { key: 'Key', value: 'k' },
        ]),
      /must be one of AllowedValues/,
    );
  });
});

describe('change planning', () => {
  const deployedResource = (
    logicalId: string,
    type: string,
    physicalId: string,
    properties: Record<string, unknown>,
    attributes: Record<string, unknown> = {},
  ): DeployedResource => ({
    logicalId,
    type,
    physicalId,
    properties,
    attributes,
    status: 'CREATE_COMPLETE',
    lastUpdated: '2024-01-01T00:00:00.000Z',
  });

  it('marks replacement, in-place changes, additions and removals', () => {
    const template = parseTemplate(
      JSON.stringify({
        Resources: {
          Table: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'renamed', BillingMode: 'PAY_PER_REQUEST' } },
          Fn: { Type: 'AWS::Lambda::Function', Properties: { Env: { Ref: 'Table' }, Timeout: 5 } },
          Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 't' } },
          Added: { Type: 'AWS::SNS::Topic' },
        },
      }),
    );
    const evaluation = evaluateTemplate(template, {}, { region: 'us-east-1', stackName: 's', stackId: 'id' });
    const changes = planChanges(evaluation, {
      Table: deployedResource('Table', 'AWS::DynamoDB::Table', 'users', { TableName: 'users', BillingMode: 'PAY_PER_REQUEST' }),
      Fn: deployedResource('Fn', 'AWS::Lambda::Function', 'fn', { Env: 'users', Timeout: '5' }),
      Topic: deployedResource('Topic', 'AWS::SNS::Topic', 'arn:t', { TopicName: 't' }),
      Gone: deployedResource('Gone', 'AWS::SNS::Topic', 'arn:gone', {}),
    });
    const byId = Object.fromEntries(changes.map((change) => [change.logicalId, change]));

    assert.equal(byId['Table']?.replacement, 'True');
    assert.equal(byId['Fn']?.action, 'Modify');
    assert.equal(byId['Fn']?.replacement, 'False');
    assert.deepEqual(
      byId['Fn']?.details.map((detail) => detail.name),
      ['Env'],
    );
    assert.equal(byId['Topic'], undefined);
    assert.equal(byId['Added']?.action, 'Add');
    assert.equal(byId['Gone']?.action, 'Remove');
  });

  it('treats values of resources still to be created as unknown', () => {
    assert.ok(resolveValue({ 'Fn::Join': ['-', ['a', { Ref: 'New' }]] }, { ...context, ref: (id) => new Unknown(id) }) instanceof Unknown);
  });
});
