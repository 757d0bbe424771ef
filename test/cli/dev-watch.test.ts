// `qrcard dev --watch` end to end, on a copy of the package so its sources can be edited: one engine for the
// file, each test saving a file and checking what the engine serves next.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureFreshDist } from '../support/cli.js';
import { startDev, type RunningDev } from '../support/dev-process.js';
import { copyPackage } from '../support/package-copy.js';
import { cliEnv } from './user/user-engine.js';

const LINE_TIMEOUT_MS = 120_000;

let dir: string;
let dev: RunningDev | undefined;
/** get-user's entry as the package has it. */
let getUserSource: string;
/** How much of stderr the tests have looked at: each waits for lines printed after it. */
let seen = 0;

/** Resolves with the first line matching `pattern` printed after the last one waited for. */
async function nextLine(pattern: RegExp): Promise<string> {
  const deadline = Date.now() + LINE_TIMEOUT_MS;
  for (;;) {
    const stderr = dev!.stderr();
    const rest = stderr.slice(seen);
    const match = rest.split('\n').find((line) => pattern.test(line));
    if (match !== undefined) {
      seen += rest.indexOf(match) + match.length;
      return match;
    }
    if (dev!.child.exitCode !== null || Date.now() > deadline) throw new Error(`no line matching ${String(pattern)}; stderr:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function edit(file: string, change: (text: string) => string): Promise<void> {
  const full = path.join(dir, file);
  await writeFile(full, change(await readFile(full, 'utf8')));
}

/** get-user's entry with its handler replaced by one answering `body` (after `gate` exists, when given). */
function getUserAnswering(body: string, gate?: { started: string; release: string }): () => string {
  const wait = gate
    ? `writeFileSync(${JSON.stringify(gate.started)}, ''); for (let i = 0; i < 160 && !existsSync(${JSON.stringify(gate.release)}); i++) await new Promise((r) => setTimeout(r, 50));`
    : '';
  return () =>
    getUserSource.replace(/^export const handler = .*$/m, '') +
    `import { existsSync, writeFileSync } from 'node:fs';\nexport const handler = async () => { ${wait} return { statusCode: 200, body: ${JSON.stringify(body)} }; };\n`;
}

async function get(urlPath: string): Promise<string> {
  const response = await fetch(`${dev!.siteUrl}${urlPath}`);
  return response.text();
}

before(async () => {
  ensureFreshDist(['src']);
  dir = await copyPackage('watch');
  await writeFile(path.join(dir, 'qrcard.config.json'), `${JSON.stringify({ defaultCountry: 'US' })}\n`);
  getUserSource = await readFile(path.join(dir, 'src', 'lambda', 'get-user.ts'), 'utf8');
  dev = await startDev(dir, { bin: path.join(dir, 'bin', 'qrcard'), args: ['--watch'], env: cliEnv() });
  await nextLine(/^watching .* for changes/);
});

after(async () => {
  try {
    await dev?.stop();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a handler edit rebuilds only the function it reaches and the next request runs it', async () => {
  await edit('src/lambda/get-user.ts', getUserAnswering('watch-v1'));

  const line = await nextLine(/reloaded /);
  const body = await get('/api/users/u1');

  assert.match(line, /reloaded get-user \(src\/lambda\/get-user\.ts\) in \d+ ms/);
  assert.equal(body, 'watch-v1');
});

test('an invocation running during a reload finishes on the old code, the next one runs the new', async () => {
  const gate = { started: path.join(dir, 'started'), release: path.join(dir, 'release') };
  await edit('src/lambda/get-user.ts', getUserAnswering('old-code', gate));
  await nextLine(/reloaded get-user/);
  const inFlight = get('/api/users/u2');
  while (!existsSync(gate.started)) await new Promise((resolve) => setTimeout(resolve, 20));

  await edit('src/lambda/get-user.ts', getUserAnswering('new-code'));
  await nextLine(/reloaded get-user/);
  const next = await get('/api/users/u3');
  await mkdir(gate.release, { recursive: true });

  assert.equal(next, 'new-code');
  assert.equal(await inFlight, 'old-code');
});

test('a build error is reported with file and line, the old code keeps serving, and the next good save recovers', async () => {
  await edit('src/lambda/get-user.ts', getUserAnswering('before-error'));
  await nextLine(/reloaded get-user/);

  await edit('src/lambda/get-user.ts', (text) => `${text}export const broken = ;\n`);
  const failure = await nextLine(/build failed/);
  const location = await nextLine(/get-user\.ts:\d+:\d+:/);
  const during = await get('/api/users/u4');
  await edit('src/lambda/get-user.ts', getUserAnswering('after-fix'));
  await nextLine(/reloaded get-user/);
  const recovered = await get('/api/users/u5');

  assert.match(failure, /build failed \(src\/lambda\/get-user\.ts\): get-user keeps the code it runs/);
  assert.match(location, /src\/lambda\/get-user\.ts:\d+:\d+: Unexpected ";"/);
  assert.equal(during, 'before-error');
  assert.equal(recovered, 'after-fix');
});

test('a page edit is rebuilt and published, and the site serves it', async () => {
  await edit('src/site/index.html', (text) => text.replace('</body>', '<!-- watch-page-v1 --></body>'));

  const line = await nextLine(/reloaded /);
  const page = await get('/');

  assert.match(line, /reloaded the page \(src\/site\/index\.html\) in \d+ ms/);
  assert.match(page, /watch-page-v1/);
});

test("a config change deploys the stack again, and the page's config follows it", async () => {
  await writeFile(path.join(dir, 'qrcard.config.json'), `${JSON.stringify({ defaultCountry: 'KR' })}\n`);

  const line = await nextLine(/redeployed /);
  const config = JSON.parse(await get('/config.json')) as { defaultCountry?: string };

  assert.match(line, /redeployed \(qrcard\.config\.json\) in \d+ ms: qrcard-dev updated \(modified \d+\)/);
  assert.equal(config.defaultCountry, 'KR');
});
