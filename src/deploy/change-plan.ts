// The pure deploy decision: a change set's changes as rows, which of them lose data, and what to do next.

/** The fields of a CloudFormation Change this module reads (the SDK's Change fits). */
export interface ChangeLike {
  readonly Type?: string;
  readonly ResourceChange?: {
    readonly Action?: string;
    readonly LogicalResourceId?: string;
    readonly PhysicalResourceId?: string;
    readonly ResourceType?: string;
    readonly Replacement?: string;
    readonly PolicyAction?: string;
  };
}

export interface ChangeRow {
  /** Add, Modify, Remove, Import or Dynamic. */
  readonly action: string;
  readonly logicalId: string;
  readonly type: string;
  /** 'True', 'Conditional', or '' when the resource is kept. */
  readonly replacement: string;
  /** True when the change deletes or replaces a table or bucket, losing its data. */
  readonly destroysData: boolean;
  /**
   * True when a table or bucket is replaced by a new, empty one. Even when the old one is retained, the app
   * then reads and writes the empty one, so the operator is asked first.
   */
  readonly emptiesData: boolean;
}

/** Resource types whose removal or replacement loses stored data. */
export const DATA_RESOURCE_TYPES: ReadonlySet<string> = new Set(['AWS::DynamoDB::Table', 'AWS::S3::Bucket']);

// When CloudFormation says the old resource is retained, nothing is lost.
const RETAINING_POLICY_ACTIONS = new Set(['Retain', 'ReplaceAndRetain']);

/** One row per resource change, in the order CloudFormation gave them. */
export function describeChanges(changes: readonly ChangeLike[]): ChangeRow[] {
  return changes.flatMap((change) => {
    const resource = change.ResourceChange;
    if (!resource) return [];
    const action = resource.Action ?? 'Unknown';
    const type = resource.ResourceType ?? '';
    const replacement =
      action === 'Modify' && (resource.Replacement === 'True' || resource.Replacement === 'Conditional') ? resource.Replacement : '';
    const loses = action === 'Remove' || replacement !== '';
    const retained = resource.PolicyAction !== undefined && RETAINING_POLICY_ACTIONS.has(resource.PolicyAction);
    return [
      {
        action,
        logicalId: resource.LogicalResourceId ?? '',
        type,
        replacement,
        destroysData: DATA_RESOURCE_TYPES.has(type) && loses && !retained,
        emptiesData: DATA_RESOURCE_TYPES.has(type) && replacement !== '',
      },
    ];
  });
}

/** Rows for a stack that does not exist yet: every resource of the template as an Add. */
export function templateAdds(template: { readonly Resources?: Readonly<Record<string, { readonly Type?: string }>> }): ChangeRow[] {
  return Object.entries(template.Resources ?? {}).map(([logicalId, resource]) => ({
    action: 'Add',
    logicalId,
    type: resource.Type ?? '',
    replacement: '',
    destroysData: false,
    emptiesData: false,
  }));
}

/** What a row needing consent does to stored data, in words for the prompt and the refusal. */
export function dataChangeSummary(row: ChangeRow): string {
  const subject = `${row.logicalId} (${row.type})`;
  if (row.action === 'Remove') return `${subject}: deleted with its data`;
  if (row.destroysData) return `${subject}: replaced by an empty one, and its data deleted`;
  return `${subject}: replaced by an empty one; the old one is kept with its data`;
}

export type DeployDecision =
  | { readonly kind: 'execute'; readonly rows: readonly ChangeRow[] }
  /** Ask on the terminal first: these rows lose data or leave the app with an empty table or bucket. */
  | { readonly kind: 'confirm'; readonly rows: readonly ChangeRow[]; readonly destructive: readonly ChangeRow[] }
  /** Data would be lost and nobody can be asked: stop unless --yes. */
  | { readonly kind: 'refuse'; readonly rows: readonly ChangeRow[]; readonly destructive: readonly ChangeRow[] };

export interface PlanInputs {
  readonly rows: readonly ChangeRow[];
  /** --yes: proceed without asking. */
  readonly yes: boolean;
  /** A terminal is there to ask. */
  readonly canPrompt: boolean;
}

/**
 * What a deploy does with a computed change set: run it, ask first, or refuse. (An empty change set never
 * gets here: CloudFormation fails it. One without resource rows still changes outputs or tags, so it runs.)
 */
export function planDeploy(inputs: PlanInputs): DeployDecision {
  const { rows } = inputs;
  const destructive = rows.filter((row) => row.destroysData || row.emptiesData);
  if (destructive.length === 0 || inputs.yes) return { kind: 'execute', rows };
  return inputs.canPrompt ? { kind: 'confirm', rows, destructive } : { kind: 'refuse', rows, destructive };
}
