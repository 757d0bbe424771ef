// Runs tasks one after another per key (a file, an object key, a log stream) and side by side across
// keys, so writes to one file never interleave while writes to different files do not wait for each other.

export class KeyedSerialQueue {
  /** Per key, a promise that settles (never rejects) when the last task queued for it has finished. */
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Runs `task` once every earlier task for `key` has settled, whether it succeeded or failed, and
   * returns the task's own promise. A key is forgotten as soon as its chain runs empty.
   */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves once every task queued so far (for `key`, or for all keys) has settled. */
  async idle(key?: string): Promise<void> {
    if (key !== undefined) return this.tails.get(key);
    await Promise.all(this.tails.values());
  }

  /** How many keys have tasks queued or running. */
  get activeKeys(): number {
    return this.tails.size;
  }
}
