// Packaging: deterministic zips, sizes within target, sharp binaries for the requested architecture,
// and bundles that load and answer on their own, outside this checkout.
import { after, before, describe, it } from 'node:test';
import { BUNDLED_FONTS, DEFAULT_LOGO } from '../../src/card/index.js';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as z from 'zod';
import { buildArtifacts, type BuiltArtifact } from '../../src/deploy/bundle.js';
import { deterministicZip } from '../../src/deploy/deterministic-zip.js';
import { ELF_MACHINE, elfMachine } from '../../src/deploy/elf-header.js';
import { packageRoot } from '../../src/deploy/function-entries.js';
import { readZip } from './bundle-support.js';
import { parseJsonAs } from '../support/json.js';

const run = promisify(execFile);
const SIZE_TARGET_BYTES = 250 * 1000;
// Shared with `qrcard build` in this checkout, so sharp's binaries are fetched once per version and architecture.
const cacheDir = path.join(packageRoot(), '.qrcard', 'cache');
const silent = { info: () => undefined };

describe('qrcard build artifacts', { timeout: 300_000 }, () => {
  let work: string;
  let first: BuiltArtifact[];
  let second: BuiltArtifact[];

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'qrcard-bundle-'));
    first = await buildArtifacts({ outDir: path.join(work, 'a'), architecture: 'arm64', cacheDir }, silent);
    second = await buildArtifacts({ outDir: path.join(work, 'b'), architecture: 'arm64', cacheDir }, silent);
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('builds the same bytes twice from the same source, keyed by their sha256', async () => {
    assert.deepEqual(
      first.map((artifact) => artifact.functionId),
      ['register-user', 'get-user', 'render-card'],
    );
    for (const [index, artifact] of first.entries()) {
      const again = second[index];
      assert.equal(artifact.sha256, again?.sha256, artifact.functionId);
      assert.deepEqual(await readFile(artifact.file), await readFile(again?.file ?? ''));
      assert.equal(artifact.key, `${artifact.functionId}/${artifact.sha256}.zip`);
      assert.equal((await readFile(artifact.file)).byteLength, artifact.bytes);
    }
  });

  it('keeps the API functions within 250 kB', () => {
    for (const id of ['register-user', 'get-user']) {
      const artifact = first.find((candidate) => candidate.functionId === id);
      assert.ok(artifact && artifact.bytes <= SIZE_TARGET_BYTES, `${id} is ${artifact?.bytes} bytes`);
    }
  });

  it('writes sorted entries with one fixed time and mode, index.mjs at the root', async () => {
    for (const artifact of first) {
      const entries = await readZip(artifact.file);
      const names = entries.map((entry) => entry.name);
      assert.deepEqual(names, [...names].sort());
      assert.ok(names.includes('index.mjs'), artifact.functionId);
      assert.ok(
        entries.every((entry) => entry.mode === 0o100644 && entry.dosDate === entries[0]?.dosDate && entry.dosTime === entries[0]?.dosTime),
      );
    }
  });

  it('ships sharp for linux arm64 with render-card, and the bundled fonts and logo', async () => {
    const entries = await readZip(first.find((artifact) => artifact.functionId === 'render-card')?.file ?? '');
    const binaries = entries.filter((entry) => entry.name.endsWith('.node'));
    assert.ok(binaries.length > 0);
    for (const binary of binaries) assert.equal(elfMachine(binary.data), 0xb7, binary.name);
    const libvips = entries.find((entry) => /sharp-libvips-linux-arm64\/lib\/libvips-cpp\.so/.test(entry.name));
    assert.equal(elfMachine(libvips?.data ?? Buffer.alloc(0)), ELF_MACHINE.arm64);
    const names = new Set(entries.map((entry) => entry.name));
    const expected = [
      'node_modules/sharp/package.json',
      `assets/${DEFAULT_LOGO}`,
      'assets/fonts/OFL-1.1.txt',
      ...BUNDLED_FONTS.map((font) => `assets/fonts/${font}`),
    ];
    for (const name of expected) {
      assert.ok(names.has(name), name);
    }
    const api = await readZip(first.find((artifact) => artifact.functionId === 'get-user')?.file ?? '');
    assert.deepEqual(
      api.map((entry) => entry.name),
      ['index.mjs'],
    );
  });

  it('register-user bundle loads on its own and answers a bad request without AWS', async () => {
    const directory = path.join(work, 'register-user');
    await unpack(first.find((artifact) => artifact.functionId === 'register-user')?.file ?? '', directory);
    const script = `const { handler } = await import(${JSON.stringify(path.join(directory, 'index.mjs'))});
      const response = await handler({ version: '2.0', routeKey: 'POST /api/users', rawPath: '/api/users', body: '[1]', isBase64Encoded: false, headers: {}, requestContext: { requestId: 'r-1', http: { method: 'POST', path: '/api/users' } } }, { functionName: 'f', functionVersion: '1', invokedFunctionArn: 'arn', memoryLimitInMB: '256', awsRequestId: 'a', getRemainingTimeInMillis: () => 1000 });
      process.stdout.write(JSON.stringify(response));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: directory,
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        TABLE_NAME: 't',
        TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:t',
        CARD_TYPES: 'attendee',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        LOG_LEVEL: 'SILENT',
      },
    });

    const response = parseJsonAs(stdout.trim().split('\n').at(-1) ?? '{}', z.looseObject({ body: z.string() }));
    assert.equal(response.statusCode, 400);
    assert.match(parseJsonAs(response.body, z.looseObject({ details: z.array(z.string()) })).details.join('\n'), /must be a JSON object/);
  });

  it('packages sharp for x86_64 on request, and that bundle loads sharp from its own node_modules', async () => {
    const [artifact] = await buildArtifacts(
      { outDir: path.join(work, 'x64'), architecture: 'x86_64', functions: ['render-card'], cacheDir },
      silent,
    );
    const entries = await readZip(artifact?.file ?? '');
    const binaries = entries.filter((entry) => entry.name.endsWith('.node'));
    assert.ok(binaries.length > 0);
    for (const binary of binaries) assert.equal(elfMachine(binary.data), 0x3e, binary.name);

    if (process.platform === 'linux' && process.arch === 'x64') {
      const directory = path.join(work, 'render-card');
      await unpack(artifact?.file ?? '', directory);
      const script = `const { handler } = await import(${JSON.stringify(path.join(directory, 'index.mjs'))});
        const { createRequire } = await import('node:module');
        const sharp = createRequire(${JSON.stringify(path.join(directory, 'index.mjs'))})('sharp');
        const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } }).png().toBuffer();
        process.stdout.write(JSON.stringify({ handler: typeof handler, png: png.subarray(1, 4).toString() }));`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        cwd: directory,
        env: {
          PATH: process.env.PATH,
          AWS_REGION: 'us-east-1',
          TABLE_NAME: 't',
          CARDS_BUCKET: 'c',
          ASSETS_BUCKET: 'a',
          BRANDING_KEY: 'branding/branding.json',
        },
      });
      assert.deepEqual(JSON.parse(stdout), { handler: 'function', png: 'PNG' });
    }
  });
});

describe('deterministicZip', () => {
  it('gives the same bytes whatever order the entries come in', async () => {
    const a = { name: 'b/x.txt', data: Buffer.from('x') };
    const b = { name: 'a.txt', data: Buffer.from('a') };

    assert.deepEqual(await deterministicZip([a, b]), await deterministicZip([b, a]));
  });

  it('refuses duplicate and escaping names', async () => {
    await assert.rejects(
      deterministicZip([
        { name: 'a', data: Buffer.from('1') },
        { name: 'a', data: Buffer.from('2') },
      ]),
      /duplicate/,
    );
    await assert.rejects(deterministicZip([{ name: '../a', data: Buffer.from('1') }]), /relative/);
  });
});

describe('elfMachine', () => {
  it('reads e_machine from little-endian ELF headers and rejects other files', () => {
    const header = Buffer.alloc(64);
    header.set([0x7f, 0x45, 0x4c, 0x46, 2, 1], 0);
    header.writeUInt16LE(0xb7, 18);

    assert.equal(elfMachine(header), 0xb7);
    assert.equal(elfMachine(Buffer.from('#!/bin/sh\n')), undefined);
  });
});

async function unpack(file: string, directory: string): Promise<void> {
  for (const entry of await readZip(file)) {
    const target = path.join(directory, ...entry.name.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, entry.data);
  }
}
