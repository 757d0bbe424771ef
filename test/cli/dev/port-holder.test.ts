// The process holding a port, for the message of a port clash, read from Linux's /proc.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { findPortHolder, listeningInodes } from '../../../src/cli/dev/port-holder.js';
import { withTempDir } from '../../support/temp-dir.js';

const TABLE = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0',
  '   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 4343 1 0000000000000000 20 4 30 10 -1',
  '   2: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4444 1 0000000000000000 100 0 0 10 0',
].join('\n');

describe('listeningInodes', () => {
  it('picks the listening sockets of the port, not its connections nor other ports', () => {
    assert.deepEqual(listeningInodes(TABLE, 8080), ['4242']);
    assert.deepEqual(listeningInodes(TABLE, 8081), ['4444']);
    assert.deepEqual(listeningInodes(TABLE, 9000), []);
  });
});

describe('findPortHolder', () => {
  it('names this process for a port it listens on', { skip: existsSync('/proc/net/tcp') ? false : 'no /proc/net/tcp here' }, async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const holder = await findPortHolder((server.address() as AddressInfo).port);

      assert.equal(holder?.pid, process.pid);
      assert.match(holder.command, /node/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('finds nothing, without throwing, where there is no /proc', async () => {
    await withTempDir('port-holder', async (dir) => {
      assert.equal(await findPortHolder(8080, dir), undefined);
    });
  });
});
