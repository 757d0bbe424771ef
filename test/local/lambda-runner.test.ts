import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLambdaRunner, type FunctionLogSink, type LambdaRunner, type LogEvent } from '../../src/local/functions/lambda-runner.js';
import { isAlive } from '../support/dev-process.js';
import { waitFor } from '../support/wait-for.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/functions/${name}`, import.meta.url));

/** Keeps log events in memory, grouped like CloudWatch Logs. */
class MemoryLogs implements FunctionLogSink {
  readonly groups = new Map<string, Map<string, LogEvent[]>>();
  append(group: string, stream: string, events: readonly LogEvent[]): void {
    const streams = this.groups.get(group) ?? new Map<string, LogEvent[]>();
    this.groups.set(group, streams);
    streams.set(stream, [...(streams.get(stream) ?? []), ...events]);
  }
  messages(group: string): string[] {
    return [...(this.groups.get(group)?.values() ?? [])].flat().map((event) => event.message);
  }
}

describe('lambda runner', { timeout: 120_000 }, () => {
  let runner: LambdaRunner;
  let logs: MemoryLogs;

  before(() => {
    logs = new MemoryLogs();
    runner = createLambdaRunner({ endpoint: 'http://127.0.0.1:4566', region: 'eu-west-1', logs, maxConcurrencyPerFunction: 2 });
    runner.deploy({
      functionName: 'behaviours',
      codeDirectory: fixture('behaviours'),
      environment: { GREETING: 'hello', AWS_REGION: 'us-west-2' },
      timeoutSeconds: 1,
    });
  });

  after(async () => {
    await runner.stop();
  });

  it('passes the environment and a Lambda context, and keeps the environment warm', async () => {
    const first = await runner.invoke('behaviours', { action: 'echo' });
    const second = await runner.invoke('arn:aws:lambda:eu-west-1:000000000000:function:behaviours', { action: 'echo' });

    assert.ok(first.ok && second.ok);
    const a = first.payload as {
      environment: number;
      invocations: number;
      env: Record<string, string>;
      context: Record<string, unknown>;
      heapLimits: { old: number; young: number };
    };
    const b = second.payload as typeof a;
    assert.equal(b.environment, a.environment);
    assert.equal(b.invocations, a.invocations + 1);
    assert.deepEqual(a.env, {
      GREETING: 'hello',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_REGION: 'eu-west-1',
      AWS_LAMBDA_FUNCTION_NAME: 'behaviours',
      AWS_ACCESS_KEY_ID: 'qrcard-local',
      LAMBDA_TASK_ROOT: fixture('behaviours'),
    });
    assert.equal(a.context['awsRequestId'], first.requestId);
    assert.equal(a.context['functionName'], 'behaviours');
    assert.equal(a.context['invokedFunctionArn'], 'arn:aws:lambda:eu-west-1:000000000000:function:behaviours');
    assert.equal(a.context['memoryLimitInMB'], '128');
    // The old space as Lambda's Node runtime sizes it from the memory setting; the young generation V8's smallest.
    assert.deepEqual(a.heapLimits, { old: 115, young: 3 });
    const remaining = a.context['remaining'] as number;
    assert.ok(remaining > 500 && remaining <= 1000, `remaining ${remaining}`);
  });

  it('reports a timeout like Lambda and serves the next invocation', async () => {
    const timedOut = await runner.invoke('behaviours', { action: 'sleep', ms: 5000 });
    const next = await runner.invoke('behaviours', { action: 'echo' });

    assert.equal(timedOut.ok, false);
    assert.ok(!timedOut.ok);
    assert.equal(timedOut.error.errorType, 'Sandbox.Timedout');
    assert.match(timedOut.error.errorMessage, /Task timed out after 1\.00 seconds/);
    assert.ok(next.ok);
    const messages = logs.messages('/aws/lambda/behaviours');
    assert.ok(messages.some((line) => line.endsWith(`${timedOut.requestId} Task timed out after 1.00 seconds`)));
    assert.ok(messages.some((line) => line.startsWith(`REPORT RequestId: ${timedOut.requestId}`) && line.includes('Status: timeout')));
  });

  it('returns a thrown error as an error result and keeps working', async () => {
    const failed = await runner.invoke('behaviours', { action: 'throw' });
    const next = await runner.invoke('behaviours', { action: 'echo' });

    assert.ok(!failed.ok);
    assert.equal(failed.error.errorType, 'TypeError');
    assert.equal(failed.error.errorMessage, 'handler failed on purpose');
    assert.ok(next.ok);
    const errorLine = logs.messages('/aws/lambda/behaviours').find((line) => line.includes(`${failed.requestId}\tERROR\tInvoke Error`));
    assert.ok(errorLine, 'an Invoke Error line is logged');
  });

  it('survives a handler that exits its process', async () => {
    const failed = await runner.invoke('behaviours', { action: 'exit' });
    const next = await runner.invoke('behaviours', { action: 'echo' });

    assert.ok(!failed.ok);
    assert.equal(failed.error.errorType, 'Runtime.ExitError');
    assert.equal(failed.error.errorMessage, `RequestId: ${failed.requestId} Error: Runtime exited with error: exit status 3`);
    assert.ok(next.ok);
  });

  it('writes START, output, END and REPORT lines to the function log group', async () => {
    const result = await runner.invoke('behaviours', { action: 'write' });

    const id = result.requestId;
    const lines = logs.messages('/aws/lambda/behaviours');
    const start = lines.indexOf(`START RequestId: ${id} Version: $LATEST`);
    const end = lines.indexOf(`END RequestId: ${id}`);
    assert.ok(start >= 0 && end > start);
    const between = lines.slice(start + 1, end);
    assert.match(between[0] ?? '', new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${id}\\tINFO\\taction write$`));
    assert.deepEqual(between.slice(1), ['raw line one', 'raw line two']);
    assert.match(
      lines[end + 1] ?? '',
      new RegExp(
        `^REPORT RequestId: ${id}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB`,
      ),
    );
    const streams = [...(logs.groups.get('/aws/lambda/behaviours')?.keys() ?? [])];
    assert.ok(streams.every((stream) => /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/.test(stream)));
  });

  it('runs invocations concurrently up to the pool size', async () => {
    await Promise.all([1, 2].map(() => runner.invoke('behaviours', { action: 'sleep', ms: 1 }))); // both environments warm
    const results = await Promise.all([1, 2, 3].map(() => runner.invoke('behaviours', { action: 'sleep', ms: 300 })));

    const runs = results.map((result) => {
      assert.ok(result.ok);
      return result.payload as { environment: number; startedAt: number; endedAt: number };
    });
    assert.equal(new Set(runs.map((run) => run.environment)).size, 2, 'two environments, the pool size');
    const runningAtStartOf = (run: (typeof runs)[number]) =>
      runs.filter((other) => other.startedAt <= run.startedAt && run.startedAt < other.endedAt).length;
    assert.equal(Math.max(...runs.map(runningAtStartOf)), 2, 'two ran at the same time, never three');
  });

  it('fails an invocation whose result JSON cannot carry, as Lambda does, and keeps working', async () => {
    const failed = await runner.invoke('behaviours', { action: 'bigint' });
    const next = await runner.invoke('behaviours', { action: 'echo' });

    assert.ok(!failed.ok);
    assert.equal(failed.error.errorType, 'Runtime.MarshalError');
    assert.match(failed.error.errorMessage, /^Unable to marshal response: .*BigInt/);
    assert.ok(next.ok);
  });

  it('ends an environment on an exception outside the handler, with its stack in the log', async () => {
    const failed = await runner.invoke('behaviours', { action: 'uncaught' });
    const next = await runner.invoke('behaviours', { action: 'echo' });

    assert.ok(!failed.ok);
    assert.equal(failed.error.errorType, 'Runtime.ExitError');
    assert.match(failed.error.errorMessage, /Runtime exited with error: exit status 1$/);
    const lines = logs.messages('/aws/lambda/behaviours');
    assert.ok(lines.includes('Uncaught RangeError: thrown outside the handler'), lines.slice(-8).join('\n'));
    assert.ok(next.ok);
  });

  it('swaps to new code without restarting', async () => {
    runner.deploy({ functionName: 'behaviours', codeDirectory: fixture('behaviours-v2') });
    const swapped = await runner.invoke('behaviours', {});

    assert.ok(swapped.ok);
    assert.equal((swapped.payload as { version: number }).version, 2);
  });

  it('reports a module that fails to load and keeps other functions working', async () => {
    runner.deploy({ functionName: 'broken', codeDirectory: fixture('broken-init') });

    const failed = await runner.invoke('broken', {});
    const other = await runner.invoke('behaviours', {});

    assert.ok(!failed.ok);
    assert.equal(failed.error.errorMessage, 'cannot load configuration');
    assert.ok(other.ok);
    assert.ok(logs.messages('/aws/lambda/broken').some((line) => line.includes('Status: error')));
  });

  it('rejects an unknown function', async () => {
    await assert.rejects(runner.invoke('missing', {}), /Function not found/);
  });
});

describe('the process that hosts environments', { timeout: 60_000 }, () => {
  const echo = async (runner: LambdaRunner, name: string) => {
    const result = await runner.invoke(name, { action: 'echo' });
    assert.ok(result.ok, JSON.stringify(result));
    return result.payload as { environment: number; process: number };
  };

  it('runs the environments of every function on the same Node as threads of one process', async () => {
    const runner = createLambdaRunner({ endpoint: 'http://127.0.0.1:4566', logs: new MemoryLogs() });
    try {
      runner.deploy({ functionName: 'first', codeDirectory: fixture('behaviours'), environment: { GREETING: 'one' } });
      runner.deploy({ functionName: 'second', codeDirectory: fixture('behaviours'), environment: { GREETING: 'two' } });

      const [a, b] = await Promise.all([runner.invoke('first', { action: 'echo' }), runner.invoke('second', { action: 'echo' })]);

      assert.ok(a.ok && b.ok);
      const first = a.payload as { environment: number; process: number; env: Record<string, string> };
      const second = b.payload as typeof first;
      assert.equal(first.process, second.process);
      assert.notEqual(first.process, process.pid);
      assert.notEqual(first.environment, second.environment);
      assert.deepEqual([first.env['GREETING'], second.env['GREETING']], ['one', 'two']);
      // The host process caps glibc's malloc arenas for itself; the functions' variables do not show it.
      assert.ok(readFileSync(`/proc/${first.process}/environ`, 'utf8').split('\0').includes('MALLOC_ARENA_MAX=4'));
      assert.equal(first.env['MALLOC_ARENA_MAX'], undefined);
    } finally {
      await runner.stop();
    }
  });

  it('fails the invocations of a host that crashed and serves the next ones from a new host', async () => {
    const runner = createLambdaRunner({ endpoint: 'http://127.0.0.1:4566', logs: new MemoryLogs() });
    try {
      runner.deploy({ functionName: 'behaviours', codeDirectory: fixture('behaviours'), timeoutSeconds: 10 });
      const before = await echo(runner, 'behaviours');

      const [crashed, bystander] = await Promise.all([
        runner.invoke('behaviours', { action: 'crash' }),
        runner.invoke('behaviours', { action: 'sleep', ms: 3000 }),
      ]);
      const after = await echo(runner, 'behaviours');

      for (const failed of [crashed, bystander]) {
        assert.ok(!failed.ok);
        assert.equal(failed.error.errorType, 'Runtime.ExitError');
        assert.match(failed.error.errorMessage, /Runtime exited with error: signal: killed$/);
      }
      assert.notEqual(after.process, before.process);
    } finally {
      await runner.stop();
    }
  });

  it('ends a host once its last environment has ended', async () => {
    const runner = createLambdaRunner({
      endpoint: 'http://127.0.0.1:4566',
      logs: new MemoryLogs(),
      idleEnvironmentMs: 50,
      idleHostMs: 50,
    });
    try {
      runner.deploy({ functionName: 'behaviours', codeDirectory: fixture('behaviours') });
      const first = await echo(runner, 'behaviours');

      await waitFor(
        () => Promise.resolve(isAlive(first.process)),
        (alive) => !alive,
        { what: 'the host process to end', timeoutMs: 10_000 },
      );
      const second = await echo(runner, 'behaviours');

      assert.notEqual(second.process, first.process);
    } finally {
      await runner.stop();
    }
  });
});
