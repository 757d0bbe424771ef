// What the edge hands a request to: each protocol builds one of these from a service's action table.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A mounted service: gets the request, its whole body, and the response to write. */
export type ServiceHandler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => Promise<void>;
