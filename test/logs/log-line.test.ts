// Reading log lines back: the handlers' JSON, the access log, Lambda's platform and console lines, levels.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { atLevel, parseLogLine } from '../../src/logs/log-line.js';
import { accessLine, handlerLine, logEvent } from './log-fixtures.js';

describe('parseLogLine', () => {
  it("reads a handler's level, message, user, type and correlation id", () => {
    const line = parseLogLine(
      handlerLine('register-user', 1, {
        message: 'registered; card requested',
        user_id: 'ana',
        type: 'speaker',
        correlation_id: 'c-1',
        function_request_id: 'inv-1',
      }),
    );

    assert.deepEqual(
      {
        level: line.level,
        text: line.text,
        userId: line.userId,
        type: line.type,
        correlationId: line.correlationId,
        invocationId: line.invocationId,
      },
      { level: 'INFO', text: 'registered; card requested', userId: 'ana', type: 'speaker', correlationId: 'c-1', invocationId: 'inv-1' },
    );
  });

  it("adds a handler error's message to the line", () => {
    const line = parseLogLine(handlerLine('render-card', 1, { level: 'ERROR', message: 'card not rendered', error_message: 'bad logo' }));

    assert.equal(line.level, 'ERROR');
    assert.equal(line.text, 'card not rendered: bad logo');
  });

  it('reads an access line as method, path, status and latency, its request id as the correlation id', () => {
    const ok = parseLogLine(accessLine(1, 'req-1'));
    const failed = parseLogLine(accessLine(1, 'req-2', 502));

    assert.deepEqual([ok.level, ok.text, ok.correlationId], ['INFO', 'POST /api/users 201 12ms', 'req-1']);
    assert.equal(failed.level, 'ERROR');
  });

  it("reads Lambda's START, END and REPORT lines by their request id; a failed REPORT is an error", () => {
    const start = parseLogLine(logEvent('get-user', 1, 'START RequestId: inv-9 Version: $LATEST'));
    const report = parseLogLine(logEvent('get-user', 1, 'REPORT RequestId: inv-9\tDuration: 3.00 ms\tStatus: timeout\t'));

    assert.deepEqual([start.level, start.invocationId], ['-', 'inv-9']);
    assert.deepEqual([report.level, report.invocationId], ['ERROR', 'inv-9']);
    assert.equal(report.text, 'REPORT RequestId: inv-9  Duration: 3.00 ms  Status: timeout');
  });

  it("reads the Node runtime's console line and keeps any other line as it is", () => {
    const console = parseLogLine(logEvent('render-card', 1, '2026-12-05T01:02:03.000Z\tinv-3\tWARN\tslow font\tload'));
    const plain = parseLogLine(logEvent('render-card', 1, 'something odd\n'));

    assert.deepEqual([console.level, console.text, console.invocationId], ['WARN', 'slow font load', 'inv-3']);
    assert.deepEqual([plain.level, plain.text], ['-', 'something odd']);
  });
});

describe('atLevel', () => {
  it('keeps warnings and errors for warn, only errors for error, never lines without a level', () => {
    const lines = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'].map((level) =>
      parseLogLine(handlerLine('get-user', 1, { level, message: level })),
    );
    const platform = parseLogLine(logEvent('get-user', 1, 'END RequestId: x'));

    assert.deepEqual(
      lines.filter((line) => atLevel(line, 'warn')).map((line) => line.level),
      ['WARN', 'ERROR', 'CRITICAL'],
    );
    assert.deepEqual(
      lines.filter((line) => atLevel(line, 'error')).map((line) => line.level),
      ['ERROR', 'CRITICAL'],
    );
    assert.equal(atLevel(platform, 'warn'), false);
  });
});
