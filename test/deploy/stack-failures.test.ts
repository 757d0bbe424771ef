import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFailures, formatFailures, readableReason } from '../../src/deploy/stack-failures.js';

const STACK = 'qrcard-dev';
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, seconds));

// As DescribeStackEvents returns them: newest first.
const failedUpdate = [
  {
    EventId: 'e9',
    StackName: STACK,
    LogicalResourceId: STACK,
    ResourceType: 'AWS::CloudFormation::Stack',
    ResourceStatus: 'UPDATE_ROLLBACK_COMPLETE',
    Timestamp: at(30),
  },
  {
    EventId: 'e8',
    StackName: STACK,
    LogicalResourceId: 'RenderCardFunction',
    ResourceType: 'AWS::Lambda::Function',
    ResourceStatus: 'UPDATE_FAILED',
    ResourceStatusReason: 'Resource update cancelled',
    Timestamp: at(12),
  },
  {
    EventId: 'e7',
    StackName: STACK,
    LogicalResourceId: STACK,
    ResourceType: 'AWS::CloudFormation::Stack',
    ResourceStatus: 'UPDATE_ROLLBACK_IN_PROGRESS',
    ResourceStatusReason: 'The following resource(s) failed to update: [UsersTable, RenderCardFunction].',
    Timestamp: at(12),
  },
  {
    EventId: 'e6',
    StackName: STACK,
    LogicalResourceId: 'UsersTable',
    ResourceType: 'AWS::DynamoDB::Table',
    ResourceStatus: 'UPDATE_FAILED',
    ResourceStatusReason:
      'Resource handler returned message: "One or more parameter values were invalid: Cannot update attribute user_id. This attribute is part of an index. (Service: DynamoDb, Status Code: 400, Request ID: 6RQ4)" (RequestToken: 1f7d0d4a-2c55-b1b2-4d7e-0c1f, HandlerErrorCode: InvalidRequest)',
    Timestamp: at(11),
  },
  {
    EventId: 'e5',
    StackName: STACK,
    LogicalResourceId: 'RenderCardFunction',
    ResourceType: 'AWS::Lambda::Function',
    ResourceStatus: 'UPDATE_IN_PROGRESS',
    Timestamp: at(10),
  },
];

test('the root cause is the first real failure, not the cancelled cascade', () => {
  const analysis = analyzeFailures(failedUpdate, 'UPDATE_ROLLBACK_COMPLETE');

  assert.equal(analysis.rootCause?.logicalId, 'UsersTable');
  assert.deepEqual(
    analysis.failures.map((failure) => [failure.logicalId, failure.type, failure.status, failure.cascade]),
    [
      ['UsersTable', 'AWS::DynamoDB::Table', 'UPDATE_FAILED', false],
      ['RenderCardFunction', 'AWS::Lambda::Function', 'UPDATE_FAILED', true],
    ],
  );
});

test('a resource handler reason is unwrapped to its inner message and error code', () => {
  const analysis = analyzeFailures(failedUpdate, 'UPDATE_ROLLBACK_COMPLETE');

  assert.equal(
    analysis.rootCause?.reason,
    'One or more parameter values were invalid: Cannot update attribute user_id. This attribute is part of an index. (Service: DynamoDb, Status Code: 400, Request ID: 6RQ4) (InvalidRequest)',
  );
  assert.equal(readableReason('Bucket name already exists'), 'Bucket name already exists');
});

test('the report names the root cause first and ends with the final state', () => {
  const lines = formatFailures(analyzeFailures(failedUpdate, 'UPDATE_ROLLBACK_COMPLETE'));

  assert.match(lines[0]!, /^root cause: UsersTable \(AWS::DynamoDB::Table\) UPDATE_FAILED: One or more parameter values/);
  assert.match(lines[1]!, /^RenderCardFunction \(AWS::Lambda::Function\) UPDATE_FAILED: Resource update cancelled$/);
  assert.equal(lines.at(-1), 'final state: UPDATE_ROLLBACK_COMPLETE');
});

test('an earlier cascade does not hide a later root cause; a failure seen twice is listed once', () => {
  const events = [
    {
      EventId: 'b',
      StackName: STACK,
      LogicalResourceId: 'HttpApi',
      ResourceType: 'AWS::ApiGatewayV2::Api',
      ResourceStatus: 'CREATE_FAILED',
      ResourceStatusReason: 'Access denied for apigateway:POST',
      Timestamp: at(5),
    },
    {
      EventId: 'b2',
      StackName: STACK,
      LogicalResourceId: 'HttpApi',
      ResourceType: 'AWS::ApiGatewayV2::Api',
      ResourceStatus: 'CREATE_FAILED',
      ResourceStatusReason: 'Access denied for apigateway:POST',
      Timestamp: at(5),
    },
    {
      EventId: 'a',
      StackName: STACK,
      LogicalResourceId: 'CardsBucket',
      ResourceType: 'AWS::S3::Bucket',
      ResourceStatus: 'CREATE_FAILED',
      ResourceStatusReason: 'Resource creation cancelled',
      Timestamp: at(4),
    },
  ];

  const analysis = analyzeFailures(events, 'ROLLBACK_COMPLETE');

  assert.equal(analysis.rootCause?.logicalId, 'HttpApi');
  assert.equal(analysis.failures.length, 2);
});

test('no failure events: the report says so and still names the final state', () => {
  const analysis = analyzeFailures([], 'UPDATE_ROLLBACK_COMPLETE');

  assert.equal(analysis.rootCause, undefined);
  assert.equal(formatFailures(analysis).length, 2);
});
