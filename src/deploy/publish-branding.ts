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
      ...(logoKey ? { logoKey } : {}),
      fontKeys,
    },
  };
}

/** Uploads the branding files and manifest that changed since the last deploy. */
export async function publishBranding(
  options: { readonly bucket: string; readonly config: Config; readonly configDir: string },
  io: Pick<DeployIo, 's3' | 'target'>,
): Promise<PublishSummary> {
  const plan = planBranding(options.config, options.configDir);
  const uploads: ObjectUpload[] = [];
  for (const entry of plan.files) {
    let body: Buffer;
    try {
      body = await readFile(entry.file);
    } catch (error) {
      throw userError('branding-missing', `cannot read branding file ${entry.file}: ${errorMessage(error)}`, {
        hint: 'fix branding.logo / branding.fonts in qrcard.config.json (paths are relative to it)',
      });
    }
    uploads.push({ bucket: options.bucket, key: entry.key, body, sha256: sha256Hex(body), contentType: contentTypeFor(entry.file) });
  }
  const manifest = Buffer.from(`${JSON.stringify(plan.manifest, null, 2)}\n`);
  uploads.push({
    bucket: options.bucket,
    key: BRANDING_KEY,
    body: manifest,
    sha256: sha256Hex(manifest),
    contentType: 'application/json; charset=utf-8',
  });
  return publishAll(uploads, io);
}
