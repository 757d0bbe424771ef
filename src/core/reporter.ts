// The port through which long-running work says what it is doing. The CLI renders it (a spinner on a
// terminal, plain lines in CI logs); tests record it.

/** One step under way: a spinner on a terminal, a start line and an end line elsewhere. */
export interface Progress {
  update(text: string): void;
  succeed(text?: string): void;
  /** Finished, but not everything went through (some rows rejected): a warning mark, not a failure. */
  warn(text?: string): void;
  fail(text?: string): void;
}

export interface Reporter {
  info(message: string): void;
  success(message: string): void;
  warn(message: string): void;
  /** Shown with --verbose only. */
  debug(message: string): void;
  progress(text: string): Promise<Progress>;
}
