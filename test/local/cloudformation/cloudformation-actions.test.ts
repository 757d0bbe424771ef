// The CloudFormation actions called directly over a real stack store and recording provisioners: change sets,
// stack operations in the background, the descriptions clients poll, and the errors CloudFormation gives.

import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { harness, REGION, type Harness } from './cloudformation-harness.js';
import { membersAt, textAt } from '../protocol/xml-nodes.js';

const STACK = 'cards';

function template(resources: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    Description: 'test stack',
    Parameters: { Size: { Type: 'String', Default: 'small' }, Secret: { Type: 'String', Default: 'hidden', NoEcho: true } },
    Resources: resources,
    Outputs: { FirstName: { Value: { 'Fn::GetAtt': ['First', 'Name'] } } },
    ...extra,
  });
}

const twoThings = template({
  First: { Type: 'Test::Thing', Properties: { Size: { Ref: 'Size' } } },
  Second: { Type: 'Test::Thing', Properties: { After: { Ref: 'First' } } },
});

describe('CloudFormation actions', () => {
  let cfn: Harness;

  beforeEach(async () => {
    cfn = await harness({ 'https://bucket.s3.amazonaws.com/stack.json': twoThings });
  });

  afterEach(async () => {
    await cfn.close();
  });

  async function createChangeSet(type: string, body: string, name = `cs-${type.toLowerCase()}`, extra: Record<string, string> = {}) {
    const result = await cfn.act('CreateChangeSet', {
      StackName: STACK,
      ChangeSetName: name,
      ChangeSetType: type,
      TemplateBody: body,
      ...extra,
    });
    return textAt(result, 'Id') ?? '';
  }

  /** Creates the stack from `body` and waits for the operation to end. */
  async function deploy(type: string, body: string, name = `cs-${type.toLowerCase()}`): Promise<string> {
    const id = await createChangeSet(type, body, name);
    await cfn.act('ExecuteChangeSet', { ChangeSetName: id });
    await cfn.state.background.idle();
    return id;
  }

  async function stackStatus(): Promise<string | undefined> {
    return textAt(membersAt(await cfn.act('DescribeStacks', { StackName: STACK }), 'Stacks')[0], 'StackStatus');
  }

  async function eventLines(): Promise<string[]> {
    const events = membersAt(await cfn.act('DescribeStackEvents', { StackName: STACK }), 'StackEvents');
    return events.map((event) => `${textAt(event, 'LogicalResourceId') ?? ''} ${textAt(event, 'ResourceStatus') ?? ''}`);
  }

  it('creates a change set for a new stack, which waits under review with the planned additions', async () => {
    const result = await cfn.act('CreateChangeSet', {
      StackName: STACK,
      ChangeSetName: 'first',
      ChangeSetType: 'CREATE',
      TemplateBody: twoThings,
    });

    const described = await cfn.act('DescribeChangeSet', { StackName: STACK, ChangeSetName: 'first' });
    assert.match(textAt(result, 'Id') ?? '', new RegExp(`^arn:aws:cloudformation:${REGION}:000000000000:changeSet/first/`));
    assert.match(textAt(result, 'StackId') ?? '', new RegExp(`^arn:aws:cloudformation:${REGION}:000000000000:stack/${STACK}/`));
    assert.equal(textAt(described, 'Status'), 'CREATE_COMPLETE');
    assert.equal(textAt(described, 'ExecutionStatus'), 'AVAILABLE');
    assert.deepEqual(
      membersAt(described, 'Changes').map((change) => [
        textAt(change, 'ResourceChange', 'Action'),
        textAt(change, 'ResourceChange', 'LogicalResourceId'),
      ]),
      [
        ['Add', 'First'],
        ['Add', 'Second'],
      ],
    );
    assert.equal(await stackStatus(), 'REVIEW_IN_PROGRESS');
    assert.deepEqual(cfn.calls, []);
  });

  it('executes a change set in the background: answers at once, then creates in dependency order', async () => {
    const id = await createChangeSet('CREATE', twoThings);

    const answer = await cfn.act('ExecuteChangeSet', { ChangeSetName: id });
    const statusWhileRunning = await stackStatus();
    await cfn.state.background.idle();

    assert.deepEqual(answer, []);
    assert.equal(statusWhileRunning, 'CREATE_IN_PROGRESS');
    assert.equal(await stackStatus(), 'CREATE_COMPLETE');
    assert.deepEqual(cfn.calls, ['create First', 'create Second']);
    const [stack] = membersAt(await cfn.act('DescribeStacks', { StackName: STACK }), 'Stacks');
    assert.deepEqual(
      membersAt(stack, 'Outputs').map((output) => [textAt(output, 'OutputKey'), textAt(output, 'OutputValue')]),
      [['FirstName', 'First-1']],
    );
    assert.deepEqual(
      membersAt(stack, 'Parameters').map((parameter) => [textAt(parameter, 'ParameterKey'), textAt(parameter, 'ParameterValue')]),
      [
        ['Size', 'small'],
        ['Secret', '****'],
      ],
    );
    assert.equal(textAt(await cfn.act('DescribeChangeSet', { ChangeSetName: id }), 'ExecutionStatus'), 'EXECUTE_COMPLETE');
  });

  it('lists stack events newest first, and the resources of the stack', async () => {
    await deploy('CREATE', twoThings);

    const events = await eventLines();
    const resources = membersAt(await cfn.act('ListStackResources', { StackName: STACK }), 'StackResourceSummaries');
    const second = await cfn.act('DescribeStackResource', { StackName: STACK, LogicalResourceId: 'Second' });

    assert.deepEqual(events, [
      `${STACK} CREATE_COMPLETE`,
      'Second CREATE_COMPLETE',
      'Second CREATE_IN_PROGRESS',
      'First CREATE_COMPLETE',
      'First CREATE_IN_PROGRESS',
      `${STACK} CREATE_IN_PROGRESS`,
      `${STACK} REVIEW_IN_PROGRESS`,
    ]);
    assert.deepEqual(
      resources.map((resource) => [
        textAt(resource, 'LogicalResourceId'),
        textAt(resource, 'PhysicalResourceId'),
        textAt(resource, 'ResourceStatus'),
      ]),
      [
        ['First', 'First-1', 'CREATE_COMPLETE'],
        ['Second', 'Second-2', 'CREATE_COMPLETE'],
      ],
    );
    assert.equal(textAt(second, 'StackResourceDetail', 'PhysicalResourceId'), 'Second-2');
    assert.equal(textAt(second, 'StackResourceDetail', 'Timestamp'), undefined);
    await assert.rejects(cfn.act('DescribeStackResource', { StackName: STACK, LogicalResourceId: 'Third' }), {
      code: 'ValidationError',
      message: `Resource Third does not exist for stack ${STACK}`,
    });
  });

  it('updates a changed resource in place, and answers an unchanged template with a failed, empty change set', async () => {
    await deploy('CREATE', twoThings);

    const unchanged = await createChangeSet('UPDATE', twoThings, 'same');
    const described = await cfn.act('DescribeChangeSet', { ChangeSetName: unchanged });
    const changed = await createChangeSet('UPDATE', twoThings, 'resize', {
      'Parameters.member.1.ParameterKey': 'Size',
      'Parameters.member.1.ParameterValue': 'large',
    });
    await assert.rejects(cfn.act('ExecuteChangeSet', { ChangeSetName: unchanged }), {
      code: 'InvalidChangeSetStatus',
      message: `ChangeSet [${unchanged}] cannot be executed in its current status of [FAILED]`,
    });
    await cfn.act('ExecuteChangeSet', { ChangeSetName: changed });
    await cfn.state.background.idle();

    assert.equal(textAt(described, 'Status'), 'FAILED');
    assert.equal(textAt(described, 'ExecutionStatus'), 'UNAVAILABLE');
    assert.equal(
      textAt(described, 'StatusReason'),
      "The submitted information didn't contain changes. Submit different information to create a change set.",
    );
    // Executing a change set deletes the stack's others, as in CloudFormation.
    await assert.rejects(cfn.act('DescribeChangeSet', { ChangeSetName: unchanged }), { code: 'ChangeSetNotFound' });
    assert.equal(await stackStatus(), 'UPDATE_COMPLETE');
    assert.deepEqual(cfn.calls, ['create First', 'create Second', 'update First']);
  });

  it('replaces a resource whose new property requires it, deleting the old one after the update', async () => {
    const topic = (name: string) => template({ First: { Type: 'AWS::SNS::Topic', Properties: { TopicName: name } } });
    await deploy('CREATE', topic('one'));

    await deploy('UPDATE', topic('two'));

    assert.equal(await stackStatus(), 'UPDATE_COMPLETE');
    assert.deepEqual(cfn.calls, ['create First', 'create First', 'delete First']);
    const [first] = membersAt(await cfn.act('ListStackResources', { StackName: STACK }), 'StackResourceSummaries');
    assert.equal(textAt(first, 'PhysicalResourceId'), 'First-2');
    assert.ok((await eventLines()).includes(`${STACK} UPDATE_COMPLETE_CLEANUP_IN_PROGRESS`));
  });

  it('rolls a failed creation back, deleting what it created, and names the resource', async () => {
    const failing = template({
      First: { Type: 'Test::Thing' },
      Second: { Type: 'Test::Thing', DependsOn: 'First', Properties: { Fail: true } },
    });

    const id = await deploy('CREATE', failing);

    assert.equal(await stackStatus(), 'ROLLBACK_COMPLETE');
    assert.deepEqual(cfn.calls, ['create First', 'create Second', 'delete First']);
    assert.equal(textAt(await cfn.act('DescribeChangeSet', { ChangeSetName: id }), 'ExecutionStatus'), 'EXECUTE_FAILED');
    const failed = membersAt(await cfn.act('DescribeStackEvents', { StackName: STACK }), 'StackEvents').find(
      (event) => textAt(event, 'ResourceStatus') === 'CREATE_FAILED',
    );
    assert.equal(textAt(failed, 'LogicalResourceId'), 'Second');
    assert.equal(textAt(failed, 'ResourceStatusReason'), 'Second refused by the test provisioner');
    await assert.rejects(createChangeSet('UPDATE', twoThings, 'again'), {
      code: 'ValidationError',
      message: new RegExp(`^Stack:arn:aws:cloudformation:.* is in ROLLBACK_COMPLETE state and can not be updated\\.$`),
    });
  });

  it('rolls a failed update back to the resources it had, undoing in-place updates and removing new ones', async () => {
    await deploy('CREATE', twoThings);
    const broken = template({
      First: { Type: 'Test::Thing', Properties: { Size: 'changed' } },
      Second: { Type: 'Test::Thing', Properties: { After: { Ref: 'First' } } },
      Third: { Type: 'Test::Thing', DependsOn: 'Second' },
      Fourth: { Type: 'Test::Thing', DependsOn: 'Third', Properties: { Fail: true } },
    });

    await deploy('UPDATE', broken);

    assert.equal(await stackStatus(), 'UPDATE_ROLLBACK_COMPLETE');
    assert.deepEqual(cfn.calls.slice(2), ['update First', 'create Third', 'create Fourth', 'update First', 'delete Third']);
    const resources = membersAt(await cfn.act('ListStackResources', { StackName: STACK }), 'StackResourceSummaries');
    assert.deepEqual(
      resources.map((resource) => textAt(resource, 'LogicalResourceId')),
      ['First', 'Second'],
    );
    const events = await eventLines();
    assert.ok(events.includes('Fourth CREATE_FAILED'));
    assert.ok(events.includes(`${STACK} UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS`));
  });

  it('deletes a stack in the background, last created first, after which only its id finds it', async () => {
    await deploy('CREATE', twoThings);
    const stackId = textAt(membersAt(await cfn.act('DescribeStacks', { StackName: STACK }), 'Stacks')[0], 'StackId') ?? '';

    const answer = await cfn.act('DeleteStack', { StackName: STACK });
    await cfn.state.background.idle();

    assert.deepEqual(answer, []);
    assert.deepEqual(cfn.calls.slice(2), ['delete Second', 'delete First']);
    await assert.rejects(cfn.act('DescribeStacks', { StackName: STACK }), {
      code: 'ValidationError',
      message: `Stack with id ${STACK} does not exist`,
    });
    assert.deepEqual(membersAt(await cfn.act('DescribeStacks'), 'Stacks'), []);
    const [deleted] = membersAt(await cfn.act('DescribeStacks', { StackName: stackId }), 'Stacks');
    assert.equal(textAt(deleted, 'StackStatus'), 'DELETE_COMPLETE');
    assert.deepEqual(await cfn.act('DeleteStack', { StackName: STACK }), [], 'deleting a stack that is gone succeeds quietly');
  });

  it('refuses to delete or change a stack while an operation runs on it', async () => {
    const waiting = template({ First: { Type: 'Test::Thing', Properties: { Wait: true } } });
    const id = await createChangeSet('CREATE', waiting);
    await cfn.act('ExecuteChangeSet', { ChangeSetName: id });

    await assert.rejects(cfn.act('DeleteStack', { StackName: STACK }), {
      code: 'ValidationError',
      message: `Stack [${STACK}] cannot be deleted while in status CREATE_IN_PROGRESS`,
    });
    await assert.rejects(cfn.act('DeleteChangeSet', { ChangeSetName: id }), {
      code: 'InvalidChangeSetStatus',
      message: `ChangeSet [${id}] cannot be deleted in its current status of [EXECUTE_IN_PROGRESS]`,
    });
    await assert.rejects(createChangeSet('UPDATE', twoThings, 'meanwhile'), {
      code: 'ValidationError',
      message: /is in CREATE_IN_PROGRESS state and can not be updated/,
    });
    cfn.release();
    await cfn.state.background.idle();
    assert.equal(await stackStatus(), 'CREATE_COMPLETE');
  });

  it('answers for a missing stack or change set as CloudFormation does', async () => {
    for (const action of [
      'DescribeStacks',
      'DescribeStackEvents',
      'ListStackResources',
      'DescribeStackResources',
      'ListChangeSets',
      'GetTemplate',
    ] as const) {
      await assert.rejects(
        cfn.act(action, { StackName: 'nope' }),
        { code: 'ValidationError', message: 'Stack with id nope does not exist' },
        action,
      );
    }
    await deploy('CREATE', twoThings);

    await assert.rejects(cfn.act('DescribeChangeSet', { StackName: STACK, ChangeSetName: 'nope' }), {
      code: 'ChangeSetNotFound',
      status: 404,
      message: 'ChangeSet [nope] does not exist',
    });
    await assert.rejects(cfn.act('ExecuteChangeSet', { ChangeSetName: 'arn:aws:cloudformation:eu-west-1:000000000000:changeSet/x/y' }), {
      code: 'ChangeSetNotFound',
    });
  });

  it('refuses change sets CloudFormation refuses', async () => {
    await deploy('CREATE', twoThings);
    const role = template({ Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'named' } } });

    await assert.rejects(createChangeSet('CREATE', twoThings, 'again'), {
      code: 'ValidationError',
      message: `Stack [${STACK}] already exists and cannot be created again with the changeSet [again].`,
    });
    await assert.rejects(cfn.act('CreateChangeSet', { StackName: 'other', ChangeSetName: 'x', TemplateBody: twoThings }), {
      code: 'ValidationError',
      message: 'Stack [other] does not exist',
    });
    await assert.rejects(createChangeSet('UPDATE', twoThings, 'cs-create'), {
      code: 'AlreadyExistsException',
      message: 'ChangeSet cs-create already exists',
    });
    await assert.rejects(createChangeSet('UPDATE', twoThings, '1-starts-with-a-digit'), {
      code: 'ValidationError',
      message: /at 'changeSetName' failed to satisfy constraint/,
    });
    await assert.rejects(createChangeSet('UPDATE', role, 'role', { 'Capabilities.member.1': 'CAPABILITY_IAM' }), {
      code: 'InsufficientCapabilitiesException',
      message: 'Requires capabilities : [CAPABILITY_NAMED_IAM]',
    });
    await assert.rejects(cfn.act('CreateChangeSet', { StackName: STACK, ChangeSetName: 'no-template' }), {
      code: 'ValidationError',
      message: 'Either Template URL or Template Body must be specified.',
    });
    await assert.rejects(
      createChangeSet('UPDATE', twoThings, 'undeclared', {
        'Parameters.member.1.ParameterKey': 'Colour',
        'Parameters.member.1.ParameterValue': 'red',
      }),
      {
        code: 'ValidationError',
        message: 'Parameters: [Colour] do not exist in the template',
      },
    );
  });

  it('takes the change set type CloudFormation defaults to, and refuses one the local engine cannot run', async () => {
    await deploy('CREATE', twoThings);

    const implicit = await cfn.act('CreateChangeSet', { StackName: STACK, ChangeSetName: 'implicit', UsePreviousTemplate: 'true' });

    assert.equal(textAt(await cfn.act('DescribeChangeSet', { ChangeSetName: textAt(implicit, 'Id') ?? '' }), 'Status'), 'FAILED');
    await assert.rejects(createChangeSet('IMPORT', twoThings, 'import'), {
      code: 'ValidationError',
      message: 'ChangeSetType IMPORT is not supported by the local CloudFormation.',
    });
    await assert.rejects(createChangeSet('RECREATE', twoThings, 'odd'), {
      code: 'ValidationError',
      message: /at 'changeSetType' failed to satisfy constraint/,
    });
  });

  it('lists the change sets not yet executed, and deletes one', async () => {
    const executed = await deploy('CREATE', twoThings);
    await createChangeSet('UPDATE', twoThings, 'unchanged');
    await createChangeSet('UPDATE', template({ First: { Type: 'Test::Thing' } }), 'smaller');

    const listed = membersAt(await cfn.act('ListChangeSets', { StackName: STACK }), 'Summaries');
    await cfn.act('DeleteChangeSet', { StackName: STACK, ChangeSetName: 'unchanged' });
    const after = membersAt(await cfn.act('ListChangeSets', { StackName: STACK }), 'Summaries');

    assert.deepEqual(
      listed.map((summary) => [textAt(summary, 'ChangeSetName'), textAt(summary, 'ExecutionStatus')]),
      [
        ['unchanged', 'UNAVAILABLE'],
        ['smaller', 'AVAILABLE'],
      ],
    );
    assert.deepEqual(
      after.map((summary) => textAt(summary, 'ChangeSetName')),
      ['smaller'],
    );
    assert.equal(textAt(await cfn.act('DescribeChangeSet', { ChangeSetName: executed }), 'ExecutionStatus'), 'EXECUTE_COMPLETE');
  });

  it('refuses DisableRollback on ExecuteChangeSet, since every failed change set rolls back here', async () => {
    const id = await createChangeSet('CREATE', twoThings);

    await assert.rejects(cfn.act('ExecuteChangeSet', { ChangeSetName: id, DisableRollback: 'true' }), {
      code: 'ValidationError',
      message: /DisableRollback is not supported by the local CloudFormation/,
    });
    assert.deepEqual(cfn.calls, []);
  });

  it('reads templates by URL, validates them, and gives back what a stack or change set holds', async () => {
    const validated = await cfn.act('ValidateTemplate', { TemplateURL: 'https://bucket.s3.amazonaws.com/stack.json' });
    const id = await deploy('CREATE', twoThings);
    const role = template({ Role: { Type: 'AWS::IAM::Role' } });

    assert.deepEqual(
      membersAt(validated, 'Parameters').map((parameter) => [
        textAt(parameter, 'ParameterKey'),
        textAt(parameter, 'DefaultValue'),
        textAt(parameter, 'NoEcho'),
      ]),
      [
        ['Size', 'small', 'false'],
        ['Secret', 'hidden', 'true'],
      ],
    );
    assert.equal(textAt(validated, 'Description'), 'test stack');
    assert.equal(textAt(await cfn.act('ValidateTemplate', { TemplateBody: role }), 'Capabilities', 'member'), 'CAPABILITY_IAM');
    assert.equal(textAt(await cfn.act('GetTemplate', { StackName: STACK }), 'TemplateBody'), twoThings);
    assert.equal(textAt(await cfn.act('GetTemplate', { ChangeSetName: id }), 'TemplateBody'), twoThings);
    await assert.rejects(cfn.act('ValidateTemplate', { TemplateURL: 'https://bucket.s3.amazonaws.com/none.json' }), {
      message: 'no template at https://bucket.s3.amazonaws.com/none.json',
    });
    await assert.rejects(cfn.act('ValidateTemplate', { TemplateBody: '{"Resources":{}}' }), {
      code: 'ValidationError',
      message: 'Template format error: At least one Resources member must be defined.',
    });
  });
});
