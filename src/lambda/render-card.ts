// The render-card Lambda entry: clients built once per container; branding (manifest, logo, fonts)
// downloaded and loaded on the first event and kept for the container's life.
import { FUNCTION_ENV } from '../core/function-environment.js';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { createBrandingAssets } from '../aws/branding-assets.js';
import { createCardsBucket } from '../aws/cards-bucket.js';
import { createUsersTable } from '../aws/users-table.js';
import { defaultAssetsDir, loadBranding, renderCard } from '../card/index.js';
import { lambdaS3Options, requiredEnv } from './environment.js';
import { createLogger } from './logging.js';
import { createRenderCardHandler } from './render-card-handler.js';

/** The bundled fonts and default logo: `assets/` beside index.mjs in the zip, the package's own from source. */
export function bundledAssetsDir(): string {
  const besideModule = fileURLToPath(new URL('./assets/', import.meta.url));
  return existsSync(besideModule) ? besideModule : defaultAssetsDir();
}

export interface RenderCardClients {
  readonly dynamodb?: DynamoDBClient;
  readonly s3?: S3Client;
}

/**
 * The handler wired to AWS from TABLE_NAME, CARDS_BUCKET, ASSETS_BUCKET and BRANDING_KEY.
 * `clients` default to SDK clients configured by the Lambda environment.
 */
export function renderCardFromEnvironment(env: NodeJS.ProcessEnv, clients: RenderCardClients = {}) {
  const s3 = clients.s3 ?? new S3Client(lambdaS3Options(env));
  const assets = createBrandingAssets(s3, requiredEnv(env, FUNCTION_ENV.assetsBucket));
  const brandingKey = requiredEnv(env, FUNCTION_ENV.brandingKey);
  return createRenderCardHandler({
    users: createUsersTable(clients.dynamodb ?? new DynamoDBClient({}), requiredEnv(env, FUNCTION_ENV.tableName)),
    cards: createCardsBucket(s3, requiredEnv(env, FUNCTION_ENV.cardsBucket)),
    renderer: {
      async loadBranding() {
        // /tmp is the only writable place in Lambda; a fresh directory per load keeps retries clean.
        const directory = await mkdtemp(path.join(tmpdir(), 'qrcard-branding-'));
        const config = await assets.download(brandingKey, directory);
        return loadBranding({ config, baseDir: directory, assetsDir: bundledAssetsDir() });
      },
      renderCard: (record, branding) => renderCard(record, branding),
    },
    logger: createLogger('render-card'),
  });
}

// At init, so a missing variable fails the cold start by name rather than an event later.
export const handler = renderCardFromEnvironment(process.env);
