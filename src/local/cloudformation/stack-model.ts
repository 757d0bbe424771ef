// The persisted shape of a local stack: its template, parameters, resources, outputs, events and change sets.

export type ResourceStatus =
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_COMPLETE'
  | 'CREATE_FAILED'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_FAILED'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED'
  | 'DELETE_SKIPPED';

export type StackStatus =
  | 'REVIEW_IN_PROGRESS'
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_COMPLETE'
  | 'CREATE_FAILED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_COMPLETE'
  | 'ROLLBACK_FAILED'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_ROLLBACK_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE'
  | 'UPDATE_ROLLBACK_FAILED'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED';

export interface DeployedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  /** Properties as last applied, intrinsics resolved. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** Fn::GetAtt values. */
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly status: ResourceStatus;
  readonly statusReason?: string | undefined;
  readonly lastUpdated: string;
  readonly deletionPolicy?: string | undefined;
  /** Engine-side state (e.g. where a function's code is unpacked); not exposed through the API. */
  readonly localState?: Readonly<Record<string, unknown>> | undefined;
}

export interface StackEvent {
  readonly eventId: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly logicalResourceId: string;
  readonly physicalResourceId?: string | undefined;
  readonly resourceType: string;
  readonly timestamp: string;
  readonly resourceStatus: string;
  readonly resourceStatusReason?: string | undefined;
  readonly resourceProperties?: string | undefined;
}

export type PolicyAction = 'Delete' | 'Retain' | 'Snapshot' | 'ReplaceAndDelete' | 'ReplaceAndRetain' | 'ReplaceAndSnapshot';

export interface ResourceChange {
  readonly action: 'Add' | 'Modify' | 'Remove';
  readonly logicalId: string;
  readonly resourceType: string;
  readonly physicalId?: string | undefined;
  /** Only for Modify. */
  readonly replacement?: 'True' | 'False' | 'Conditional' | undefined;
  /** What happens to the old physical resource: for a Remove its DeletionPolicy, for a replacement its UpdateReplacePolicy. */
  readonly policyAction?: PolicyAction | undefined;
  readonly scope: readonly string[];
  readonly details: ReadonlyArray<{ readonly name: string; readonly requiresRecreation: 'Never' | 'Conditionally' | 'Always' }>;
}

export type ChangeSetStatus = 'CREATE_PENDING' | 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'DELETE_COMPLETE' | 'FAILED';
export type ExecutionStatus = 'UNAVAILABLE' | 'AVAILABLE' | 'EXECUTE_IN_PROGRESS' | 'EXECUTE_COMPLETE' | 'EXECUTE_FAILED' | 'OBSOLETE';

export interface StackTag {
  readonly key: string;
  readonly value: string;
}

export interface ChangeSetRecord {
  readonly changeSetId: string;
  readonly changeSetName: string;
  readonly changeSetType: 'CREATE' | 'UPDATE';
  status: ChangeSetStatus;
  statusReason?: string | undefined;
  executionStatus: ExecutionStatus;
  readonly creationTime: string;
  readonly description?: string | undefined;
  readonly templateBody: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly capabilities: readonly string[];
  /** The stack's tags once executed; absent in records saved before tags were kept. */
  readonly tags?: readonly StackTag[] | undefined;
  readonly changes: readonly ResourceChange[];
}

export interface StackOutput {
  readonly key: string;
  readonly value: string;
  readonly description?: string | undefined;
  readonly exportName?: string | undefined;
}

export interface StackRecord {
  readonly stackId: string;
  readonly stackName: string;
  status: StackStatus;
  statusReason?: string | undefined;
  readonly creationTime: string;
  lastUpdatedTime?: string | undefined;
  deletionTime?: string | undefined;
  description?: string | undefined;
  /** The template and parameters the resources reflect; absent until a first change set runs. */
  templateBody?: string | undefined;
  parameters: Record<string, string>;
  capabilities: string[];
  tags?: StackTag[] | undefined;
  resources: Record<string, DeployedResource>;
  outputs: StackOutput[];
  events: StackEvent[];
  changeSets: ChangeSetRecord[];
}
