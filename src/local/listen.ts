// Binds a local server to the loopback address, on the given port or a free one.
import type { Server } from 'node:http';

/** Listens on 127.0.0.1 (port 0: a free one) and resolves to the port bound; rejects on a listen error. */
export async function listenOnLoopback(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  // A string address means a pipe or socket file, which listening on a port never gives.
  if (address === null || typeof address === 'string') throw new Error('the server is not listening on a TCP port');
  return address.port;
}
