// The local S3: path-style REST over the edge, objects and bucket settings kept on disk by S3Store.

import type { ServiceHandler } from '../protocol/service-handler.js';
import { restXmlHandler } from '../protocol/rest-xml.js';
import { s3Actions } from './s3-actions.js';
import { methodNotAllowed } from './s3-errors.js';
import { s3ActionFor } from './s3-routes.js';
import { S3Store } from './s3-store.js';

export interface S3Options {
  /** Directory holding the buckets (created if missing), e.g. `.qrcard/local/<stage>/s3`. */
  readonly dir: string;
}

export interface S3Service {
  readonly handler: ServiceHandler;
  /** Direct access for in-process readers (e.g. the local site server reading the site bucket). */
  readonly store: S3Store;
  stop(): Promise<void>;
}

/** Opens the store under `dir` and returns the S3 request handler to mount on the edge as `s3`. */
export async function startS3(options: S3Options): Promise<S3Service> {
  const store = await S3Store.open(options.dir);
  const handler = restXmlHandler((request) => {
    const action = s3ActionFor(request);
    if (action === undefined) throw methodNotAllowed();
    return s3Actions[action](store, request);
  });
  // Every write is on disk once its request is answered, so there is nothing to flush: only the journals to close.
  return {
    handler,
    store,
    stop: () => {
      store.close();
      return Promise.resolve();
    },
  };
}
