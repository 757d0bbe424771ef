// Log lines on their way to the Logs service: in order per stream, batched while an append runs, and a
// failed append loses its batch without failing anything else.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FunctionLogWriter, type FunctionLogSink, type LogEvent } from '../../../src/local/functions/function-log-writer.js';
import { hasSettled, settled } from './promise-state.js';

/** A sink whose appends finish only when the test lets them. */
class HeldSink implements FunctionLogSink {
  readonly batches: Array<{ group: string; stream: string; messages: string[] }> = [];
  private readonly held: Array<{ finish: () => void; fail: (error: Error) => void }> = [];

  append(group: string, stream: string, events: readonly LogEvent[]): Promise<void> {
    this.batches.push({ group, stream, messages: events.map((event) => event.message) });
    return new Promise((finish, fail) => this.held.push({ finish, fail }));
  }

  finishNext(): void {
    this.held.shift()?.finish();
  }

  failNext(): void {
    this.held.shift()?.fail(new Error('disk full'));
  }
}

describe('FunctionLogWriter', () => {
  it('sends the lines written while an append runs together, in order, in the next append', async () => {
    const sink = new HeldSink();
    const writer = new FunctionLogWriter(sink);

    writer.append('/aws/lambda/f', 's1', 'START');
    await settled();
    writer.append('/aws/lambda/f', 's1', 'line one');
    writer.append('/aws/lambda/f', 's1', 'line two');
    sink.finishNext();
    await settled();
    sink.finishNext();
    await writer.idle();

    assert.deepEqual(
      sink.batches.map((batch) => batch.messages),
      [['START'], ['line one', 'line two']],
    );
  });

  it('writes different streams side by side', async () => {
    const sink = new HeldSink();
    const writer = new FunctionLogWriter(sink);

    writer.append('/aws/lambda/f', 's1', 'one');
    writer.append('/aws/lambda/f', 's2', 'two');
    await settled();

    assert.deepEqual(
      sink.batches.map((batch) => batch.stream),
      ['s1', 's2'],
    );
  });

  it('tells when one stream has been written, whatever the others are doing', async () => {
    const sink = new HeldSink();
    const writer = new FunctionLogWriter(sink);
    writer.append('/aws/lambda/f', 's1', 'one');
    writer.append('/aws/lambda/f', 's2', 'two');
    await settled();

    const s1Written = writer.written('/aws/lambda/f', 's1');
    const before = await hasSettled(s1Written);
    sink.finishNext();
    const after = await hasSettled(s1Written);

    assert.deepEqual({ before, after }, { before: false, after: true });
  });

  it('drops a batch whose append fails and goes on with the next lines', async () => {
    const sink = new HeldSink();
    const writer = new FunctionLogWriter(sink);

    writer.append('/aws/lambda/f', 's1', 'lost');
    await settled();
    sink.failNext();
    await settled();
    writer.append('/aws/lambda/f', 's1', 'kept');
    await settled();
    sink.finishNext();
    await writer.idle();

    assert.deepEqual(
      sink.batches.map((batch) => batch.messages),
      [['lost'], ['kept']],
    );
  });
});
