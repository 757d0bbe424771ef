// `qrcard --local logs` through bin/qrcard against one `qrcard dev`: --follow shows a new registration's lines
// from the API and all three functions, --user exactly one registration's, --json parses line by line,
// --level error a failed render's error, and a log group that does not exist is no error.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CloudWatchLogsClient, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod';
import { clientConfig } from '../../src/aws/clients.js';
import { cliEnv, ptySkipReason, startUserEngine, type UserEngine } from '../cli/user/user-engine.js';
import { QRCARD_BIN, type CliRun } from '../support/cli.js';
import { waitFor } from '../support/wait-for.js';

let engine: UserEngine;

/** Registers through the site's API as the web page does; resolves to the request id API Gateway gave it. */
async function register(userId: string): Promise<string> {
  const response = await fetch(`${engine.siteUrl}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user_id: userId, type: 'attendee', name: `Person ${userId}`, phone: '+5511987654321' }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return response.headers.get('apigw-requestid') ?? '';
}

const logs = (...args: string[]) => engine.qrcard(['logs', '--since', '15m', ...args]);

/** `qrcard logs ...args` again until its output matches `pattern`. */
function logsUntil(args: readonly string[], pattern: RegExp, what: string): Promise<CliRun> {
  return waitFor(
    () => logs(...args),
    (run) => run.code === 0 && pattern.test(run.stdout),
    { what, timeoutMs: 60_000, intervalMs: 500, show: (run) => `${run.stderr}${run.stdout}` },
  );
}

/** The function column of each human line. */
const functionsOf = (stdout: string) =>
  new Set(
    stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(/\s+/)[2]),
  );

before(async () => {
  engine = await startUserEngine();
});

after(async () => {
  await engine.stop();
});

describe('qrcard logs --follow', () => {
  it("shows a new registration's lines from the API and all three functions as they come, and Ctrl-C exits 0", async () => {
    const follow = spawn(process.execPath, [QRCARD_BIN, '--local', 'logs', '--follow', '--since', '1s'], {
      cwd: engine.dir,
      env: cliEnv(),
    });
    let stdout = '';
    let stderr = '';
    follow.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    follow.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => follow.on('close', resolve));
    await waitFor(
      () => Promise.resolve(stderr),
      (text) => /following/.test(text),
      { what: 'logs --follow to start', timeoutMs: 30_000 },
    );

    const requestId = await register('fola');
    await waitFor(
      () => Promise.resolve(stdout),
      (text) => /render +card ready user_id=fola/.test(text),
      {
        what: 'the render line',
        timeoutMs: 30_000,
      },
    );
    const read = await fetch(`${engine.siteUrl}/api/users/fola`);
    assert.equal(read.status, 200);
    await waitFor(
      () => Promise.resolve(stdout),
      (text) => /get +cards listed user_id=fola/.test(text),
      {
        what: 'the get line',
        timeoutMs: 30_000,
      },
    );
    follow.kill('SIGINT');
    const code = await exited;

    assert.equal(code, 0, stderr);
    assert.match(stdout, new RegExp(`INFO +api +POST /api/users 201 \\d+ms cid=${requestId.replace(/[+/=]/g, '\\$&')}`));
    assert.match(
      stdout,
      new RegExp(`register +registered; card requested user_id=fola type=attendee cid=${requestId.replace(/[+/=]/g, '\\$&')}`),
    );
    assert.equal(stdout.match(/render +card ready user_id=fola/g)?.length, 1, 'each line once');
  });
});

describe('qrcard logs --user, --json, --level', () => {
  let anaRequest: string;
  let bobRequest: string;

  before(async () => {
    [anaRequest, bobRequest] = await Promise.all([register('ana'), register('bob')]);
    await logsUntil(['--user', 'ana'], /card ready user_id=ana/, "ana's card ready line");
    await logsUntil(['--user', 'bob'], /card ready user_id=bob/, "bob's card ready line");
  });

  it("shows exactly one registration's lines: its access line, register and render, not another's", async () => {
    const run = await logs('--user', 'ana');

    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual([...functionsOf(run.stdout)].sort(), ['api', 'register', 'render']);
    assert.ok(run.stdout.includes(`POST /api/users 201`) && run.stdout.includes(`cid=${anaRequest}`));
    assert.doesNotMatch(run.stdout, /bob/);
    assert.ok(!run.stdout.includes(bobRequest), "bob's request id is not shown");
    for (const line of run.stdout.split('\n').filter(Boolean)) {
      assert.ok(line.includes('user_id=ana') || line.includes(`cid=${anaRequest}`) || / RequestId: /.test(line), line);
    }
  });

  it('passes the raw events through as JSON Lines with their log group and function', async () => {
    const run = await engine.qrcard(['--json', 'logs', '--since', '15m', '--user', 'ana']);
    const event = z.object({
      logGroupName: z.string(),
      function: z.string(),
      eventId: z.string(),
      timestamp: z.number(),
      message: z.string(),
    });

    assert.equal(run.code, 0, run.stderr);
    const events = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => event.parse(JSON.parse(line)));
    assert.deepEqual([...new Set(events.map((entry) => entry.function))].sort(), ['api', 'register-user', 'render-card']);
    assert.ok(events.some((entry) => entry.logGroupName.endsWith('/access') && entry.message.includes(anaRequest)));
  });

  it("shows a failed render's error with --level error, and nothing below it", async () => {
    await engine.dynamodb.send(
      new PutItemCommand({
        TableName: engine.tableName,
        // A name that is not text: drawing the card throws.
        Item: {
          user_id: { S: 'broken' },
          type: { S: 'attendee' },
          name: { N: '5' },
          card_status: { S: 'pending' },
          card_version: { N: '0' },
        },
      }),
    );
    const sns = new SNSClient(clientConfig({ kind: 'local', endpoint: engine.endpoint, region: 'us-east-1' }));
    await sns.send(
      new PublishCommand({
        TopicArn: engine.topicArn,
        Message: JSON.stringify({ user_id: 'broken', type: 'attendee', reason: 'created', correlation_id: 'broken-1' }),
      }),
    );
    sns.destroy();

    const run = await logsUntil(['--level', 'error', '--function', 'render'], /card not rendered/, 'the render error');

    assert.match(run.stdout, /ERROR +render +card not rendered: TypeError: .* user_id=broken type=attendee cid=broken-1/);
    for (const line of run.stdout.split('\n').filter((text) => /^\d{4}-/.test(text))) assert.match(line, /^\S+ ERROR +render /);
  });

  it('gives each function its own colour on a terminal, and none with NO_COLOR', { skip: ptySkipReason }, async () => {
    const onPty = (env: NodeJS.ProcessEnv) =>
      new Promise<string>((resolve, reject) => {
        const command = [process.execPath, QRCARD_BIN, '--local', 'logs', '--since', '15m', '--user', 'ana']
          .map((word) => `'${word}'`)
          .join(' ');
        const child = spawn('/usr/bin/script', ['-qfec', command, '/dev/null'], { cwd: engine.dir, env });
        let screen = '';
        child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
        child.on('error', reject);
        child.on('close', () => resolve(screen));
      });
    const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...colourEnv } = cliEnv();

    const [coloured, plain] = await Promise.all([onPty(colourEnv), onPty({ ...cliEnv(), NO_COLOR: '1' })]);

    const paint = (code: number, label: string) => new RegExp(`\\u001b\\[${code}m${label} *\\u001b\\[39m`);
    assert.match(coloured, paint(32, 'api'));
    assert.match(coloured, paint(36, 'register'));
    assert.match(coloured, paint(34, 'render'));
    assert.match(plain, /register +registered; card requested user_id=ana/);
    assert.ok(!plain.includes('\u001b['), 'no escape codes with NO_COLOR');
  });

  it('reads a log group that does not exist as empty, not as an error', async () => {
    const cloudwatch = new CloudWatchLogsClient(clientConfig({ kind: 'local', endpoint: engine.endpoint, region: 'us-east-1' }));
    await cloudwatch.send(new DeleteLogGroupCommand({ logGroupName: '/aws/lambda/qrcard-dev-get-user' }));
    cloudwatch.destroy();

    const run = await logs('--user', 'ana');

    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /card ready user_id=ana/);
    assert.doesNotMatch(run.stderr, /error|warning/i);
  });
});
