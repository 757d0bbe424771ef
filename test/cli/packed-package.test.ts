// The package as npm publishes it, installed beside its production dependencies only: bin/qrcard must
// run from what `files` ships, and the bundle may import only packages that an install brings along.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import * as z from 'zod';
import { decodeQr, readVCard } from '../card/card-fixtures.js';
import { ensureFreshDist, runCli } from '../support/cli.js';
import { parseJsonAs } from '../support/json.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const manifestSchema = z.object({ version: z.string(), dependencies: z.record(z.string(), z.string()) });
const packSchema = z.array(z.object({ filename: z.string() })).length(1);

let work: string;
let installed: string;
let project: string;

/** `npm pack`s this checkout and unpacks it as `node_modules/qrcard` of a fresh directory, next to links to its dependencies. */
async function installPacked(into: string): Promise<string> {
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', into], { cwd: ROOT, encoding: 'utf8' });
  const [tarball] = parseJsonAs(packed, packSchema);
  const modules = path.join(into, 'node_modules');
  const target = path.join(modules, 'qrcard');
  await mkdir(target, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(into, tarball!.filename), '-C', target, '--strip-components=1']);
  const manifest = parseJsonAs(await readFile(path.join(ROOT, 'package.json'), 'utf8'), manifestSchema);
  for (const name of Object.keys(manifest.dependencies)) {
    await mkdir(path.dirname(path.join(modules, name)), { recursive: true });
    await symlink(path.join(ROOT, 'node_modules', name), path.join(modules, name), 'dir');
  }
  return target;
}

/** Loaded by the AWS SDK only if installed (it tries, and falls back when the import fails). */
const OPTIONAL_IMPORTS = new Set(['@aws-sdk/signature-v4-crt']);

function qrcard(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return runCli(args, {
    bin: path.join(installed, 'bin', 'qrcard'),
    cwd: project,
    env: { NODE_NO_WARNINGS: '1', NODE_PATH: undefined, AWS_ENDPOINT_URL: undefined, ...env },
  });
}

/** A loopback port that nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/** The packages the ES modules of `dir` import, found by esbuild's parser: it follows every static and dynamic import and keeps packages out. */
async function importedPackages(dir: string): Promise<Set<string>> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.js'));
  const { metafile } = await build({
    entryPoints: files.map((file) => path.join(dir, file)),
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    write: false,
    outdir: path.join(dir, 'analysed'),
    metafile: true,
    logLevel: 'silent',
  });
  const specifiers = Object.values(metafile.inputs).flatMap((input) =>
    input.imports.filter((entry) => entry.external).map((entry) => entry.path),
  );
  return new Set(
    specifiers
      .filter((specifier) => !specifier.startsWith('node:'))
      .map((specifier) =>
        specifier
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/'),
      ),
  );
}

describe('the packed package', { timeout: 180_000 }, () => {
  before(async () => {
    ensureFreshDist(['src']);
    work = await mkdtemp(path.join(tmpdir(), 'qrcard-packed-'));
    installed = await installPacked(work);
    project = path.join(work, 'project');
    await mkdir(project);
  });

  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('prints its version and help', async () => {
    const { version } = parseJsonAs(await readFile(path.join(ROOT, 'package.json'), 'utf8'), manifestSchema);

    const shown = await qrcard(['--version']);
    const help = await qrcard(['--help']);

    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(shown.stdout.trim(), version);
    assert.equal(help.code, 0, help.stderr);
    for (const command of ['dev', 'deploy', 'user', 'card', 'synth']) assert.match(help.stdout, new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('draws a card preview with the branding, fonts and image library it ships with', async () => {
    const run = await qrcard(['card', 'preview', '--name', 'Ana Souza', '--phone', '+5511987654321', '-o', 'ana.png']);

    assert.equal(run.code, 0, run.stderr);
    const vcard = readVCard((await decodeQr(await readFile(path.join(project, 'ana.png'))))!);
    assert.deepEqual([vcard.fn, vcard.tel], ['Ana Souza', '+5511987654321']);
  });

  it('imports from its bundle only node built-ins and the packages it depends on', async () => {
    const { dependencies } = parseJsonAs(await readFile(path.join(ROOT, 'package.json'), 'utf8'), manifestSchema);
    const imported = await importedPackages(path.join(installed, 'dist', 'bundle'));

    assert.ok(imported.has('esbuild'), 'no import of esbuild found: is the bundle where bin/qrcard looks?');
    const undeclared = [...imported].filter(
      (name) => !(name in dependencies) && !builtinModules.includes(name) && !OPTIONAL_IMPORTS.has(name),
    );
    assert.deepEqual(undeclared, []);
  });

  it('reaches for an AWS endpoint through the bundled SDK and says when nothing answers', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;

    const run = await qrcard(['--endpoint-url', endpoint, '--region', 'us-east-1', 'outputs'], {
      AWS_ACCESS_KEY_ID: 'packed',
      AWS_SECRET_ACCESS_KEY: 'packed',
      AWS_PROFILE: undefined,
    });

    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, new RegExp(`nothing answers at ${endpoint.replaceAll('.', '\\.')}`));
  });

  it('prints the stage template, which reads and validates the config', async () => {
    const run = await qrcard(['synth', '--stage', 'packed']);

    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /"AWS::DynamoDB::Table"/);
  });
});
