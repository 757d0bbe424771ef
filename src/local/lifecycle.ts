// Starts a list of local services in order and stops them in reverse; a failed start stops what already ran.

import { QrcardError, errorMessage } from '../core/errors.js';

export interface Stoppable {
  stop(): Promise<void>;
}

export interface StartStep<T extends Stoppable = Stoppable> {
  readonly name: string;
  start(): Promise<T>;
}

/**
 * Runs each step's start in order. If one throws, the ones already started are stopped (in reverse) and the error
 * rethrown: a QrcardError as it is, anything else as a `local-start-failed` QrcardError naming the step.
 */
export async function startInOrder(steps: readonly StartStep[]): Promise<{ started: Stoppable[]; stop: () => Promise<void> }> {
  const started: Array<{ name: string; service: Stoppable }> = [];
  const stopAll = async (): Promise<Error[]> => {
    const failures: Error[] = [];
    for (const { name, service } of [...started].reverse()) {
      try {
        await service.stop();
      } catch (error) {
        failures.push(new Error(`stopping ${name}: ${errorMessage(error)}`));
      }
    }
    started.length = 0;
    return failures;
  };
  for (const step of steps) {
    try {
      started.push({ name: step.name, service: await step.start() });
    } catch (error) {
      const failures = await stopAll();
      if (error instanceof QrcardError) throw error;
      const message = `starting ${step.name} failed: ${errorMessage(error)}`;
      throw new QrcardError('local-start-failed', message, {
        source: 'internal',
        details: failures.map((f) => f.message),
        cause: error,
      });
    }
  }
  return {
    started: started.map((s) => s.service),
    stop: async () => {
      const failures = await stopAll();
      if (failures.length > 0) throw new AggregateError(failures, failures.map((f) => f.message).join('; '));
    },
  };
}
