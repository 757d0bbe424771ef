// `--user ID [--type T]`: the lines of one person's registration across the functions and the API. Lines
// that name the user give their correlation ids; every line carrying one of those (the access line, the
// card request, the render) belongs too, and so do Lambda's START/END/REPORT lines of those invocations.
// Lines read before the line that names the user are held for a while, since logs of different groups
// arrive in any order (pure, apart from the held lines it keeps).
import type { LogLine } from './log-line.js';

export interface StorySubject {
  readonly userId: string;
  readonly type?: string | undefined;
}

const namesSubject = (line: LogLine, subject: StorySubject) =>
  line.userId === subject.userId && (subject.type === undefined || line.type === undefined || line.type === subject.type);

export class UserStory {
  private readonly correlationIds = new Set<string>();
  private readonly invocationIds = new Set<string>();
  private held: LogLine[] = [];

  /** `holdMs`: how long a line not (yet) part of the story is kept, by event time, in case a later one links it. */
  constructor(
    private readonly subject: StorySubject,
    private readonly holdMs: number,
  ) {}

  /** The story's lines among `lines` and the ones held from before, oldest first. */
  take(lines: readonly LogLine[]): LogLine[] {
    const candidates = [...this.held, ...lines];
    this.learn(candidates);
    const story: LogLine[] = [];
    const rest: LogLine[] = [];
    for (const line of candidates) (this.belongs(line) ? story : rest).push(line);
    const newest = candidates.reduce((latest, line) => Math.max(latest, line.event.timestamp), -Infinity);
    this.held = rest.filter((line) => line.event.timestamp >= newest - this.holdMs);
    return story.sort((a, b) => a.event.timestamp - b.event.timestamp);
  }

  private learn(lines: readonly LogLine[]): void {
    for (const line of lines) {
      if (!namesSubject(line, this.subject)) continue;
      if (line.correlationId !== undefined) this.correlationIds.add(line.correlationId);
      if (line.invocationId !== undefined) this.invocationIds.add(line.invocationId);
    }
  }

  private belongs(line: LogLine): boolean {
    // A line naming someone else is theirs, even when a caller reused the correlation id.
    if (line.userId !== undefined) return namesSubject(line, this.subject);
    if (line.correlationId !== undefined && this.correlationIds.has(line.correlationId)) return true;
    return line.invocationId !== undefined && this.invocationIds.has(line.invocationId);
  }
}
