import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FunctionNodes, LAMBDA_NODE_VERSIONS, runtimeNodeMajor } from '../../../src/local/functions/function-node.js';
import { createLambdaRunner, type LambdaRunner, type LogEvent } from '../../../src/local/functions/lambda-runner.js';
import { installNpmNode } from '../../../src/local/functions/npm-node.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CODE = path.join(ROOT, 'test', 'fixtures', 'functions', 'node-version');
// Shared with the arm64 tests' Node, so each Node is fetched once per checkout.
const RUNTIMES = path.join(ROOT, '.qrcard', 'runtimes');
const NODE_22 = LAMBDA_NODE_VERSIONS[22];
const hostCpu = process.arch === 'arm64' ? 'arm64' : 'x64';

interface Reported {
  readonly version: string;
  readonly execPath: string;
}

/** A runner with one nodejs22.x function and one nodejs20.x function; the notices and on-22's log lines are kept. */
function startRunner(nodeCacheDir: string): { runner: LambdaRunner; notices: string[]; logLines: string[] } {
  const notices: string[] = [];
  const logLines: string[] = [];
  const runner = createLambdaRunner({
    endpoint: 'http://127.0.0.1:9',
    logs: {
      append: (group, _stream, events: readonly LogEvent[]) => {
        // nodejs20.x functions on Node 20 get the SDK's warning as they would on Lambda; only nodejs22.x is looked at.
        if (group === '/aws/lambda/on-22') logLines.push(...events.map((event) => event.message));
      },
    },
    nodeCacheDir,
    notice: (line) => notices.push(line),
  });
  runner.deploy({ functionName: 'on-22', codeDirectory: CODE, runtime: 'nodejs22.x' });
  runner.deploy({ functionName: 'on-20', codeDirectory: CODE, runtime: 'nodejs20.x' });
  return { runner, notices, logLines };
}

async function reported(runner: LambdaRunner, functionName: string): Promise<Reported> {
  const result = await runner.invoke(functionName, {});
  assert.ok(result.ok, JSON.stringify(result));
  return result.payload as Reported;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the Node a function runs on', { timeout: 300_000 }, () => {
  it('takes the major from the runtime name', () => {
    assert.equal(runtimeNodeMajor('nodejs22.x'), 22);
    assert.equal(runtimeNodeMajor('nodejs20.x'), 20);
    assert.equal(runtimeNodeMajor('python3.12'), undefined);
  });

  it('falls back to the host Node with one notice where no Node can be fetched', () => {
    const notices: string[] = [];
    const nodes = new FunctionNodes({
      notice: (line) => notices.push(line),
      host: { platform: 'darwin', arch: 'arm64', version: 'v20.20.2', execPath: '/usr/local/bin/node' },
    });

    const chosen = [1, 2, 3].map(() => nodes.forRuntime('nodejs22.x'));

    assert.deepEqual(
      chosen.map((node) => node.executable),
      ['/usr/local/bin/node', '/usr/local/bin/node', '/usr/local/bin/node'],
    );
    assert.equal(chosen[0]?.matchesRuntime, false);
    assert.equal(notices.length, 1);
    assert.match(notices[0] ?? '', /nodejs22\.x run on this machine's Node v20\.20\.2: .*for Linux only, and this is darwin/);
  });

  describe('with Node 22 in the cache', () => {
    let started: ReturnType<typeof startRunner>;

    before(async () => {
      await installNpmNode(RUNTIMES, { version: NODE_22, cpu: hostCpu });
      started = startRunner(RUNTIMES);
    });
    after(() => started.runner.stop());

    it('runs nodejs22.x functions on Node 22 and nodejs20.x ones on the host Node', async () => {
      const on22 = await reported(started.runner, 'on-22');
      const on20 = await reported(started.runner, 'on-20');

      assert.equal(on22.version, `v${NODE_22}`);
      assert.equal(on20.version, process.version);
      assert.deepEqual(started.notices, []);
    });

    it('logs no ERROR line and no SDK Node version warning at a cold start', async () => {
      await reported(started.runner, 'on-22');

      assert.ok(started.logLines.some((line) => line.startsWith('REPORT ') && line.includes('Init Duration')));
      assert.deepEqual(
        started.logLines.filter((line) => /\tERROR\t|NodeVersionSupportWarning|will require node/.test(line)),
        [],
      );
    });
  });

  describe('when the cache cannot be written', () => {
    let work: string;
    let started: ReturnType<typeof startRunner>;

    before(async () => {
      work = await mkdtemp(path.join(tmpdir(), 'qrcard-node-cache-'));
      const notADirectory = path.join(work, 'a-file');
      await writeFile(notADirectory, '');
      started = startRunner(path.join(notADirectory, 'cache'));
    });
    after(async () => {
      await started.runner.stop();
      await rm(work, { recursive: true, force: true });
    });

    it('runs nodejs22.x functions on the host Node, says so once, and keeps the SDK warning out of the logs', async () => {
      const first = await reported(started.runner, 'on-22');
      await until(() => started.notices.some((line) => line.includes('failed')), 30_000);
      await started.runner.remove('on-22');
      started.runner.deploy({ functionName: 'on-22', codeDirectory: CODE, runtime: 'nodejs22.x' });
      const second = await reported(started.runner, 'on-22');

      assert.equal(first.version, process.version);
      assert.equal(second.version, process.version);
      assert.equal(started.notices.filter((line) => line.includes('failed')).length, 1);
      assert.match(started.notices.join('\n'), /nodejs22\.x run on this machine's Node v\d+.*installing Node 22\.\d+\.\d+ into .* failed/);
      assert.deepEqual(
        started.logLines.filter((line) => /NodeVersionSupportWarning|will require node/.test(line)),
        [],
      );
    });
  });
});
