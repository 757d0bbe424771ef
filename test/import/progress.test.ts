// The progress line: rows, share of the file by bytes, speed, rejects and the time left.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeProgress } from '../../src/import/progress.js';

describe('describeProgress', () => {
  it('gives the share by bytes and the time left at the pace so far', () => {
    const line = describeProgress({ rows: 4_000, bytesRead: 250, totalBytes: 1_000, imported: 3_990, rejected: 10, elapsedMs: 2_000 });

    assert.equal(line, '4,000 rows (25%), 2,000 rows/s, 10 rejected, about 0:06 left');
  });

  it('leaves out the share and the time left when the size is unknown (stdin)', () => {
    const line = describeProgress({ rows: 90, bytesRead: 5_000, imported: 90, rejected: 0, elapsedMs: 3_000 });

    assert.equal(line, '90 rows, 30 rows/s, 0 rejected');
  });
});
