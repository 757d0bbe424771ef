// How far an import has got, as one line: rows, share of the input, speed, rejects and time left.

export interface ImportProgress {
  readonly rows: number;
  readonly bytesRead: number;
  /** The input's size, when it is a file; stdin has none. */
  readonly totalBytes?: number;
  readonly imported: number;
  readonly rejected: number;
  readonly elapsedMs: number;
}

/** `4,000 rows (40%), 2,100 rows/s, 3 rejected, about 0:05 left`; without a size, no share and no ETA. */
export function describeProgress(progress: ImportProgress): string {
  const seconds = Math.max(progress.elapsedMs / 1000, 0.001);
  const rate = Math.round(progress.rows / seconds);
  const parts = [`${progress.rows.toLocaleString('en-US')} rows`];
  const fraction = progress.totalBytes ? Math.min(1, progress.bytesRead / progress.totalBytes) : undefined;
  if (fraction !== undefined) parts[0] += ` (${Math.floor(fraction * 100)}%)`;
  parts.push(`${rate.toLocaleString('en-US')} rows/s`, `${progress.rejected.toLocaleString('en-US')} rejected`);
  if (fraction !== undefined && fraction > 0 && fraction < 1) parts.push(`about ${clock((seconds * (1 - fraction)) / fraction)} left`);
  return parts.join(', ');
}

function clock(seconds: number): string {
  const whole = Math.ceil(seconds);
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}
