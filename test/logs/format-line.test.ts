// Showing a line: `time level function message keys` for people, the raw event plus its function as JSON.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatLine, jsonLine, PLAIN, type Painter } from '../../src/logs/format-line.js';
import { parseLogLine } from '../../src/logs/log-line.js';
import { handlerLine, logEvent } from './log-fixtures.js';

const at = Date.UTC(2026, 11, 5, 2, 3, 4, 56);

describe('formatLine', () => {
  it('shows time, level, function, message and the ids', () => {
    const line = parseLogLine(
      handlerLine('render-card', at, { message: 'card ready', user_id: 'ana', type: 'speaker', correlation_id: 'c-1' }),
    );

    assert.equal(formatLine(line), '2026-12-05T02:03:04.056Z INFO  render   card ready user_id=ana type=speaker cid=c-1');
  });

  it('indents the continuation lines of a multi-line message', () => {
    const line = parseLogLine(logEvent('get-user', at, 'first\nsecond'));

    assert.equal(formatLine(line, PLAIN), '2026-12-05T02:03:04.056Z -     get      first\n    second');
  });

  it('paints each function in its own colour through the painter', () => {
    const marks: Painter = {
      source: (source, text) => `<${source}>${text.trim()}`,
      level: (_level, text) => text.trim(),
      dim: (text) => text,
    };
    const shown = ['register-user', 'get-user'].map((fn) =>
      formatLine(parseLogLine(handlerLine(fn as 'register-user' | 'get-user', at, { message: 'm' })), marks),
    );

    assert.deepEqual(shown, ['2026-12-05T02:03:04.056Z INFO <register-user>register m', '2026-12-05T02:03:04.056Z INFO <get-user>get m']);
  });
});

describe('jsonLine', () => {
  it('is the event as read, with its log group and function', () => {
    const event = { ...logEvent('api', at, '{"requestId":"r"}', 'e-1'), logStreamName: 's', ingestionTime: at + 5 };

    assert.deepEqual(JSON.parse(jsonLine(event)), {
      logGroupName: '/aws/apigateway/app-dev/access',
      eventId: 'e-1',
      timestamp: at,
      message: '{"requestId":"r"}',
      logStreamName: 's',
      ingestionTime: at + 5,
      function: 'api',
    });
  });
});
