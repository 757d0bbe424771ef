/** Splits a byte stream into lines, holding a partial last line until it completes. */
export class LineSplitter {
  private pending = '';
  constructor(private readonly emit: (line: string) => void) {}
  push(text: string): void {
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.emit(line.replace(/\r$/, ''));
  }
  flush(): void {
    if (this.pending !== '') this.emit(this.pending);
    this.pending = '';
  }
}
