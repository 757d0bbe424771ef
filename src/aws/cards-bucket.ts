// The private cards bucket: PNGs at cards/{user_id}/{type}.png, read through short-lived presigned URLs.
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_CARD_URL_TTL_SECONDS } from '../core/storage-keys.js';
import { createPresignedGets } from './presigned-get.js';

export interface CardsBucket {
  readonly bucketName: string;
  putCard(key: string, png: Uint8Array): Promise<void>;
  /** Deletes a card image; deleting one that is not there is not an error (S3 answers the same). */
  deleteCard(key: string): Promise<void>;
  /** A GET URL valid for `ttlSeconds` (default 300). Signing is local: no request is sent. */
  cardUrl(key: string, ttlSeconds?: number): Promise<string>;
  /** A card image's bytes, or undefined when there is none at `key`. */
  getCard(key: string): Promise<Uint8Array | undefined>;
}

export function createCardsBucket(client: S3Client, bucketName: string): CardsBucket {
  const presignedGets = createPresignedGets(client, bucketName);
  return {
    bucketName,
    async putCard(key, png) {
      await client.send(
        new PutObjectCommand({ Bucket: bucketName, Key: key, Body: png, ContentType: 'image/png', CacheControl: 'private, max-age=60' }),
      );
    },
    async deleteCard(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucketName, Key: key }));
    },
    cardUrl: (key, ttlSeconds = DEFAULT_CARD_URL_TTL_SECONDS) => presignedGets.url(key, ttlSeconds),
    async getCard(key) {
      try {
        const output = await client.send(new GetObjectCommand({ Bucket: bucketName, Key: key }));
        return await output.Body?.transformToByteArray();
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
  };
}
