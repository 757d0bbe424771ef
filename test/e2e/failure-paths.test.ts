// End to end, the failure paths: bin/qrcard against a `qrcard dev` engine told to inject provisioning faults
// (QRCARD_LOCAL_FAULTS), so deploys and deletions fail for real. One engine serves the whole story: a failed
// bootstrap, a failed update rolled back, a refused table replacement, data kept on replacement and on destroy,
// a failed deletion and the stuck stack it leaves. Each step builds on the state the one before left.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListChangeSetsCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { clientConfig } from '../../src/aws/clients.js';
import { ensureFreshDist, jsonError, localCliEnv, runCli, type CliRun } from '../support/cli.js';
import { startDev, type RunningDev } from '../support/dev-process.js';
import { parseJsonObject } from '../support/json.js';
import { seedSharpCache } from '../support/sharp-cache.js';

const STACK = 'qrcard-dev';
const BOOTSTRAP = 'qrcard-bootstrap';
const LEGACY_TABLE = 'qrcard-dev-users-legacy';
const FAULTS = 'create:ArtifactsBucketPolicy,plan:qrcard-diff,update:RegisterUserFunction,delete:ArtifactsBucketPolicy';

const CARD_TYPES = [
  { id: 'attendee', label: 'ATTENDEE', accent: '#1a73e8' },
  { id: 'speaker', label: 'SPEAKER', accent: '#d93025' },
];
const WITH_VIP = [...CARD_TYPES, { id: 'vip', label: 'VIP', accent: '#f9ab00' }];

const cleanEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => localCliEnv(extra, ['CI']);

describe('failure paths: bin/qrcard against an engine that injects faults', { timeout: 600_000 }, () => {
  let work: string;
  let dev: RunningDev | undefined;
  let cloudformation: CloudFormationClient;
  let dynamodb: DynamoDBClient;

  function qrcard(args: readonly string[]): Promise<CliRun> {
    return runCli(['--local', ...args], { cwd: work, env: cleanEnv(), timeoutMs: 120_000 });
  }

  async function writeConfig(config: Record<string, unknown>): Promise<void> {
    await writeFile(path.join(work, 'qrcard.config.json'), JSON.stringify(config, null, 2));
  }

  function register(userId: string, type: string): Promise<Response> {
    return fetch(`${dev!.siteUrl}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: userId, type, name: `User ${userId}`, phone: '+1 415 555 0100' }),
    });
  }

  async function stackOf(stackName: string): Promise<Stack> {
    const { Stacks } = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
    assert.ok(Stacks?.[0], `stack ${stackName} exists`);
    return Stacks[0];
  }

  async function userIds(tableName: string): Promise<string[]> {
    const { Items } = await dynamodb.send(new ScanCommand({ TableName: tableName }));
    return (Items ?? []).map((item) => item.user_id?.S ?? '?').sort();
  }

  async function usersTableName(): Promise<string> {
    const { StackResourceDetail } = await cloudformation.send(
      new DescribeStackResourceCommand({ StackName: STACK, LogicalResourceId: 'UsersTable' }),
    );
    return StackResourceDetail?.PhysicalResourceId ?? '';
  }

  /** Updates the stack outside qrcard, as an earlier template would have left it: UsersTable changed by `edit`. */
  async function updateUsersTable(changeSetName: string, edit: (table: Record<string, unknown>) => void): Promise<void> {
    const { TemplateBody } = await cloudformation.send(new GetTemplateCommand({ StackName: STACK }));
    const template = JSON.parse(TemplateBody ?? '{}') as { Resources: Record<string, Record<string, unknown>> };
    edit(template.Resources.UsersTable!);
    const stack = await stackOf(STACK);
    const { Id } = await cloudformation.send(
      new CreateChangeSetCommand({
        StackName: STACK,
        ChangeSetName: changeSetName,
        ChangeSetType: 'UPDATE',
        TemplateBody: JSON.stringify(template),
        Parameters: stack.Parameters?.map(({ ParameterKey }) => ({ ParameterKey, UsePreviousValue: true })),
        Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
      }),
    );
    await cloudformation.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
    for (;;) {
      const status = (await stackOf(STACK)).StackStatus ?? '';
      if (!status.endsWith('_IN_PROGRESS')) {
        assert.equal(status, 'UPDATE_COMPLETE');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  before(async () => {
    ensureFreshDist(['src/cli', 'src/local', 'src/deploy', 'src/aws', 'src/core', 'src/templates']);
    work = await mkdtemp(path.join(tmpdir(), 'qrcard-failure-e2e-'));
    await seedSharpCache(work);
    await writeConfig({ retainData: false, cardTypes: CARD_TYPES });
    // No deploy at the start: the tests deploy, each into the state the one before left.
    dev = await startDev(work, { args: ['--no-deploy'], env: cleanEnv({ QRCARD_LOCAL_FAULTS: FAULTS }), until: 'urls', timeoutMs: 30_000 });
    const target = { kind: 'local', endpoint: dev.endpoint, region: 'us-east-1' } as const;
    cloudformation = new CloudFormationClient(clientConfig(target));
    dynamodb = new DynamoDBClient(clientConfig(target));
  });

  after(async () => {
    cloudformation?.destroy();
    dynamodb?.destroy();
    try {
      await dev?.stop();
    } finally {
      if (work) await rm(work, { recursive: true, force: true });
    }
  });

  it('the engine says which faults it injects', () => {
    assert.match(
      dev!.stderr(),
      /fault injection is on \(QRCARD_LOCAL_FAULTS\): create of ArtifactsBucketPolicy, plan of qrcard-diff, update of RegisterUserFunction, delete of ArtifactsBucketPolicy will fail, each once/,
    );
  });

  it('a bootstrap that fails to create stops the deploy: bootstrap-failed, naming the resource and the reason', async () => {
    const run = await qrcard(['deploy', '--json']);

    assert.equal(run.code, 1, run.stderr);
    const error = jsonError(run.stdout);
    assert.equal(error.code, 'bootstrap-failed');
    assert.equal(error.message, `could not create the ${BOOTSTRAP} stack`);
    assert.deepEqual(error.details, [
      'root cause: ArtifactsBucketPolicy (AWS::S3::BucketPolicy) CREATE_FAILED: Fault injected by QRCARD_LOCAL_FAULTS=create:ArtifactsBucketPolicy: create refused (GeneralServiceException)',
      'final state: ROLLBACK_COMPLETE',
    ]);
    assert.match(run.stderr, /^error: could not create the qrcard-bootstrap stack$/m);
    assert.equal((await stackOf(BOOTSTRAP)).StackStatus, 'ROLLBACK_COMPLETE');
    await assert.rejects(stackOf(STACK), /Stack with id qrcard-dev does not exist/);
  });

  it('the next deploy deletes the rolled-back bootstrap, creates it again, and creates the stack', async () => {
    const run = await qrcard(['deploy']);

    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /stack qrcard-bootstrap is ROLLBACK_COMPLETE: its first create failed .*deleting it and creating it again/);
    assert.equal((await stackOf(STACK)).StackStatus, 'CREATE_COMPLETE');
    assert.equal((await register('ana', 'attendee')).status, 201);
  });

  it('a diff CloudFormation cannot plan stops with change-set-failed and its reason; the failed change set stays', async () => {
    await writeConfig({ retainData: false, cardTypes: WITH_VIP });

    const run = await qrcard(['diff', '--json']);

    assert.equal(run.code, 1, run.stderr);
    const error = jsonError(run.stdout);
    assert.equal(error.code, 'change-set-failed');
    assert.equal(
      error.message,
      'CloudFormation could not plan the change: Fault injected by QRCARD_LOCAL_FAULTS=plan:qrcard-diff: the change set qrcard-diff could not be planned',
    );
    assert.equal(error.hint, 'fix the template or configuration; the failed change set stays visible in the console until the next deploy');
    const { Summaries } = await cloudformation.send(new ListChangeSetsCommand({ StackName: STACK }));
    assert.deepEqual(
      Summaries?.filter((summary) => summary.ChangeSetName === 'qrcard-diff').map((summary) => summary.Status),
      ['FAILED'],
    );
  });

  it('a failed update exits 1 naming the resource and reason first, and the previous version keeps serving', async () => {
    await writeConfig({ retainData: false, cardTypes: WITH_VIP });

    const run = await qrcard(['deploy', '--json']);

    assert.equal(run.code, 1, run.stderr);
    assert.equal(jsonError(run.stdout).code, 'deploy-failed');
    assert.deepEqual(run.stderr.slice(run.stderr.indexOf('error: ')).trimEnd().split('\n'), [
      'error: deploy of qrcard-dev failed at RegisterUserFunction (AWS::Lambda::Function): Fault injected by QRCARD_LOCAL_FAULTS=update:RegisterUserFunction: the update of RegisterUserFunction was applied but did not stabilise (NotStabilized)',
      '  final state: UPDATE_ROLLBACK_COMPLETE',
      'hint: the stack is back to its previous state; fix the cause above and deploy again',
    ]);
    assert.equal((await stackOf(STACK)).StackStatus, 'UPDATE_ROLLBACK_COMPLETE');
    // The new card type reached the function before the fault; the rollback must have taken it back out.
    const vip = await register('vip-guest', 'vip');
    assert.equal(vip.status, 400, await vip.text());
    assert.equal((await register('bea', 'speaker')).status, 201);
    assert.deepEqual(await userIds(await usersTableName()), ['ana', 'bea']);
    const { Summaries } = await cloudformation.send(new ListChangeSetsCommand({ StackName: STACK }));
    assert.deepEqual(
      Summaries?.map((summary) => summary.ChangeSetName),
      [],
      "executing the deploy's change set deleted the failed diff's, and an executed one is not listed",
    );
    const { StackEvents = [] } = await cloudformation.send(new DescribeStackEventsCommand({ StackName: STACK }));
    const functionEvents = StackEvents.filter((event) => event.LogicalResourceId === 'RegisterUserFunction')
      .slice(0, 3)
      .map((event) => event.ResourceStatus);
    assert.deepEqual(functionEvents, ['UPDATE_COMPLETE', 'UPDATE_IN_PROGRESS', 'UPDATE_FAILED'], 'newest first: failed, then put back');
  });

  it('after the rollback, the fixed deploy goes through and the new version serves', async () => {
    const run = await qrcard(['deploy']);

    assert.equal(run.code, 0, run.stderr);
    assert.equal((await stackOf(STACK)).StackStatus, 'UPDATE_COMPLETE');
    assert.equal((await register('vip-guest', 'vip')).status, 201);
  });

  it('diff with a template over the inline limit stops with template-too-large', async () => {
    const many = Array.from({ length: 2_000 }, (_, index) => ({ id: `type-number-${index}`, label: 'MANY', accent: '#000000' }));
    await writeFile(path.join(work, 'big.config.json'), JSON.stringify({ cardTypes: many }));

    const run = await qrcard(['diff', '--config', path.join(work, 'big.config.json'), '--json']);

    assert.equal(run.code, 1, run.stderr);
    const error = jsonError(run.stdout);
    assert.equal(error.code, 'template-too-large');
    assert.match(error.message, /^the template is \d{5,} bytes, over CloudFormation's inline limit$/);
    assert.equal(error.hint, 'run `qrcard deploy`; it uploads large templates first');
  });

  it('a change that replaces the users table is refused off a terminal without --yes, and nothing changes', async () => {
    await updateUsersTable('named-table', (table) => ((table.Properties as Record<string, unknown>).TableName = LEGACY_TABLE));
    assert.equal(await usersTableName(), LEGACY_TABLE);
    assert.equal((await register('cy', 'attendee')).status, 201);
    const before = await stackOf(STACK);
    const eventsBefore = (await cloudformation.send(new DescribeStackEventsCommand({ StackName: STACK }))).StackEvents?.length;

    const run = await qrcard(['deploy']);

    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /^error: this deploy deletes or replaces stored data and there is no terminal to confirm on\n {2}UsersTable \(AWS::DynamoDB::Table\): replaced by an empty one, and its data deleted\nhint: review the changes with `qrcard diff`, then deploy again with --yes$/m,
    );
    const afterRefusal = await stackOf(STACK);
    assert.equal(afterRefusal.StackStatus, before.StackStatus);
    assert.deepEqual(afterRefusal.LastUpdatedTime, before.LastUpdatedTime);
    assert.equal((await cloudformation.send(new DescribeStackEventsCommand({ StackName: STACK }))).StackEvents?.length, eventsBefore);
    const { Summaries } = await cloudformation.send(new ListChangeSetsCommand({ StackName: STACK }));
    assert.deepEqual(
      Summaries?.map((summary) => summary.ChangeSetName),
      [],
      "the refused deploy's change set was deleted (the executed one before it is not listed)",
    );
    assert.equal(await usersTableName(), LEGACY_TABLE);
    assert.deepEqual(await userIds(LEGACY_TABLE), ['cy']);
  });

  it('with a Retain policy the replacement still needs --yes, then goes ahead and the old table stays, rows and all', async () => {
    await updateUsersTable('retained-table', (table) => {
      table.DeletionPolicy = 'Retain';
      table.UpdateReplacePolicy = 'Retain';
      (table.Properties as Record<string, unknown>).DeletionProtectionEnabled = true;
    });
    await writeConfig({ retainData: true, cardTypes: WITH_VIP });

    // The old rows would be kept, but the app would switch to an empty table: that needs consent.
    const refused = await qrcard(['deploy']);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /^ {2}UsersTable \(AWS::DynamoDB::Table\): replaced by an empty one; the old one is kept with its data$/m);
    assert.equal(await usersTableName(), LEGACY_TABLE);

    const run = await qrcard(['deploy', '--yes', '--json']);

    assert.equal(run.code, 0, run.stderr);
    const result = parseJsonObject(run.stdout);
    assert.ok(
      (result.changes as { action: string; logicalId: string }[]).some(
        (change) => `${change.action} ${change.logicalId}` === 'Modify UsersTable',
      ),
    );
    const replacement = await usersTableName();
    assert.notEqual(replacement, LEGACY_TABLE);
    assert.deepEqual(await userIds(LEGACY_TABLE), ['cy'], 'the old table is still there with its rows');
    const { StackEvents } = await cloudformation.send(new DescribeStackEventsCommand({ StackName: STACK }));
    assert.ok(
      StackEvents?.some(
        (event) =>
          event.LogicalResourceId === 'UsersTable' &&
          event.ResourceStatus === 'DELETE_SKIPPED' &&
          event.PhysicalResourceId === LEGACY_TABLE,
      ),
    );
  });

  it('destroy --yes on a stage that keeps data leaves the users table and its rows, and says so', async () => {
    const table = await usersTableName();
    assert.equal((await register('dee', 'attendee')).status, 201);

    const run = await qrcard(['destroy', '--yes']);

    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^ {2}kept UsersTable \\(AWS::DynamoDB::Table\\) ${table}: it has a Retain policy$`, 'm'));
    assert.match(run.stdout, /^ {2}kept CardsBucket \(AWS::S3::Bucket\) \S+: it has a Retain policy$/m);
    await assert.rejects(stackOf(STACK), /does not exist/);
    assert.deepEqual(await userIds(table), ['dee']);
  });

  it('a deletion that fails stops destroy with stack-delete-failed, naming the resource that stayed', async () => {
    const run = await qrcard(['destroy', '--yes', '--bootstrap', '--json']);

    assert.equal(run.code, 1, run.stderr);
    const error = jsonError(run.stdout);
    assert.equal(error.code, 'stack-delete-failed');
    assert.equal(error.message, `could not delete stack ${BOOTSTRAP}`);
    assert.deepEqual(error.details, [
      'root cause: ArtifactsBucketPolicy (AWS::S3::BucketPolicy) DELETE_FAILED: Fault injected by QRCARD_LOCAL_FAULTS=delete:ArtifactsBucketPolicy: delete refused (GeneralServiceException)',
      'final state: DELETE_FAILED',
    ]);
    assert.equal((await stackOf(BOOTSTRAP)).StackStatus, 'DELETE_FAILED');
  });

  it('a deploy onto the stack that failed to delete stops with stack-stuck; destroying it again clears it', async () => {
    const run = await qrcard(['deploy', '--json']);

    assert.equal(run.code, 1, run.stderr);
    const error = jsonError(run.stdout);
    assert.equal(error.code, 'stack-stuck');
    assert.equal(error.message, `stack ${BOOTSTRAP} is DELETE_FAILED and cannot be updated`);
    assert.equal(error.hint, 'delete it with `qrcard destroy` (or the CloudFormation console) and deploy again');

    const cleared = await qrcard(['destroy', '--yes', '--bootstrap']);
    assert.equal(cleared.code, 0, cleared.stderr);
    await assert.rejects(stackOf(BOOTSTRAP), /does not exist/);
  });

  it('synth to a directory that does not exist stops with synth-write-failed, naming the file', async () => {
    const file = path.join(work, 'missing', 'template.json');

    const run = await runCli(['synth', '-o', file], { cwd: work, env: cleanEnv() });

    assert.equal(run.code, 1);
    assert.ok(run.stderr.startsWith(`error: cannot write ${file}: ENOENT: no such file or directory`), run.stderr);
    await mkdir(path.dirname(file));
    assert.equal((await runCli(['synth', '-o', file], { cwd: work, env: cleanEnv() })).code, 0);
  });
});
