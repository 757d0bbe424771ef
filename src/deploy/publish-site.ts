// The static site to its bucket: long-lived cache for content-hashed assets, no-cache for pages and config.json.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { userError, errorMessage } from '../core/errors.js';
import { contentTypeFor } from './content-types.js';
import type { DeployIo } from './deploy-io.js';
import { publishAll, sha256Hex, type ObjectUpload, type PublishSummary } from './s3-publish.js';

/** The file the page reads at start-up to find the API. */
export const SITE_CONFIG_KEY = 'config.json';

export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const NO_CACHE = 'no-cache';

/** Pure: whether a file name carries a content hash (`app.3f9a1c2b.js`, `index-BX2kq9Zp.css`, `chunk-KJ3HW2ZQ.js`). */
export function isContentHashed(file: string): boolean {
  const hash = /[.-]([A-Za-z0-9_]{8,})\.[A-Za-z0-9]+$/.exec(path.basename(file))?.[1];
  if (hash === undefined) return false;
  // A plain word such as "template" is not a hash: a hash has a digit or mixes upper and lower case.
  return /\d/.test(hash) || (/[a-z]/.test(hash) && /[A-Z]/.test(hash)) || /^[A-Z]+$/.test(hash);
}

/** Pure: the Cache-Control of a site file: forever when hashed, revalidate for pages and everything else. */
export function cacheControlFor(key: string): string {
  return isContentHashed(key) && !key.endsWith('.html') ? IMMUTABLE_CACHE : NO_CACHE;
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(dir, relative)));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}

export interface SiteSummary {
  readonly siteDir: string;
  /** Paths under siteDir, sorted. */
  readonly files: readonly string[];
  readonly bytes: number;
}

/** What a publish of `siteDir` uploads (besides config.json): its files and their total size. */
export async function siteSummary(siteDir: string): Promise<SiteSummary> {
  const files = (await listFiles(siteDir)).sort();
  let bytes = 0;
  for (const file of files) bytes += (await stat(path.join(siteDir, file))).size;
  return { siteDir, files, bytes };
}

export interface SiteOptions {
  readonly bucket: string;
  /** A built site: index.html and its assets. */
  readonly siteDir: string;
  /** Written as config.json, so the page knows its API base. */
  readonly siteConfig: Readonly<Record<string, unknown>>;
}

/** Uploads the site files that changed, and config.json. */
export async function publishSite(options: SiteOptions, io: Pick<DeployIo, 's3' | 'target'>): Promise<PublishSummary> {
  let files: string[];
  try {
    files = (await listFiles(options.siteDir)).sort();
  } catch (error) {
    throw userError('site-missing', `cannot read the site directory ${options.siteDir}: ${errorMessage(error)}`, {
      hint: 'build the site first, or pass --site-dir',
    });
  }
  const uploads: ObjectUpload[] = [];
  for (const key of files) {
    if (key === SITE_CONFIG_KEY) continue;
    const body = await readFile(path.join(options.siteDir, key));
    uploads.push({
      bucket: options.bucket,
      key,
      body,
      sha256: sha256Hex(body),
      contentType: contentTypeFor(key),
      cacheControl: cacheControlFor(key),
    });
  }
  const config = Buffer.from(`${JSON.stringify(options.siteConfig, null, 2)}\n`);
  uploads.push({
    bucket: options.bucket,
    key: SITE_CONFIG_KEY,
    body: config,
    sha256: sha256Hex(config),
    contentType: contentTypeFor(SITE_CONFIG_KEY),
    cacheControl: NO_CACHE,
  });
  return publishAll(uploads, io);
}
