// Collects file changes until the files have been quiet for a moment (an editor's save is often several
// writes, a branch switch hundreds), then hands them over as one batch; batches run one at a time.

export class ChangeBatcher {
  private pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private closed = false;

  /**
   * @param quietMs how long no change must arrive before a batch is handed over
   * @param run handles one batch; changes arriving meanwhile wait for the next batch
   */
  constructor(
    private readonly quietMs: number,
    private readonly run: (files: readonly string[]) => Promise<void>,
  ) {}

  add(file: string): void {
    if (this.closed) return;
    this.pending.add(file);
    this.schedule();
  }

  /** Resolves once no batch is running or waiting. */
  async idle(): Promise<void> {
    while (this.running !== undefined || this.timer !== undefined) {
      await (this.running ?? new Promise((resolve) => setTimeout(resolve, this.quietMs)));
    }
  }

  /** Drops waiting changes and takes no more; a running batch finishes. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    await this.running;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.quietMs);
  }

  private flush(): void {
    if (this.running !== undefined || this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending = new Set();
    this.running = this.run(batch).finally(() => {
      this.running = undefined;
      if (this.pending.size > 0 && this.timer === undefined) this.flush();
    });
  }
}
