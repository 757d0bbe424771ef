// Which DynamoDB calls the engine decodes itself (those of its own actions, as the SDK signs them) and which it
// leaves to dynalite's handler, so that every answer dynalite gives before an action stays dynalite's.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { decodeCall } from '../../../src/local/dynamodb/dynamodb-wire.js';
import { dynamoDbActions } from '../../../src/local/dynamodb/dynamodb-actions.js';

/** The headers and body of one BatchWriteItem exactly as the SDK sends it, caught by a plain HTTP server. */
async function sdkBatchWriteItem(): Promise<{ url: string; headers: IncomingHttpHeaders; body: Buffer }> {
  let caught: { url: string; headers: IncomingHttpHeaders; body: Buffer } | undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      caught = { url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) };
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{"UnprocessedItems":{}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await client.send(new BatchWriteItemCommand({ RequestItems: { users: [{ PutRequest: { Item: { user_id: { S: 'u1' } } } }] } }));
  } finally {
    client.destroy();
    server.close();
  }
  assert.ok(caught, 'the SDK sent a request');
  return caught;
}

describe('decoding calls for the engine’s own DynamoDB actions', () => {
  it('decodes a BatchWriteItem as the SDK signs it, and leaves whatever dynalite answers first to dynalite', async () => {
    const sdk = await sdkBatchWriteItem();
    const decode = (changes: { url?: string; headers?: IncomingHttpHeaders; body?: string; method?: string }) =>
      decodeCall(
        changes.method ?? 'POST',
        changes.url ?? sdk.url,
        { ...sdk.headers, ...changes.headers },
        changes.body === undefined ? sdk.body : Buffer.from(changes.body),
        dynamoDbActions,
      );
    const decoded = decode({});
    assert.equal(decoded?.action, dynamoDbActions['BatchWriteItem']);
    assert.deepEqual(decoded?.request, { RequestItems: { users: [{ PutRequest: { Item: { user_id: { S: 'u1' } } } }] } });
    assert.equal(decoded?.contentType, 'application/x-amz-json-1.0');

    const leftToDynalite = {
      'another operation': decode({ headers: { 'x-amz-target': 'DynamoDB_20120810.PutItem' } }),
      'the 2011 API': decode({ headers: { 'x-amz-target': 'DynamoDB_20111205.BatchWriteItem' } }),
      'a GET': decode({ method: 'GET' }),
      'a query string (presigned)': decode({ url: '/?X-Amz-Algorithm=AWS4-HMAC-SHA256' }),
      'a CORS request': decode({ headers: { origin: 'http://localhost:3000' } }),
      'another content type': decode({ headers: { 'content-type': 'text/plain' } }),
      'no signature': decode({ headers: { authorization: undefined } }),
      'a signature without its Credential': decode({ headers: { authorization: 'AWS4-HMAC-SHA256 SignedHeaders=host, Signature=00' } }),
      'no date': decode({ headers: { 'x-amz-date': undefined } }),
      'a body that is not JSON': decode({ body: '{"RequestItems"' }),
      'an empty body': decode({ body: '' }),
    };
    for (const [name, call] of Object.entries(leftToDynalite)) assert.equal(call, undefined, name);
  });
});
