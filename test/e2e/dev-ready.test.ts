// End to end: `qrcard dev`'s ready state, its --json ready document, and its ports, with the real bin/qrcard in an
// empty directory: a --local command during the first deploy waits, the ports come back after a restart, --port
// overrides them, and a port in use is named with the process holding it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { ensureFreshDist, localCliEnv, runCli } from '../support/cli.js';
import { spawnDev, type DevProcess } from '../support/dev-process.js';
import { parseJsonAs } from '../support/json.js';
import { seedSharpCache } from '../support/sharp-cache.js';
import { waitFor } from '../support/wait-for.js';

const readyDocumentSchema = z.strictObject({
  state: z.literal('ready'),
  siteUrl: z.string().regex(/^http:\/\/127\.0\.0\.1:\d+$/),
  endpoint: z.string().regex(/^http:\/\/127\.0\.0\.1:\d+$/),
  ports: z.strictObject({ endpoint: z.number().int().positive(), site: z.number().int().positive() }),
  region: z.string(),
  stage: z.literal('dev'),
  stateDir: z.string(),
  pid: z.number().int(),
});
type ReadyDocument = z.infer<typeof readyDocumentSchema>;

const devEnv = (): NodeJS.ProcessEnv => localCliEnv();

/** The engine.json of the stage, or undefined while there is none. */
function engineState(work: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(work, '.qrcard', 'local', 'dev', 'engine.json'), 'utf8')) as { state?: string }).state;
  } catch {
    return undefined;
  }
}

/** Waits for engine.json to say ready, stops dev, and returns the one document it printed on stdout. */
async function readyThenStop(work: string, dev: DevProcess): Promise<{ document: ReadyDocument; stderr: string }> {
  await waitFor(
    () => Promise.resolve(engineState(work)),
    (state) => state === 'ready' || dev.child.exitCode !== null,
    { what: 'engine.json to say ready', timeoutMs: 180_000, show: String },
  );
  // The document is printed right after the record says ready.
  await dev.waitForStderr(/press Ctrl-C to stop/, 10_000);
  await dev.stop();
  return { document: parseJsonAs(dev.stdout(), readyDocumentSchema), stderr: dev.stderr() };
}

function holdPort(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const portOf = (server: Server) => (server.address() as AddressInfo).port;
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

describe('qrcard dev: ready, --json and ports', { timeout: 600_000 }, () => {
  let work: string;
  let first: ReadyDocument;
  const running: DevProcess[] = [];

  before(async () => {
    ensureFreshDist(['src/cli', 'src/local', 'src/deploy', 'src/aws', 'src/core']);
    work = await mkdtemp(path.join(tmpdir(), 'qrcard-dev-ready-'));
    await seedSharpCache(work);
  });

  after(async () => {
    try {
      await Promise.all(running.map((dev) => dev.stop()));
    } finally {
      if (work) await rm(work, { recursive: true, force: true });
    }
  });

  it('a --local command run while the first deploy is under way waits for it, says so once, and succeeds', async () => {
    const dev = spawnDev(work, { json: true });
    running.push(dev);
    await waitFor(
      () => Promise.resolve(engineState(work)),
      (state) => state === 'deploying',
      {
        what: 'engine.json to say deploying',
        timeoutMs: 60_000,
        show: String,
      },
    );

    // A first deploy on a loaded machine may take longer than the default wait.
    const status = await runCli(['--local', 'status'], {
      cwd: work,
      env: { ...devEnv(), QRCARD_LOCAL_WAIT_MS: '150000' },
      timeoutMs: 180_000,
    });

    assert.equal(status.code, 0, status.stderr);
    assert.equal(
      status.stderr.match(/waiting for the local engine of stage "dev" \(pid \d+\) to finish deploying/g)?.length,
      1,
      status.stderr,
    );
    assert.match(status.stdout, /CREATE_COMPLETE/);
    ({ document: first } = await readyThenStop(work, dev));
  });

  it('--json prints one ready document (URLs, ports, stage, state folder, pid) and nothing else on stdout', () => {
    assert.equal(first.siteUrl, `http://127.0.0.1:${first.ports.site}`);
    assert.equal(first.endpoint, `http://127.0.0.1:${first.ports.endpoint}`);
    assert.equal(first.stateDir, path.join(work, '.qrcard', 'local', 'dev'));
    assert.equal(first.pid, running[0]?.child.pid);
  });

  it('a port in use is named with the process holding it and the flag to choose another; nothing starts', async () => {
    const held = await holdPort();
    try {
      const run = await runCli(['dev', '--port', String(portOf(held))], { cwd: work, env: devEnv(), timeoutMs: 60_000 });

      assert.equal(run.code, 1);
      assert.match(run.stderr, new RegExp(`port ${portOf(held)} \\(the AWS endpoint\\) is already in use by pid ${process.pid} \\(`));
      assert.match(run.stderr, /--port <port>/);
      assert.doesNotMatch(run.stderr, /EADDRINUSE/);
      assert.equal(engineState(work), undefined, 'no engine record left behind');
    } finally {
      await close(held);
    }
  });

  it("a restart takes the stage's ports from last time, and a new one (saying so) for one someone else took", async () => {
    const held = await holdPort(first.ports.site);
    try {
      const { document, stderr } = await readyThenStop(work, spawnDev(work, { json: true }));

      assert.equal(document.ports.endpoint, first.ports.endpoint);
      assert.notEqual(document.ports.site, first.ports.site);
      assert.match(
        stderr,
        new RegExp(`the site's port ${first.ports.site} from last time is in use by pid ${process.pid} \\(.*\\): taking a free one`),
      );
      first = document;
    } finally {
      await close(held);
    }
  });

  it('--port overrides the remembered port, and the site keeps its own', async () => {
    const probe = await holdPort();
    const wanted = portOf(probe);
    await close(probe);

    const { document } = await readyThenStop(work, spawnDev(work, { json: true, args: ['--port', String(wanted)] }));

    assert.equal(document.ports.endpoint, wanted);
    assert.equal(document.ports.site, first.ports.site);
  });
});
