// The cards bucket client against the local S3 emulator: a card deleted is gone, deleting none is fine.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createCardsBucket } from '../../src/aws/cards-bucket.js';
import { s3Config } from '../../src/aws/clients.js';
import { startEdge, type Edge } from '../../src/local/edge.js';
import { startS3 } from '../../src/local/s3/s3-service.js';

describe('cards bucket', { timeout: 60_000 }, () => {
  let dir: string;
  let edge: Edge;
  let stopS3: () => Promise<void>;
  let s3: S3Client;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qrcard-cards-bucket-'));
    edge = await startEdge();
    const service = await startS3({ dir: path.join(dir, 's3') });
    stopS3 = () => service.stop();
    edge.mount('s3', service.handler);
    s3 = new S3Client({
      ...s3Config({ kind: 'endpoint', endpoint: edge.url, region: 'us-east-1' }),
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'cards' }));
  });
  after(async () => {
    s3.destroy();
    await edge.stop();
    await stopS3();
    await rm(dir, { recursive: true, force: true });
  });

  const exists = async (key: string) => {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: 'cards', Key: key }));
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'NotFound') return false;
      throw error;
    }
  };

  it('deletes a card image, and deleting one that is not there succeeds', async () => {
    const cards = createCardsBucket(s3, 'cards');
    await cards.putCard('cards/u-1/attendee.png', new Uint8Array([137, 80, 78, 71]));
    assert.equal(await exists('cards/u-1/attendee.png'), true);

    await cards.deleteCard('cards/u-1/attendee.png');
    await cards.deleteCard('cards/u-2/attendee.png');

    assert.equal(await exists('cards/u-1/attendee.png'), false);
  });
});
