// A client that keeps its request signer and skips the no-op logger's copies must put the same requests on the wire
// as one that does not: the same signatures at the same moment, and credentials read afresh when they expire.
import { after, before, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { savePerCallWork } from '../../src/aws/per-call-savings.js';
import { CUSTOM_ENDPOINT_S3_OPTIONS } from '../../src/aws/s3-options.js';

const REGION = 'eu-west-1';
const KEY = { user_id: { S: 'ana' }, type: { S: 'speaker' } };

describe('savePerCallWork', () => {
  let server: Server;
  let endpoint: string;
  const seen: IncomingHttpHeaders[] = [];

  before(async () => {
    server = createServer((request, response) => {
      seen.push(request.headers);
      request.resume();
      request.on('end', () => {
        if (request.method === 'PUT') response.writeHead(200, { etag: '"e"' }).end();
        else response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ Item: KEY }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    mock.timers.reset();
    server.close();
  });

  /** Each client's credentials expire at once, so the SDK asks for them again at every call. */
  function expiringCredentials(prefix: string) {
    let calls = 0;
    return () =>
      Promise.resolve({ accessKeyId: `${prefix}${(calls += 1)}`, secretAccessKey: 'secret', expiration: new Date(Date.now() + 1000) });
  }

  /** The one random header that is signed, made the same for every request so that signatures can be compared. */
  function fixInvocationId<Client extends DynamoDBClient | S3Client>(client: Client): Client {
    const fixed = (next: (args: { request: unknown }) => Promise<unknown>) => (args: { request: unknown }) => {
      (args.request as { headers: Record<string, string> }).headers['amz-sdk-invocation-id'] = 'fixed';
      return next(args);
    };
    // Typed for a finalize-step middleware, which the stack's overloads for two client types cannot name at once.
    client.middlewareStack.addRelativeTo(fixed as never, { relation: 'after', toMiddleware: 'retryMiddleware', name: 'fixInvocationId' });
    return client;
  }

  const dynamodb = (credentials: ReturnType<typeof expiringCredentials>) =>
    fixInvocationId(new DynamoDBClient({ endpoint, region: REGION, credentials }));
  const s3 = (credentials: ReturnType<typeof expiringCredentials>) =>
    fixInvocationId(new S3Client({ endpoint, region: REGION, credentials, ...CUSTOM_ENDPOINT_S3_OPTIONS }));

  it('signs each call as a client that builds a signer per call does', async () => {
    mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-05T10:00:00Z') });
    const plain = { dynamodb: dynamodb(expiringCredentials('KEY')), s3: s3(expiringCredentials('KEY')) };
    const saved = { dynamodb: savePerCallWork(dynamodb(expiringCredentials('KEY'))), s3: savePerCallWork(s3(expiringCredentials('KEY'))) };
    const signatures: Record<string, string[]> = { plain: [], saved: [] };

    for (const [name, clients] of Object.entries({ plain, saved })) {
      for (const user of ['ana', 'rui']) {
        seen.length = 0;
        await clients.dynamodb.send(new GetItemCommand({ TableName: 'users', Key: { ...KEY, user_id: { S: user } } }));
        await clients.s3.send(new PutObjectCommand({ Bucket: 'cards', Key: `cards/${user}.png`, Body: Buffer.from(user) }));
        signatures[name]?.push(...seen.map((headers) => String(headers.authorization)));
      }
    }
    mock.timers.reset();

    assert.equal(signatures.saved?.length, 4);
    assert.deepEqual(signatures.saved, signatures.plain);
    // The credentials were read again at each call: the signer keeps no key of its own.
    const keys = signatures.saved?.map((authorization) => /Credential=(\w+)\//.exec(authorization)?.[1]);
    assert.notEqual(keys?.[0], keys?.[2]);
    assert.notEqual(keys?.[1], keys?.[3]);
  });

  it('builds one signer per client and drops only the logging middleware', async () => {
    const client = dynamodb(expiringCredentials('KEY'));
    const buildSigner = client.config.signer;
    let builds = 0;
    client.config.signer = (authScheme) => {
      builds += 1;
      return buildSigner(authScheme);
    };
    const before = client.middlewareStack.identify();

    savePerCallWork(client);
    for (const user of ['ana', 'rui', 'eva'])
      await client.send(new GetItemCommand({ TableName: 'users', Key: { ...KEY, user_id: { S: user } } }));

    assert.equal(builds, 1);
    const dropped = before.filter((name) => !client.middlewareStack.identify().includes(name));
    assert.deepEqual(dropped, [before.find((name) => name.startsWith('loggerMiddleware'))]);
  });
});
