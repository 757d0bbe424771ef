// CreateStack, GetTemplateSummary, ListExports and the paging of list answers, called directly over a real stack
// store and recording provisioners.

import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resultPage } from '../../../src/local/cloudformation/result-pages.js';
import { harness, type Harness } from './cloudformation-harness.js';
import { membersAt, textAt } from '../protocol/xml-nodes.js';

const STACK = 'cards';

function template(resources: Record<string, unknown>, outputs: Record<string, unknown> = {}): string {
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'test stack',
    Parameters: { Size: { Type: 'String', Default: 'small', AllowedValues: ['small', 'large'] } },
    Resources: resources,
    Outputs: outputs,
  });
}

const twoThings = template(
  {
    First: { Type: 'Test::Thing', Properties: { Size: { Ref: 'Size' } } },
    Second: { Type: 'AWS::SNS::Topic', Properties: { After: { Ref: 'First' } } },
  },
  { FirstName: { Value: { 'Fn::GetAtt': ['First', 'Name'] }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-first' } } } },
);

const failing = template({
  First: { Type: 'Test::Thing' },
  Second: { Type: 'Test::Thing', DependsOn: 'First', Properties: { Fail: true } },
});

describe('CreateStack, GetTemplateSummary and ListExports', () => {
  let cfn: Harness;

  beforeEach(async () => {
    cfn = await harness();
  });

  afterEach(async () => {
    await cfn.close();
  });

  async function stackStatus(name = STACK): Promise<string | undefined> {
    return textAt(membersAt(await cfn.act('DescribeStacks', { StackName: name }), 'Stacks')[0], 'StackStatus');
  }

  it('creates a stack in one call through a change set: in progress at once, complete with its tags, no change set left listed', async () => {
    const created = await cfn.act('CreateStack', {
      StackName: STACK,
      TemplateBody: twoThings,
      'Parameters.member.1.ParameterKey': 'Size',
      'Parameters.member.1.ParameterValue': 'large',
      'Tags.member.1.Key': 'team',
      'Tags.member.1.Value': 'events',
    });
    const statusWhileRunning = await stackStatus();
    await cfn.state.background.idle();

    const [stack] = membersAt(await cfn.act('DescribeStacks', { StackName: STACK }), 'Stacks');
    assert.match(textAt(created, 'StackId') ?? '', /^arn:aws:cloudformation:eu-west-1:000000000000:stack\/cards\//);
    assert.equal(statusWhileRunning, 'CREATE_IN_PROGRESS');
    assert.equal(textAt(stack, 'StackStatus'), 'CREATE_COMPLETE');
    assert.deepEqual(cfn.calls, ['create First', 'create Second']);
    assert.deepEqual(
      membersAt(stack, 'Parameters').map((parameter) => textAt(parameter, 'ParameterValue')),
      ['large'],
    );
    assert.deepEqual(
      membersAt(stack, 'Tags').map((tag) => [textAt(tag, 'Key'), textAt(tag, 'Value')]),
      [['team', 'events']],
    );
    assert.deepEqual(membersAt(await cfn.act('ListChangeSets', { StackName: STACK }), 'Summaries'), []);
    const events = membersAt(await cfn.act('DescribeStackEvents', { StackName: STACK }), 'StackEvents');
    assert.ok(!events.some((event) => textAt(event, 'ResourceStatus') === 'REVIEW_IN_PROGRESS'), 'no review step');
  });

  it('refuses a stack that exists, a template it cannot plan, and what it does not model, creating nothing', async () => {
    await cfn.act('CreateStack', { StackName: STACK, TemplateBody: twoThings });
    await cfn.state.background.idle();

    await assert.rejects(cfn.act('CreateStack', { StackName: STACK, TemplateBody: twoThings }), {
      code: 'AlreadyExistsException',
      message: 'Stack [cards] already exists',
    });
    await assert.rejects(cfn.act('CreateStack', { StackName: 'other', TemplateBody: '{"Resources":{}}' }), {
      code: 'ValidationError',
      message: 'Template format error: At least one Resources member must be defined.',
    });
    await assert.rejects(cfn.act('CreateStack', { StackName: 'other', TemplateBody: twoThings, OnFailure: 'DO_NOTHING' }), {
      code: 'ValidationError',
      message: /OnFailure DO_NOTHING\) is not supported by the local CloudFormation/,
    });
    await assert.rejects(cfn.act('CreateStack', { StackName: 'other', TemplateBody: twoThings, DisableRollback: 'true' }), {
      code: 'ValidationError',
      message: /not supported by the local CloudFormation: a failed create rolls back/,
    });
    await assert.rejects(
      cfn.act('CreateStack', { StackName: 'other', TemplateBody: twoThings, DisableRollback: 'false', OnFailure: 'ROLLBACK' }),
      { code: 'ValidationError', message: 'You cannot specify both DisableRollback and OnFailure.' },
    );
    await assert.rejects(cfn.act('CreateStack', { StackName: 'other', TemplateBody: twoThings, StackPolicyBody: '{}' }), {
      code: 'ValidationError',
      message: 'A stack policy is not supported by the local CloudFormation.',
    });
    await assert.rejects(stackStatus('other'), { code: 'ValidationError', message: 'Stack with id other does not exist' });
    assert.deepEqual(cfn.calls, ['create First', 'create Second']);
  });

  it('rolls a failed create back, and with OnFailure DELETE then deletes the stack', async () => {
    await cfn.act('CreateStack', { StackName: 'kept', TemplateBody: failing });
    const deleted = textAt(await cfn.act('CreateStack', { StackName: 'dropped', TemplateBody: failing, OnFailure: 'DELETE' }), 'StackId');
    await cfn.state.background.idle();

    assert.equal(await stackStatus('kept'), 'ROLLBACK_COMPLETE');
    assert.equal(await stackStatus(deleted), 'DELETE_COMPLETE');
  });

  it('summarises a template given or the current one of a stack, which aws cloudformation deploy asks for', async () => {
    await cfn.act('CreateStack', { StackName: STACK, TemplateBody: twoThings });
    await cfn.state.background.idle();

    const ofStack = await cfn.act('GetTemplateSummary', { StackName: STACK });
    const ofBody = await cfn.act('GetTemplateSummary', { TemplateBody: failing });

    assert.deepEqual(
      membersAt(ofStack, 'Parameters').map((parameter) => [
        textAt(parameter, 'ParameterKey'),
        textAt(parameter, 'ParameterType'),
        textAt(parameter, 'DefaultValue'),
        membersAt(parameter, 'ParameterConstraints', 'AllowedValues').length,
      ]),
      [['Size', 'String', 'small', 0]],
    );
    assert.deepEqual(
      (membersAt(ofStack, 'Parameters')[0] ?? []).find(([name]) => name === 'ParameterConstraints'),
      [
        'ParameterConstraints',
        [
          [
            'AllowedValues',
            [
              ['member', 'small'],
              ['member', 'large'],
            ],
          ],
        ],
      ],
    );
    assert.deepEqual(textsOf(ofStack, 'ResourceTypes'), ['Test::Thing', 'AWS::SNS::Topic']);
    assert.equal(textAt(ofStack, 'Version'), '2010-09-09');
    assert.equal(textAt(ofStack, 'Description'), 'test stack');
    assert.deepEqual(textsOf(ofBody, 'ResourceTypes'), ['Test::Thing']);
    await assert.rejects(cfn.act('GetTemplateSummary', { StackName: 'nope' }), {
      code: 'ValidationError',
      message: 'Stack with id nope does not exist',
    });
  });

  it('lists the exports of every stack, none of a deleted one', async () => {
    await cfn.act('CreateStack', { StackName: 'one', TemplateBody: twoThings });
    await cfn.state.background.idle();
    await cfn.act('CreateStack', { StackName: 'two', TemplateBody: twoThings });
    await cfn.state.background.idle();
    await cfn.act('DeleteStack', { StackName: 'two' });
    await cfn.state.background.idle();

    const listed = await cfn.act('ListExports');

    assert.deepEqual(
      membersAt(listed, 'Exports').map((entry) => [textAt(entry, 'Name'), textAt(entry, 'Value')]),
      [['one-first', 'First-1']],
    );
    assert.match(textAt(membersAt(listed, 'Exports')[0], 'ExportingStackId') ?? '', /:stack\/one\//);
    assert.equal(textAt(listed, 'NextToken'), undefined);
    await assert.rejects(cfn.act('ListExports', { NextToken: 'made-up' }), { code: 'ValidationError', message: /Invalid NextToken/ });
  });
});

/** The texts of the `member` elements of the list along `path`. */
function textsOf(nodes: Awaited<ReturnType<Harness['act']>>, name: string): string[] {
  const list = nodes?.find(([candidate]) => candidate === name)?.[1];
  return Array.isArray(list) ? list.map(([, value]) => String(value)) : [];
}

describe('resultPage', () => {
  it('pages a list with opaque tokens until the last page, which has none', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];

    const first = resultPage(items, undefined, 2);
    const second = resultPage(items, first.nextToken, 2);
    const last = resultPage(items, second.nextToken, 2);

    assert.deepEqual([first.items, second.items, last.items], [['a', 'b'], ['c', 'd'], ['e']]);
    assert.ok(first.nextToken !== undefined && !/\d/.test(first.nextToken.slice(0, 2)));
    assert.equal(last.nextToken, undefined);
    assert.deepEqual(resultPage(items, undefined, 5), { items, nextToken: undefined });
  });
});
