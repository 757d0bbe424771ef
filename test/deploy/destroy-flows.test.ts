// destroy where only S3 can answer: thousands of versions and delete markers emptied in pages and batches of
// 1,000, and objects S3 refuses to delete (object lock). Refusal, declining, Retain and a missing stack run
// against the local engine in test/e2e/stack-flows.test.ts and test/e2e/failure-paths.test.ts.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mockClient } from 'aws-sdk-client-mock';
import {
  CloudFormationClient,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  type StackStatus,
} from '@aws-sdk/client-cloudformation';
import { DeleteObjectsCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import type { QrcardError } from '../../src/core/errors.js';
import { deleteBatches } from '../../src/deploy/empty-bucket.js';
import { destroy, destroyDecision, retainedLogicalIds } from '../../src/deploy/destroy.js';
import { formatDestroy } from '../../src/cli/stack/report.js';
import { testIo } from './fake-io.js';

const cfn = mockClient(CloudFormationClient);
const s3 = mockClient(S3Client);
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/qrcard-dev/5c1e7a10-0000-11f0-8000-0a1b2c3d4e5f';
const stack = (status: string) => ({
  StackName: 'qrcard-dev',
  StackId: STACK_ID,
  StackStatus: status as StackStatus,
  CreationTime: new Date('2026-01-01T00:00:00Z'),
});
const versions = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) => ({
    Key: `cards/u${from + index}/attendee.png`,
    VersionId: `v${from + index}`,
    IsLatest: true,
  }));

beforeEach(() => {
  cfn.reset();
  s3.reset();
  cfn.on(DescribeStacksCommand, { StackName: 'qrcard-dev' }).resolves({ Stacks: [stack('UPDATE_COMPLETE')] });
  cfn
    .on(DescribeStacksCommand, { StackName: STACK_ID })
    .resolvesOnce({ Stacks: [stack('DELETE_IN_PROGRESS')] })
    .resolves({ Stacks: [stack('DELETE_COMPLETE')] });
  cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
  cfn.on(DeleteStackCommand).resolves({});
  cfn.on(ListStackResourcesCommand).resolves({
    StackResourceSummaries: [
      {
        LogicalResourceId: 'CardsBucket',
        PhysicalResourceId: 'qrcard-dev-cards',
        ResourceType: 'AWS::S3::Bucket',
        ResourceStatus: 'CREATE_COMPLETE',
        LastUpdatedTimestamp: new Date(),
      },
      {
        LogicalResourceId: 'SiteBucket',
        PhysicalResourceId: 'qrcard-dev-site',
        ResourceType: 'AWS::S3::Bucket',
        ResourceStatus: 'CREATE_COMPLETE',
        LastUpdatedTimestamp: new Date(),
      },
      {
        LogicalResourceId: 'UsersTable',
        PhysicalResourceId: 'qrcard-dev-users',
        ResourceType: 'AWS::DynamoDB::Table',
        ResourceStatus: 'CREATE_COMPLETE',
        LastUpdatedTimestamp: new Date(),
      },
    ],
  });
  cfn.on(GetTemplateCommand).resolves({
    TemplateBody: JSON.stringify({
      Resources: {
        CardsBucket: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Delete' },
        SiteBucket: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Delete' },
        UsersTable: { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain' },
      },
    }),
  });
  // The cards bucket holds 2,300 versions and markers over three pages; the site bucket is empty.
  s3.on(ListObjectVersionsCommand, { Bucket: 'qrcard-dev-cards' })
    .resolvesOnce({ IsTruncated: true, Versions: versions(0, 1000), NextKeyMarker: 'k1', NextVersionIdMarker: 'v999' })
    .resolvesOnce({
      IsTruncated: true,
      Versions: versions(1000, 900),
      DeleteMarkers: [...Array(100).keys()].map((index) => ({ Key: `cards/gone${index}.png`, VersionId: `m${index}`, IsLatest: true })),
      NextKeyMarker: 'k2',
      NextVersionIdMarker: 'v1999',
    })
    .resolves({ IsTruncated: false, Versions: versions(2000, 300) });
  s3.on(ListObjectVersionsCommand, { Bucket: 'qrcard-dev-site' }).resolves({ IsTruncated: false });
  s3.on(DeleteObjectsCommand).callsFake((input: { Delete: { Objects: unknown[] } }) => ({ Deleted: input.Delete.Objects }));
});

test('--yes empties every version and delete marker in batches of 1,000, deletes the stack, and names what is kept', async () => {
  const io = testIo();

  const result = await destroy({ stackName: 'qrcard-dev', yes: true }, io);

  assert.equal(result.kind, 'destroyed');
  if (result.kind !== 'destroyed') return;
  const batches = s3.commandCalls(DeleteObjectsCommand).map((call) => call.args[0].input.Delete?.Objects?.length);
  assert.deepEqual(batches, [1000, 1000, 300]);
  const secondBatch = s3.commandCalls(DeleteObjectsCommand)[1]!.args[0].input.Delete!.Objects!;
  assert.deepEqual(secondBatch.at(-1), { Key: 'cards/gone99.png', VersionId: 'm99' });
  assert.deepEqual(s3.commandCalls(ListObjectVersionsCommand)[1]!.args[0].input, {
    Bucket: 'qrcard-dev-cards',
    MaxKeys: 1000,
    KeyMarker: 'k1',
    VersionIdMarker: 'v999',
  });
  assert.deepEqual(result.stack.emptied, [
    { bucket: 'qrcard-dev-cards', deleted: 2300 },
    { bucket: 'qrcard-dev-site', deleted: 0 },
  ]);
  assert.deepEqual(result.stack.kept, [{ logicalId: 'UsersTable', type: 'AWS::DynamoDB::Table', physicalId: 'qrcard-dev-users' }]);
  assert.equal(cfn.commandCalls(DeleteStackCommand)[0]!.args[0].input.StackName, STACK_ID);
  assert.ok(io.output.lines.includes('update emptying qrcard-dev-cards: 2000 deleted'));
  assert.match(formatDestroy(result), /kept UsersTable \(AWS::DynamoDB::Table\) qrcard-dev-users: it has a Retain policy/);
});

test('objects S3 will not delete stop destroy with bucket-not-emptied, naming them, before the stack is deleted', async () => {
  s3.on(DeleteObjectsCommand).resolves({
    Errors: [
      {
        Key: 'cards/u0/attendee.png',
        VersionId: 'v0',
        Code: 'AccessDenied',
        Message: 'Access Denied because object protected by object lock.',
      },
    ],
  });

  await assert.rejects(destroy({ stackName: 'qrcard-dev', yes: true }, testIo()), (error: QrcardError) => {
    assert.equal(error.code, 'bucket-not-emptied');
    assert.equal(error.message, 'could not delete 1 object(s) from qrcard-dev-cards');
    assert.deepEqual(error.details, ['cards/u0/attendee.png: AccessDenied Access Denied because object protected by object lock.']);
    assert.equal(error.hint, 'check the bucket for object locks or a policy that denies deletion, then run `qrcard destroy` again');
    return true;
  });
  assert.equal(cfn.commandCalls(DeleteStackCommand).length, 0);
});

test('pure helpers: when to ask, batches of at most 1,000, and Retain policies from JSON or YAML', () => {
  assert.equal(destroyDecision({ yes: false, canPrompt: false }), 'refuse');
  assert.equal(destroyDecision({ yes: false, canPrompt: true }), 'confirm');
  assert.equal(destroyDecision({ yes: true, canPrompt: false }), 'proceed');
  assert.deepEqual(
    deleteBatches([...Array(2001).keys()]).map((batch) => batch.length),
    [1000, 1000, 1],
  );
  assert.deepEqual([...retainedLogicalIds('{"Resources":{"A":{"DeletionPolicy":"RetainExceptOnCreate"},"B":{}}}')], ['A']);
});
