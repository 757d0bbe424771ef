// Hands functions' log lines to the Logs service, in order per stream; lines printed while the stream's
// previous append is still running go out together in the next one (one write for them, not one per line).
import { KeyedSerialQueue } from '../persistence/keyed-serial-queue.js';

export interface LogEvent {
  readonly timestamp: number;
  readonly message: string;
}

/** Where function output goes: the CloudWatch Logs service's in-process append API. */
export interface FunctionLogSink {
  append(logGroupName: string, logStreamName: string, events: readonly LogEvent[]): void | Promise<void>;
}

const streamKey = (group: string, stream: string) => `${group}\u0000${stream}`;

export class FunctionLogWriter {
  // One chain per stream keeps events in order even when the sink is asynchronous.
  private readonly writes = new KeyedSerialQueue();
  /** Per stream, the batch waiting for the running append to finish. */
  private readonly pending = new Map<string, LogEvent[]>();

  constructor(private readonly sink: FunctionLogSink) {}

  /** Queues one log event; never throws and never waits. */
  append(group: string, stream: string, message: string, timestamp = Date.now()): void {
    const key = streamKey(group, stream);
    const waiting = this.pending.get(key);
    if (waiting) {
      waiting.push({ timestamp, message });
      return;
    }
    const batch: LogEvent[] = [{ timestamp, message }];
    this.pending.set(key, batch);
    void this.writes
      .run(key, async () => {
        this.pending.delete(key);
        await this.sink.append(group, stream, batch);
      })
      .catch(() => {
        // A lost log line must not fail the invocation it describes.
      });
  }

  /** Resolves once every event queued so far for the stream has been handed to the sink. */
  written(group: string, stream: string): Promise<void> {
    return this.writes.idle(streamKey(group, stream));
  }

  /** Resolves once every event queued so far, on any stream, has been handed to the sink. */
  idle(): Promise<void> {
    return this.writes.idle();
  }
}
