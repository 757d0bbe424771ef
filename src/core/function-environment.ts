// The environment contract between the template and the handlers: the name of each variable a function
// reads, written once for both sides.
export const FUNCTION_ENV = {
  tableName: 'TABLE_NAME',
  topicArn: 'TOPIC_ARN',
  cardsBucket: 'CARDS_BUCKET',
  assetsBucket: 'ASSETS_BUCKET',
  brandingKey: 'BRANDING_KEY',
  /** The branding's content hash as deployed; the manifest carries the same value once it is published. */
  brandingHash: 'BRANDING_HASH',
  /** Comma-separated card type ids. */
  cardTypes: 'CARD_TYPES',
  defaultCountry: 'DEFAULT_COUNTRY',
  cardUrlTtlSeconds: 'CARD_URL_TTL_SECONDS',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  logLevel: 'LOG_LEVEL',
  stage: 'STAGE',
} as const;
