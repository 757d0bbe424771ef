// Site, branding and bucket emptying against the local S3 emulator through the real SDK client.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { startEdge, type Edge } from '../../src/local/edge.js';
import { startS3 } from '../../src/local/s3/s3-service.js';
import { s3Config } from '../../src/aws/clients.js';
import type { Target } from '../../src/aws/target.js';
import { configSchema } from '../../src/core/config.js';
import { cacheControlFor, isContentHashed, publishSite, siteSummary } from '../../src/deploy/publish-site.js';
import { BRANDING_KEY } from '../../src/core/storage-keys.js';
import { prepareBranding, publishBranding } from '../../src/deploy/publish-branding.js';
import { createBrandingAssets } from '../../src/aws/branding-assets.js';
import { emptyBucket } from '../../src/deploy/empty-bucket.js';
import type { DeployIo } from '../../src/deploy/deploy-io.js';
import { recordingOutput } from './fake-io.js';
import { parseJsonObject } from '../support/json.js';

const SITE = fileURLToPath(new URL('../fixtures/site', import.meta.url));
let edge: Edge;
let dir: string;
let io: DeployIo & { s3: S3Client };

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'qrcard-publish-'));
  edge = await startEdge();
  const s3 = await startS3({ dir: path.join(dir, 's3') });
  edge.mount('s3', s3.handler);
  const target: Target = { kind: 'endpoint', endpoint: edge.url, region: 'us-east-1' };
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  io = {
    target,
    s3: new S3Client({ ...s3Config(target), credentials }),
    cloudformation: new CloudFormationClient({ region: 'us-east-1', endpoint: edge.url, credentials }),
    output: recordingOutput(),
  };
  await io.s3.send(new CreateBucketCommand({ Bucket: 'site' }));
  await io.s3.send(new CreateBucketCommand({ Bucket: 'assets' }));
  await io.s3.send(new CreateBucketCommand({ Bucket: 'full' }));
});

after(async () => {
  io.s3.destroy();
  io.cloudformation.destroy();
  await edge.stop();
  await rm(dir, { recursive: true, force: true });
});

test('content-hashed names are recognised; plain words are not', () => {
  assert.equal(isContentHashed('assets/app-KJ3HW2ZQ.js'), true);
  assert.equal(isContentHashed('assets/index-BX2kq9Zp.css'), true);
  assert.equal(isContentHashed('main.3f9a1c2b.js'), true);
  assert.equal(isContentHashed('assets/template.js'), false);
  assert.equal(isContentHashed('index.html'), false);
  assert.equal(cacheControlFor('index.html'), 'no-cache');
});

test('the site goes up with content types, long cache for hashed assets, no-cache for index.html and config.json', async () => {
  const first = await publishSite({ bucket: 'site', siteDir: SITE, siteConfig: { apiBase: 'https://api.example.test' } }, io);

  assert.deepEqual(first.uploaded, ['assets/app-3F9A1C2B.css', 'assets/app-KJ3HW2ZQ.js', 'config.json', 'favicon.svg', 'index.html']);
  const head = (key: string) => io.s3.send(new HeadObjectCommand({ Bucket: 'site', Key: key }));
  const index = await head('index.html');
  assert.equal(index.ContentType, 'text/html; charset=utf-8');
  assert.equal(index.CacheControl, 'no-cache');
  const script = await head('assets/app-KJ3HW2ZQ.js');
  assert.equal(script.ContentType, 'text/javascript; charset=utf-8');
  assert.equal(script.CacheControl, 'public, max-age=31536000, immutable');
  assert.equal((await head('favicon.svg')).ContentType, 'image/svg+xml');
  const config = await io.s3.send(new GetObjectCommand({ Bucket: 'site', Key: 'config.json' }));
  assert.equal(config.CacheControl, 'no-cache');
  assert.deepEqual(JSON.parse(await config.Body!.transformToString()), { apiBase: 'https://api.example.test' });

  const again = await publishSite({ bucket: 'site', siteDir: SITE, siteConfig: { apiBase: 'https://api.example.test' } }, io);
  assert.deepEqual(again.uploaded, [], 'an unchanged site uploads nothing');

  const moved = await publishSite({ bucket: 'site', siteDir: SITE, siteConfig: { apiBase: 'https://api2.example.test' } }, io);
  assert.deepEqual(moved.uploaded, ['config.json'], 'a new API base changes only config.json');
});

test('the summary `qrcard build` prints names every file a publish uploads, and their total size', async () => {
  const summary = await siteSummary(SITE);

  assert.deepEqual(summary.files, ['assets/app-3F9A1C2B.css', 'assets/app-KJ3HW2ZQ.js', 'favicon.svg', 'index.html']);
  assert.equal(summary.bytes, 34 + 141 + 63 + 268);
});

test('branding: manifest, logo and fonts under branding/, uploaded again only when changed', async () => {
  const configDir = path.join(dir, 'project');
  await mkdir(path.join(configDir, 'brand'), { recursive: true });
  await writeFile(path.join(configDir, 'brand', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  await writeFile(path.join(configDir, 'brand', 'NotoSansKR.otf'), 'font-bytes');
  const config = configSchema.parse({ branding: { logo: 'brand/logo.png', fonts: ['brand/NotoSansKR.otf'] } });

  const branding = await prepareBranding(config, configDir);
  const first = await publishBranding({ bucket: 'assets', branding }, io);
  const second = await publishBranding({ bucket: 'assets', branding }, io);

  assert.deepEqual(first.uploaded, [BRANDING_KEY, 'branding/fonts/NotoSansKR.otf', 'branding/logo.png']);
  assert.deepEqual(second.uploaded, []);
  const manifest = parseJsonObject(
    await (await io.s3.send(new GetObjectCommand({ Bucket: 'assets', Key: BRANDING_KEY }))).Body!.transformToString(),
  );
  assert.equal(manifest.logoKey, 'branding/logo.png');
  assert.deepEqual(manifest.fontKeys, ['branding/fonts/NotoSansKR.otf']);
  assert.deepEqual(manifest.card, { width: 1050, height: 600 });
  assert.equal((await io.s3.send(new HeadObjectCommand({ Bucket: 'assets', Key: 'branding/logo.png' }))).ContentType, 'image/png');
});

test('branding: the event name travels in the manifest to render-card, and a new event name gives a new branding hash', async () => {
  const configDir = path.join(dir, 'event-project');
  await mkdir(configDir, { recursive: true });
  const event = { name: 'Lisbon Tech Summit 2027', tagline: '12-14 May · Lisbon' };
  const withoutEvent = await prepareBranding(configSchema.parse({}), configDir);
  const renamed = await prepareBranding(configSchema.parse({ event: { ...event, name: 'Porto Tech Summit 2027' } }), configDir);
  const retagged = await prepareBranding(configSchema.parse({ event: { ...event, tagline: '19-21 May · Lisbon' } }), configDir);

  const branding = await prepareBranding(configSchema.parse({ event }), configDir);
  await publishBranding({ bucket: 'assets', branding }, io);
  const downloaded = await createBrandingAssets(io.s3, 'assets').download(BRANDING_KEY, path.join(dir, 'event-download'));

  assert.deepEqual(downloaded.event, event);
  assert.equal(downloaded.brandingHash, branding.hash);
  assert.equal(new Set([withoutEvent.hash, branding.hash, renamed.hash, retagged.hash]).size, 4);
});

test('emptying a bucket deletes every object in batches and reports progress', async () => {
  const keys = Array.from({ length: 1_050 }, (_, index) => `cards/u${index}/attendee.png`);
  for (let start = 0; start < keys.length; start += 50) {
    await Promise.all(keys.slice(start, start + 50).map((Key) => io.s3.send(new PutObjectCommand({ Bucket: 'full', Key, Body: 'x' }))));
  }
  const output = recordingOutput();

  const deleted = await emptyBucket('full', { ...io, output });

  assert.equal(deleted, 1_050);
  const left = await io.s3.send(new ListObjectVersionsCommand({ Bucket: 'full' }));
  assert.equal((left.Versions ?? []).length + (left.DeleteMarkers ?? []).length, 0);
  assert.ok(output.lines.some((line) => line === 'update emptying full: 1000 deleted'));
  assert.equal(output.lines.at(-1), 'succeed emptied full: 1050 object versions deleted');
  assert.equal(await emptyBucket('no-such-bucket', { ...io, output }), 0, 'a bucket already gone counts as empty');
});
