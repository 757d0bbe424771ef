// The render-card Lambda entry: clients built once per container; branding (manifest, logo, fonts)
// downloaded and loaded on the first event and kept for the container's life.
import { FUNCTION_ENV } from '../core/function-environment.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { createBrandingAssets } from '../aws/branding-assets.js';
import { createCardsBucket } from '../aws/cards-bucket.js';
import { createCardRecords } from '../aws/card-records.js';
import { brandedCardRenderer } from './branded-renderer.js';
import { lambdaS3Options, requiredEnv } from './environment.js';
import { createLogger } from './logging.js';
import { createRenderCardHandler } from './render-card-handler.js';

/**
 * Every event sends the same few commands, none with middleware of its own: each client resolves a command's
 * middleware stack at its first send and keeps it, rather than sorting the stack again at every send (about a fifth
 * of a small call's CPU). Nothing is added to the clients' stacks after they are built; the table is reached through
 * the plain DynamoDB client (card-records.ts), since the document client refuses this option.
 */
const RESOLVE_MIDDLEWARE_ONCE = { cacheMiddleware: true } as const;

export interface RenderCardClients {
  readonly dynamodb?: DynamoDBClient;
  readonly s3?: S3Client;
}

/**
 * The handler wired to AWS from TABLE_NAME, CARDS_BUCKET, ASSETS_BUCKET and BRANDING_KEY.
 * `clients` default to SDK clients configured by the Lambda environment.
 */
export function renderCardFromEnvironment(env: NodeJS.ProcessEnv, clients: RenderCardClients = {}) {
  const s3 = clients.s3 ?? new S3Client({ ...lambdaS3Options(env), ...RESOLVE_MIDDLEWARE_ONCE });
  const assets = createBrandingAssets(s3, requiredEnv(env, FUNCTION_ENV.assetsBucket));
  return createRenderCardHandler({
    users: createCardRecords(clients.dynamodb ?? new DynamoDBClient(RESOLVE_MIDDLEWARE_ONCE), requiredEnv(env, FUNCTION_ENV.tableName)),
    cards: createCardsBucket(s3, requiredEnv(env, FUNCTION_ENV.cardsBucket)),
    renderer: brandedCardRenderer(assets, requiredEnv(env, FUNCTION_ENV.brandingKey)),
    logger: createLogger('render-card'),
  });
}

// At init, so a missing variable fails the cold start by name rather than an event later.
export const handler = renderCardFromEnvironment(process.env);
