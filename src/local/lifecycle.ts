// Starts the local engine's parts in order, each step free to use what the earlier ones returned, and
// stops them in reverse; a failed start stops what already ran.

import { QrcardError, errorMessage } from '../core/errors.js';

export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * The parts started so far, in the order they started. `start` hands back each part as its own type, so
 * the next step can use it. If a start throws, every part already started is stopped (last first) and the
 * error rethrown: a QrcardError as it is, anything else as a `local-start-failed` QrcardError naming the step.
 */
export class Lifecycle {
  private readonly started: Array<{ readonly name: string; readonly part: Stoppable }> = [];

  async start<T extends Stoppable>(name: string, start: () => T | Promise<T>): Promise<T> {
    let part: T;
    try {
      part = await start();
    } catch (error) {
      throw startFailure(name, error, await this.stopStarted());
    }
    this.started.push({ name, part });
    return part;
  }

  /** Stops every started part, last first; throws an AggregateError naming each part that failed to stop. */
  async stop(): Promise<void> {
    const failures = await this.stopStarted();
    if (failures.length > 0) throw new AggregateError(failures, failures.map((failure) => failure.message).join('; '));
  }

  private async stopStarted(): Promise<Error[]> {
    const failures: Error[] = [];
    // Taken off the list first, so that stopping twice never stops a part twice.
    for (const { name, part } of this.started.splice(0).reverse()) {
      try {
        await part.stop();
      } catch (error) {
        failures.push(new Error(`stopping ${name}: ${errorMessage(error)}`));
      }
    }
    return failures;
  }
}

function startFailure(name: string, error: unknown, stopFailures: readonly Error[]): QrcardError {
  if (error instanceof QrcardError) return error;
  return new QrcardError('local-start-failed', `starting ${name} failed: ${errorMessage(error)}`, {
    source: 'internal',
    details: stopFailures.map((failure) => failure.message),
    cause: error,
  });
}
