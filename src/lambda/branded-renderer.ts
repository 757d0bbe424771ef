// render-card's card renderer: the operator's branding downloaded from the assets bucket (manifest, logo,
// fonts) and loaded with the bundled fonts as fallbacks, then one PNG per record.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrandingAssets } from '../aws/branding-assets.js';
import type { CardBranding } from '../card/branding.js';
import { defaultAssetsDir, loadBranding, renderCard } from '../card/index.js';
import type { CardRenderer } from './render-card-handler.js';

/** The bundled fonts and default logo: `assets/` beside index.mjs in the zip, the package's own from source. */
export function bundledAssetsDir(): string {
  const besideModule = fileURLToPath(new URL('./assets/', import.meta.url));
  return existsSync(besideModule) ? besideModule : defaultAssetsDir();
}

/** Draws cards with the branding that the manifest at `brandingKey` in the assets bucket names. */
export function brandedCardRenderer(assets: BrandingAssets, brandingKey: string): CardRenderer<CardBranding> {
  const hashes = new WeakMap<CardBranding, string>();
  return {
    async loadBranding() {
      // /tmp is the only writable place in Lambda; a fresh directory per load keeps retries clean.
      const directory = await mkdtemp(path.join(tmpdir(), 'qrcard-branding-'));
      const config = await assets.download(brandingKey, directory);
      const branding = await loadBranding({ config, baseDir: directory, assetsDir: bundledAssetsDir() });
      if (config.brandingHash !== undefined) hashes.set(branding, config.brandingHash);
      return branding;
    },
    renderCard: (record, branding) => renderCard(record, branding),
    brandingHash: (branding) => hashes.get(branding),
  };
}
