// The table the JSON protocol dispatches Logs requests through.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { logsActions } from '../../../src/local/logs/logs-actions.js';

describe('logsActions', () => {
  it('names every action the local CloudWatch Logs answers', () => {
    assert.deepEqual(Object.keys(logsActions).sort(), [
      'CreateLogGroup',
      'CreateLogStream',
      'DeleteLogGroup',
      'DeleteLogStream',
      'DeleteRetentionPolicy',
      'DescribeLogGroups',
      'DescribeLogStreams',
      'FilterLogEvents',
      'GetLogEvents',
      'PutLogEvents',
      'PutRetentionPolicy',
    ]);
  });
});
