// The operator's branding to the assets bucket: branding/branding.json plus their own logo and fonts.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../core/config.js';
import { userError, errorMessage } from '../core/errors.js';
import { BRANDING_KEY, BRANDING_PREFIX } from '../core/storage-keys.js';
import { contentTypeFor } from './content-types.js';
import type { DeployIo } from './deploy-io.js';
import { publishAll, sha256Hex, type ObjectUpload, type PublishSummary } from './s3-publish.js';
import type { BrandingManifest } from '../aws/branding-assets.js';
import { brandingHash } from '../card/branding-hash.js';

export interface BrandingFile {
  /** Absolute path on disk. */
  readonly file: string;
  readonly key: string;
}

export interface BrandingPlan {
  readonly files: readonly BrandingFile[];
  /** The document render-card reads once per cold start. */
  readonly manifest: BrandingManifest;
}

/** Pure: which files go where, and the manifest that names them. Paths resolve against the config's directory. */
export function planBranding(config: Config, configDir: string): BrandingPlan {
  const files: BrandingFile[] = [];
  let logoKey: string | undefined;
  if (config.branding.logo) {
    logoKey = `${BRANDING_PREFIX}${path.basename(config.branding.logo)}`;
    files.push({ file: path.resolve(configDir, config.branding.logo), key: logoKey });
  }
  const fontKeys = config.branding.fonts.map((font) => {
    const key = `${BRANDING_PREFIX}fonts/${path.basename(font)}`;
    files.push({ file: path.resolve(configDir, font), key });
    return key;
  });
  return {
    files,
    manifest: {
      cardTypes: config.cardTypes,
      card: config.card,
      colors: config.branding.colors,
      qr: config.qr,
      ...(config.event === undefined ? {} : { event: config.event }),
      ...(logoKey ? { logoKey } : {}),
      fontKeys,
    },
  };
}

/** The branding read from disk, hashed and ready to upload: the manifest carries the hash of itself and the files. */
export interface PreparedBranding {
  readonly hash: string;
  /** The files and then the manifest, for any bucket. */
  uploads(bucket: string): ObjectUpload[];
}

/** Reads the branding files the config names and hashes them with the manifest's settings. */
export async function prepareBranding(config: Config, configDir: string): Promise<PreparedBranding> {
  const plan = planBranding(config, configDir);
  const files: Array<{ key: string; body: Buffer; sha256: string; contentType: string }> = [];
  for (const entry of plan.files) {
    let body: Buffer;
    try {
      body = await readFile(entry.file);
    } catch (error) {
      throw userError('branding-missing', `cannot read branding file ${entry.file}: ${errorMessage(error)}`, {
        hint: 'fix branding.logo / branding.fonts in qrcard.config.json (paths are relative to it)',
      });
    }
    files.push({ key: entry.key, body, sha256: sha256Hex(body), contentType: contentTypeFor(entry.file) });
  }
  const hash = brandingHash(plan.manifest, files);
  const manifest = Buffer.from(`${JSON.stringify({ ...plan.manifest, brandingHash: hash }, null, 2)}\n`);
  const manifestFile = { key: BRANDING_KEY, body: manifest, sha256: sha256Hex(manifest), contentType: 'application/json; charset=utf-8' };
  return { hash, uploads: (bucket) => [...files, manifestFile].map((file) => ({ bucket, ...file })) };
}

/** Uploads the branding files and manifest that changed since the last deploy. */
export async function publishBranding(
  options: { readonly bucket: string; readonly branding: PreparedBranding },
  io: Pick<DeployIo, 's3' | 'target'>,
): Promise<PublishSummary> {
  return publishAll(options.branding.uploads(options.bucket), io);
}
