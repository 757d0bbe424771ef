// Pure analysis of a failed stack operation: which resources failed, why, and which failure started it.
// Reads CloudFormation stack events; no I/O.

/** The fields of a CloudFormation StackEvent this module reads (the SDK's StackEvent fits). */
export interface StackEventLike {
  readonly EventId?: string;
  readonly StackName?: string;
  readonly LogicalResourceId?: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceType?: string;
  readonly ResourceStatus?: string;
  readonly ResourceStatusReason?: string;
  readonly Timestamp?: Date;
}

export interface ResourceFailure {
  readonly logicalId: string;
  readonly type: string;
  readonly status: string;
  /** CloudFormation's reason, with a resource handler's inner message unwrapped. */
  readonly reason: string;
  /** True when the reason only says another failure stopped this one. */
  readonly cascade: boolean;
}

export interface FailureAnalysis {
  /** The failure that started it all, or undefined when no resource reported one. */
  readonly rootCause: ResourceFailure | undefined;
  /** Every failure, the root cause first, then in the order they happened. */
  readonly failures: readonly ResourceFailure[];
  readonly finalStatus: string;
}

// Reasons that only echo another resource's failure.
const CASCADE_REASONS = [
  /^resource (creation|update|deletion) cancell?ed/i,
  /^the following resource\(s\) failed to (create|update|delete)/i,
  /^resource failed to (create|update|delete)/i,
  /^embedded stack .* was not successfully (created|updated|deleted)/i,
  /^stack creation time exceeded|^cancellation requested|^user initiated/i,
];

/** Unwraps `Resource handler returned message: "inner" (RequestToken: …, HandlerErrorCode: Code)` into `inner (Code)`. */
export function readableReason(reason: string): string {
  const handler = /^Resource handler returned message:\s*"(.*)"\s*\((?:[^()]*?,\s*)?HandlerErrorCode:\s*([A-Za-z]+)\)\s*$/s.exec(
    reason.trim(),
  );
  if (handler) return `${handler[1]} (${handler[2]})`;
  return reason.trim();
}

export function isCascadeReason(reason: string): boolean {
  return CASCADE_REASONS.some((pattern) => pattern.test(reason.trim()));
}

function isStackItself(event: StackEventLike): boolean {
  return event.ResourceType === 'AWS::CloudFormation::Stack' && event.LogicalResourceId === event.StackName;
}

/** Finds each failed resource in `events` (any order) and the root cause: the first failure that is not a cascade. */
export function analyzeFailures(events: readonly StackEventLike[], finalStatus: string): FailureAnalysis {
  const chronological = [...events]
    .map((event, index) => ({ event, index }))
    // DescribeStackEvents lists newest first; equal timestamps keep that order reversed.
    .sort((a, b) => (a.event.Timestamp?.getTime() ?? 0) - (b.event.Timestamp?.getTime() ?? 0) || b.index - a.index)
    .map(({ event }) => event);
  const seen = new Set<string>();
  const failures: ResourceFailure[] = [];
  for (const event of chronological) {
    const status = event.ResourceStatus ?? '';
    if (!status.endsWith('_FAILED') || isStackItself(event)) continue;
    const logicalId = event.LogicalResourceId ?? '(unknown)';
    const key = `${logicalId}\u0000${status}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const raw = event.ResourceStatusReason ?? 'no reason given';
    failures.push({
      logicalId,
      type: event.ResourceType ?? '(unknown type)',
      status,
      reason: readableReason(raw),
      cascade: isCascadeReason(raw),
    });
  }
  const rootCause = failures.find((failure) => !failure.cascade) ?? failures[0];
  const ordered = rootCause ? [rootCause, ...failures.filter((failure) => failure !== rootCause)] : failures;
  return { rootCause, failures: ordered, finalStatus };
}

/** Lines for the terminal: the root cause first, each failure with id, type and reason, then the final state. */
export function formatFailures(analysis: FailureAnalysis): string[] {
  const lines = analysis.failures.map(
    (failure, index) =>
      `${index === 0 && !failure.cascade ? 'root cause: ' : ''}${failure.logicalId} (${failure.type}) ${failure.status}: ${failure.reason}`,
  );
  if (lines.length === 0) lines.push('no resource reported a failure; see the stack events in the CloudFormation console');
  lines.push(`final state: ${analysis.finalStatus}`);
  return lines;
}
