// DynamoDB for the local engine: dynalite (LevelDB on disk) behind the edge, called in-process.

import { mkdir } from 'node:fs/promises';
import { request as httpRequest, Agent, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { ClassicLevel } from 'classic-level';
import type { Store } from 'dynalite/db/index.js';
import { userError } from '../../core/errors.js';
import type { ServiceHandler } from '../protocol/service-handler.js';
import { listenOnLoopback } from '../listen.js';
import { dynamoDbActions, type DynamoDbAction } from './dynamodb-actions.js';
import { createDynalite } from './dynalite-store.js';
import { cacheExpressionParses } from './expression-cache.js';
import { decodeCall, sendWireReply, wireError, type DecodedCall } from './dynamodb-wire.js';
import { withTransactWriteItems } from './transact-write-items.js';

export interface DynamoDbOptions {
  /** Directory of the LevelDB store (created if missing), e.g. `.qrcard/local/<stage>/dynamodb`. */
  readonly dir: string;
  /**
   * `call` (default) answers the engine's own actions (`dynamodb-actions.ts`) on dynalite's store and hands every
   * other request to dynalite's request listener in-process; `proxy` forwards every request over loopback HTTP to
   * dynalite's own port. Both are kept for the benchmark.
   */
  readonly transport?: 'call' | 'proxy';
}

export interface DynamoDbService {
  readonly handler: ServiceHandler;
  /** dynalite's own loopback URL (it must listen so that closing it also closes LevelDB). */
  readonly directUrl: string;
  stop(): Promise<void>;
}

/**
 * dynalite opens LevelDB without waiting and, when the store is locked by another engine, crashes the process on
 * the first request. Opening it once here first turns that into an error at start.
 */
async function assertStoreAvailable(dir: string): Promise<void> {
  const probe = new ClassicLevel(dir);
  try {
    await probe.open();
  } catch (error) {
    throw userError('local-store-locked', `The local DynamoDB store ${dir} is in use by another running engine.`, {
      hint: 'Stop the other `qrcard dev` for this stage, or use another stage.',
      cause: error,
    });
  } finally {
    await probe.close();
  }
}

/** Starts dynalite on a free loopback port with tables active at once (no CREATING delay). */
export async function startDynamoDb(options: DynamoDbOptions): Promise<DynamoDbService> {
  await mkdir(options.dir, { recursive: true });
  await assertStoreAvailable(options.dir);
  cacheExpressionParses();
  const { server, store } = createDynalite({ path: options.dir });
  const port = await listenOnLoopback(server);
  const agent = new Agent({ keepAlive: true });

  const callHandler: ServiceHandler = (request, body, response) => {
    const call = decodeCall(request.method, request.url, request.headers, body, dynamoDbActions);
    if (call) return answer(store, call, response);
    return new Promise<void>((resolve) => {
      // dynalite reads the body as 'data'/'end' events, so it gets a stream replaying the body the edge already read.
      const replay = Object.assign(Readable.from(body.length > 0 ? [body] : [], { objectMode: false }), {
        headers: request.headers,
        method: request.method,
        url: request.url,
      });
      response.once('close', () => resolve());
      // Handed to dynalite's request listener as if its own server had received it.
      server.emit('request', replay, response);
    });
  };

  const proxyHandler: ServiceHandler = (request, body, response) =>
    new Promise<void>((resolve, reject) => {
      const upstream = httpRequest(
        { host: '127.0.0.1', port, method: request.method, path: request.url, headers: request.headers, agent },
        (reply) => {
          response.writeHead(reply.statusCode ?? 500, reply.headers);
          reply.pipe(response);
          reply.on('end', resolve);
          reply.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });

  return {
    handler: withTransactWriteItems(store, options.transport === 'proxy' ? proxyHandler : callHandler),
    directUrl: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        agent.destroy();
        server.close((error?: Error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function answer(store: Store, call: DecodedCall<DynamoDbAction>, response: ServerResponse): Promise<void> {
  let result: object;
  try {
    result = await call.action(store, call.request);
  } catch (error) {
    const reply = wireError(error);
    if (!reply) throw error;
    sendWireReply(response, reply.status, reply.body, call.contentType);
    return;
  }
  sendWireReply(response, 200, result, call.contentType);
}
