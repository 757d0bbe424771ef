// `npm run bench:dev-ready`: ready time on a provisioned stage, `qrcard dev` against Architect's sandbox, from
// spawn to the first 200 of a GET of a seeded record, runs alternating so both see the same load. qrcard runs
// in a temporary project deployed and seeded once; Architect in a temporary app with one table and two routes
// (`get /users/:id`, `post /users`), seeded from sandbox-seed.json, as `node_modules/.bin/arc sandbox`.
// Options: --runs N (per side, default 3).
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startDev } from '../test/support/dev-process.js';
import { benchEnv, benchProject, QRCARD_BIN } from './support/qrcard.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ARC = path.join(ROOT, 'node_modules', '.bin', 'arc');
const { values: flags } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const RUNS = Number(flags.runs);
const QRCARD_SITE_PORT = 47311;
const ARC_PORT = 47333;

/** The status of one GET, or 0 when nothing answers yet. */
function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.once('error', () => resolve(0));
    req.setTimeout(2_000, () => req.destroy());
    req.end();
  });
}

/** Spawns `command`, polls `url` until it answers 200, and stops the process; ms from spawn to that 200. */
async function readyTime(
  command: string,
  args: readonly string[],
  cwd: string,
  url: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { cwd, env: benchEnv(extraEnv), stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} exited with ${child.exitCode}:\n${stderr}`);
      if ((await status(url)) === 200) return performance.now() - started;
      if (performance.now() - started > 120_000) throw new Error(`${url} gave no 200 within 120 s:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    // The whole group: Architect's sandbox starts helpers of its own.
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

async function qrcardProject(): Promise<{ dir: string; url: string }> {
  const dir = await benchProject('dev-ready');
  const dev = await startDev(dir, { json: true, args: ['--site-port', String(QRCARD_SITE_PORT)], env: benchEnv() });
  const add = spawnSync(
    process.execPath,
    [QRCARD_BIN, '--local', 'user', 'add', '--id', 'seeded', '--type', 'attendee', '--name', 'Ana Souza', '--phone', '+55 11 98765-4321'],
    {
      cwd: dir,
      env: benchEnv(),
      encoding: 'utf8',
    },
  );
  if (add.status !== 0) throw new Error(`seeding qrcard failed:\n${add.stderr}`);
  await dev.stop();
  return { dir, url: `http://127.0.0.1:${QRCARD_SITE_PORT}/api/users/seeded/attendee` };
}

const ARC_HANDLER = (code: string) => `const { DynamoDBClient, GetItemCommand, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const { ports } = JSON.parse(process.env.ARC_SANDBOX);
const db = new DynamoDBClient({ endpoint: 'http://127.0.0.1:' + ports.tables, region: 'us-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const TableName = 'benchapp-staging-users';
exports.handler = async (req) => { ${code} };
`;

async function architectApp(): Promise<{ dir: string; url: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-dev-ready-arc-'));
  await writeFile(path.join(dir, 'app.arc'), '@app\nbenchapp\n\n@http\nget /users/:id\npost /users\n\n@tables\nusers\n  id *String\n');
  const get = `const { Item } = await db.send(new GetItemCommand({ TableName, Key: { id: { S: req.pathParameters.id } } }));
  return Item ? { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: Item.id.S, name: Item.name.S }) } : { statusCode: 404 };`;
  const post = `const body = JSON.parse(req.body || '{}');
  await db.send(new PutItemCommand({ TableName, Item: { id: { S: body.id }, name: { S: body.name } } }));
  return { statusCode: 201 };`;
  for (const [folder, code] of [
    ['get-users-000id', get],
    ['post-users', post],
  ] as const) {
    await mkdir(path.join(dir, 'src', 'http', folder), { recursive: true });
    await writeFile(path.join(dir, 'src', 'http', folder, 'index.js'), ARC_HANDLER(code));
  }
  await writeFile(path.join(dir, 'sandbox-seed.json'), JSON.stringify({ users: [{ id: 'seeded', name: 'Ana Souza' }] }));
  // The handlers load the AWS SDK from this checkout's packages.
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return { dir, url: `http://127.0.0.1:${ARC_PORT}/users/seeded` };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const [qrcard, architect] = await Promise.all([qrcardProject(), architectApp()]);
try {
  const times = { qrcard: [] as number[], architect: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    times.qrcard.push(await readyTime(process.execPath, [QRCARD_BIN, 'dev'], qrcard.dir, qrcard.url));
    times.architect.push(await readyTime(ARC, ['sandbox', '--port', String(ARC_PORT)], architect.dir, architect.url));
    console.error(`run ${run + 1}: qrcard ${times.qrcard.at(-1)!.toFixed(0)} ms, Architect ${times.architect.at(-1)!.toFixed(0)} ms`);
  }
  console.log(
    `spawn to the first 200 of a seeded record, provisioned stage, median of ${RUNS} (load ${(await import('node:os')).loadavg()[0]!.toFixed(1)}):`,
  );
  console.log(`  qrcard dev      ${median(times.qrcard).toFixed(0)} ms  (${times.qrcard.map((ms) => ms.toFixed(0)).join(', ')})`);
  console.log(`  arc sandbox     ${median(times.architect).toFixed(0)} ms  (${times.architect.map((ms) => ms.toFixed(0)).join(', ')})`);
} finally {
  await Promise.all([rm(qrcard.dir, { recursive: true, force: true }), rm(architect.dir, { recursive: true, force: true })]);
}
