// How each way an invocation can end is reported: the caller's result and the lines Lambda logs after
// the function's own (failure line, END, REPORT).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { invocationRecord, type InvocationFacts } from '../../../src/local/functions/invocation-record.js';

const requestId = '6f1c2a9e-0000-4000-8000-000000000001';
const at = new Date('2026-01-02T03:04:05.678Z');
const MB = 1024 * 1024;

function facts(overrides: Partial<InvocationFacts> & Pick<InvocationFacts, 'outcome'>): InvocationFacts {
  return {
    requestId,
    timeoutSeconds: 3,
    memorySizeMb: 128,
    durationMs: 12.345,
    initDurationMs: undefined,
    maxMemoryBytes: 40 * MB,
    at,
    ...overrides,
  };
}

describe('invocationRecord', () => {
  it('returns a result as the payload and logs END and REPORT with the memory the process reported', () => {
    const record = invocationRecord(facts({ outcome: { kind: 'result', ok: true, value: { ok: 1 }, maxMemoryBytes: 64 * MB } }));

    assert.deepEqual(record.result, { requestId, ok: true, payload: { ok: 1 } });
    assert.deepEqual(record.lines, [
      `END RequestId: ${requestId}`,
      `REPORT RequestId: ${requestId}\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\t`,
    ]);
  });

  it('adds the Init Duration on a cold start', () => {
    const record = invocationRecord(
      facts({ outcome: { kind: 'result', ok: true, value: null, maxMemoryBytes: 64 * MB }, initDurationMs: 250.5 }),
    );

    assert.match(record.lines[1] ?? '', /\tBilled Duration: 263 ms\t.*\tInit Duration: 250\.50 ms\t$/);
  });

  it('logs a handler error as an Invoke Error line, without a REPORT status', () => {
    const error = { errorType: 'TypeError', errorMessage: 'bad input', trace: ['TypeError: bad input'] };

    const record = invocationRecord(facts({ outcome: { kind: 'result', ok: false, error, maxMemoryBytes: 64 * MB } }));

    assert.deepEqual(record.result, { requestId, ok: false, error });
    assert.equal(
      record.lines[0],
      `2026-01-02T03:04:05.678Z\t${requestId}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"bad input","stack":["TypeError: bad input"]}`,
    );
    assert.doesNotMatch(record.lines[2] ?? '', /Status:/);
  });

  it('reports a timeout as Sandbox.Timedout with the memory seen before', () => {
    const record = invocationRecord(facts({ outcome: { kind: 'timeout' }, timeoutSeconds: 1 }));

    assert.deepEqual(record.result, {
      requestId,
      ok: false,
      error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after 1.00 seconds` },
    });
    assert.equal(record.lines[0], `2026-01-02T03:04:05.678Z ${requestId} Task timed out after 1.00 seconds`);
    assert.match(record.lines[2] ?? '', /\tMax Memory Used: 40 MB\tStatus: timeout\t$/);
  });

  it('reports a process that exited, by status or by signal', () => {
    const byStatus = invocationRecord(facts({ outcome: { kind: 'exit', code: 3, signal: null } }));
    const bySignal = invocationRecord(facts({ outcome: { kind: 'exit', code: null, signal: 'SIGKILL' } }));

    assert.deepEqual(byStatus.result, {
      requestId,
      ok: false,
      error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: exit status 3` },
    });
    assert.equal(bySignal.lines[0], `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`);
    assert.match(bySignal.lines[2] ?? '', /\tStatus: error\t$/);
  });

  it('reports a module that failed to load with its error and Status: error', () => {
    const error = { errorType: 'Runtime.ImportModuleError', errorMessage: "Cannot find module 'index'" };

    const record = invocationRecord(facts({ outcome: { kind: 'init-error', error } }));

    assert.deepEqual(record.result, { requestId, ok: false, error });
    assert.match(record.lines[0] ?? '', /\tERROR\tInvoke Error \t\{"errorType":"Runtime.ImportModuleError"/);
    assert.match(record.lines[2] ?? '', /\tStatus: error\t$/);
  });
});
