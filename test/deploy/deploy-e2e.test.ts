// End to end: the real bin/qrcard, as subprocesses, deploying to the local engine with --local.
// The package is copied to a temp directory so a handler can be changed without touching the checkout.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CloudFormationClient,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ListChangeSetsCommand,
} from '@aws-sdk/client-cloudformation';
import { ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, s3Config } from '../../src/aws/clients.js';
import type { Target } from '../../src/aws/target.js';
import { startEngine, type RunningEngine } from '../../src/local/engine.js';
import { ensureFreshDist, runCli, type CliRun } from '../support/cli.js';
import { parseJsonObject } from '../support/json.js';
import { seedSharpCache } from '../support/sharp-cache.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SITE = path.join(ROOT, 'test', 'fixtures', 'site');

let work: string;
let packageCopy: string;
let project: string;
let engine: RunningEngine;
let cloudformation: CloudFormationClient;
let s3: S3Client;

function qrcard(args: readonly string[]): Promise<CliRun> {
  const env = { NODE_NO_WARNINGS: '1', AWS_ENDPOINT_URL: undefined };
  return runCli(['--local', ...args], { bin: path.join(packageCopy, 'bin', 'qrcard'), cwd: project, env, timeoutMs: 120_000 });
}

async function qrcardJson(args: readonly string[]): Promise<Record<string, unknown>> {
  const run = await qrcard([...args, '--json']);
  assert.equal(run.code, 0, `qrcard ${args.join(' ')} failed:\n${run.stderr}`);
  return parseJsonObject(run.stdout);
}

/** Every object in every bucket with its ETag and time: proof of what was (not) written. */
async function bucketSnapshot(): Promise<string[]> {
  const objects: string[] = [];
  for (const bucket of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
    const listing = await s3.send(new ListObjectsV2Command({ Bucket: bucket.Name! }));
    for (const object of listing.Contents ?? [])
      objects.push(`${bucket.Name}/${object.Key} ${object.ETag} ${object.LastModified?.toISOString()}`);
  }
  return objects.sort();
}

async function eventCount(): Promise<number> {
  return (await cloudformation.send(new DescribeStackEventsCommand({ StackName: 'qrcard-dev' }))).StackEvents?.length ?? 0;
}

describe('deploy to the local engine through bin/qrcard', { timeout: 300_000 }, () => {
  before(async () => {
    ensureFreshDist(['src/deploy', 'src/cli/commands']);
    work = await mkdtemp(path.join(tmpdir(), 'qrcard-e2e-'));
    packageCopy = path.join(work, 'package');
    project = path.join(work, 'project');
    await mkdir(project, { recursive: true });
    for (const entry of ['bin', 'dist', 'src', 'assets', 'package.json', 'package-lock.json']) {
      if (existsSync(path.join(ROOT, entry))) await cp(path.join(ROOT, entry), path.join(packageCopy, entry), { recursive: true });
    }
    await symlink(path.join(ROOT, 'node_modules'), path.join(packageCopy, 'node_modules'), 'dir');
    // sharp's Lambda binaries, when an earlier build in the checkout fetched them: saves an npm download.
    await seedSharpCache(project);
    engine = await startEngine({ stateDir: path.join(project, '.qrcard', 'local', 'dev'), log: () => {} });
    // As `qrcard dev --no-deploy` does once it listens: --local commands wait for an engine still starting.
    await engine.setStatus({ state: 'ready' });
    const target: Target = { kind: 'local', endpoint: engine.endpoint, region: 'us-east-1' };
    cloudformation = new CloudFormationClient(clientConfig(target));
    s3 = new S3Client(s3Config(target));
  });

  after(async () => {
    cloudformation?.destroy();
    s3?.destroy();
    await engine?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('diff before the first deploy shows every resource as an Add', async () => {
    const result = await qrcardJson(['diff']);

    assert.equal(result.status, 'new-stack');
    const changes = result.changes as { action: string; logicalId: string }[];
    assert.ok(changes.length > 10);
    assert.ok(changes.every((change) => change.action === 'Add'));
    assert.ok(changes.some((change) => change.logicalId === 'UsersTable'));
  });

  it('a first deploy creates the stack, uploads code, branding and site, and prints the URLs', async () => {
    const result = await qrcardJson(['deploy', '--site-dir', SITE]);

    assert.equal(result.status, 'deployed');
    assert.match(String(result.siteUrl), /^https?:\/\//);
    assert.match(String(result.apiUrl), /^https?:\/\//);
    assert.ok(Number(result.uploads) >= 5);
    assert.equal(result.localSiteUrl, engine.siteUrl, "the local engine's own site URL is printed too");
    const outputs = result.outputs as Record<string, string>;
    const site = await s3.send(new ListObjectsV2Command({ Bucket: outputs.SiteBucketName! }));
    assert.ok(site.Contents?.some((object) => object.Key === 'config.json'));
  });

  it('a second deploy with nothing changed uploads nothing and executes no change set', async () => {
    const objectsBefore = await bucketSnapshot();
    const eventsBefore = await eventCount();

    const result = await qrcardJson(['deploy', '--site-dir', SITE]);

    assert.equal(result.status, 'no-changes');
    assert.equal(result.uploads, 0);
    assert.deepEqual(await bucketSnapshot(), objectsBefore);
    assert.equal(await eventCount(), eventsBefore, 'no stack operation ran');
    const sets = await cloudformation.send(new ListChangeSetsCommand({ StackName: 'qrcard-dev' }));
    assert.deepEqual(sets.Summaries ?? [], [], 'the empty change set was deleted');
  });

  it('after a handler change, diff names that one function and deploy changes only it', async () => {
    await appendFile(
      path.join(packageCopy, 'src', 'lambda', 'get-user.ts'),
      '\n(globalThis as Record<string, unknown>).qrcardRevision = 2;\n',
    );

    const preview = await qrcardJson(['diff']);
    const deployed = await qrcardJson(['deploy', '--site-dir', SITE]);

    assert.equal(preview.status, 'changes');
    assert.deepEqual(
      (preview.changes as { logicalId: string }[]).map((change) => change.logicalId),
      ['GetUserFunction'],
    );
    assert.equal(deployed.status, 'deployed');
    assert.deepEqual(
      (deployed.changes as { action: string; logicalId: string }[]).map((change) => `${change.action} ${change.logicalId}`),
      ['Modify GetUserFunction'],
    );
    assert.equal(deployed.uploads, 1, 'only the new get-user zip');
  });

  it('status reports the stack state, last update and outputs', async () => {
    const result = await qrcardJson(['status']);

    assert.equal(result.kind, 'found');
    assert.equal(result.status, 'UPDATE_COMPLETE');
    assert.ok(!Number.isNaN(Date.parse(String(result.lastUpdated))));
    assert.ok((result.outputs as Record<string, string>).SiteUrl);
  });

  it('destroy refuses without a terminal or --yes, then with --yes --bootstrap leaves no stack and no bucket', async () => {
    const refused = await qrcard(['destroy']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /no terminal to confirm on/);

    const result = await qrcardJson(['destroy', '--yes', '--bootstrap']);

    assert.equal(result.kind, 'destroyed');
    assert.deepEqual((await s3.send(new ListBucketsCommand({}))).Buckets ?? [], []);
    assert.equal((await qrcardJson(['status'])).kind, 'missing');
    await assert.rejects(cloudformation.send(new DescribeStacksCommand({ StackName: 'qrcard-bootstrap' })), /does not exist/);
    const outputs = await qrcard(['outputs']);
    assert.equal(outputs.code, 1);
    assert.match(outputs.stderr, /stack qrcard-dev is not deployed/);
  });
});
