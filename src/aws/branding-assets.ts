// The operator's branding in the assets bucket: branding/branding.json and the logo and fonts it names.
// render-card reads it once per cold start and copies the files to local disk for the card renderer.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { configSchema, type Config } from '../core/config.js';
import { errorMessage } from '../core/errors.js';
import { BRANDING_PREFIX } from '../core/storage-keys.js';

/** The manifest deploy uploads (no secrets): what the card renderer needs of the config. */
export interface BrandingManifest {
  readonly cardTypes: Config['cardTypes'];
  readonly card: Config['card'];
  readonly colors: Config['branding']['colors'];
  readonly qr: Config['qr'];
  /** The event printed on every card; absent when the config names none (and in manifests of older deploys). */
  readonly event?: Config['event'];
  readonly logoKey?: string;
  readonly fontKeys: readonly string[];
  /** The content hash of these settings and files (deploy computes it); absent in manifests of older deploys. */
  readonly brandingHash?: string;
}

/** The branding part of a config, with logo and font paths relative to the download directory, and the manifest's hash. */
export type DownloadedBranding = Pick<Config, 'card' | 'branding' | 'cardTypes' | 'qr' | 'event'> & { readonly brandingHash?: string };

const BRANDING_KEY_PATTERN = /^branding\/[A-Za-z0-9._\-/]+$/;

/** Checks a manifest with the config schema's own rules; throws naming the first problem. */
export function parseBrandingManifest(text: string): BrandingManifest {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const parsed = configSchema.safeParse({
    cardTypes: raw.cardTypes,
    card: raw.card,
    branding: { colors: raw.colors },
    qr: raw.qr,
    event: raw.event,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`branding manifest is invalid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  const logoKey = raw.logoKey === undefined ? undefined : brandingKey(raw.logoKey);
  const fontKeys = Array.isArray(raw.fontKeys) ? raw.fontKeys.map(brandingKey) : [];
  const { cardTypes, card, branding, qr, event } = parsed.data;
  return {
    cardTypes,
    card,
    colors: branding.colors,
    qr,
    ...(event === undefined ? {} : { event }),
    ...(logoKey === undefined ? {} : { logoKey }),
    fontKeys,
    ...(typeof raw.brandingHash === 'string' ? { brandingHash: raw.brandingHash } : {}),
  };
}

/** A key under branding/, without `..`; anything else in a manifest is refused. */
function brandingKey(key: unknown): string {
  if (typeof key !== 'string' || !BRANDING_KEY_PATTERN.test(key) || key.split('/').includes('..')) {
    throw new Error(`branding manifest names an invalid key: ${JSON.stringify(key)}`);
  }
  return key;
}

export interface BrandingAssets {
  /** Reads the manifest at `manifestKey` and copies the files it names under `directory`. */
  download(manifestKey: string, directory: string): Promise<DownloadedBranding>;
  /** The hash of the branding published at `manifestKey`; undefined when there is none or it has no hash. */
  publishedHash(manifestKey: string): Promise<string | undefined>;
}

export function createBrandingAssets(client: S3Client, bucketName: string): BrandingAssets {
  // The key in the message: a card failed on branding says which file to fix, where S3 only says "does not exist".
  async function bytes(key: string): Promise<Uint8Array> {
    try {
      const output = await client.send(new GetObjectCommand({ Bucket: bucketName, Key: key }));
      if (!output.Body) throw new Error('it has no body');
      return await output.Body.transformToByteArray();
    } catch (error) {
      throw new Error(`branding file ${key} could not be read from the assets bucket: ${errorMessage(error)}`, { cause: error });
    }
  }
  async function copy(key: string, directory: string): Promise<string> {
    const relative = key.slice(BRANDING_PREFIX.length);
    const file = path.join(directory, ...relative.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, await bytes(key));
    return relative;
  }
  return {
    async download(manifestKey, directory) {
      const manifest = parseBrandingManifest(new TextDecoder().decode(await bytes(manifestKey)));
      const [logo, fonts] = await Promise.all([
        manifest.logoKey ? copy(manifest.logoKey, directory) : undefined,
        Promise.all(manifest.fontKeys.map((key) => copy(key, directory))),
      ]);
      return {
        card: manifest.card,
        cardTypes: manifest.cardTypes,
        qr: manifest.qr,
        ...(manifest.event === undefined ? {} : { event: manifest.event }),
        branding: { ...(logo ? { logo } : {}), fonts, colors: manifest.colors },
        ...(manifest.brandingHash === undefined ? {} : { brandingHash: manifest.brandingHash }),
      };
    },
    async publishedHash(manifestKey) {
      try {
        const output = await client.send(new GetObjectCommand({ Bucket: bucketName, Key: manifestKey }));
        return parseBrandingManifest((await output.Body?.transformToString()) ?? '{}').brandingHash;
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
  };
}
