// What the CloudFormation actions run over: the stack store and what stack operations need, where templates
// come from, and the operations running in the background; plus the lookups several actions share.

import { QueryError, type QueryParameters } from '../protocol/query.js';
import type { OperationDependencies } from './stack-operations.js';
import type { ChangeSetRecord, StackRecord } from './stack-model.js';
import { validationError } from './template.js';

/** Stack operations started by an action and left running while clients poll. */
export interface BackgroundOperations {
  start(operation: Promise<void>): void;
  /** Resolves once none is running, including any started meanwhile. */
  idle(): Promise<void>;
}

export interface CloudFormationState extends OperationDependencies {
  /** Reads a TemplateURL. */
  readonly fetchTemplate: (url: string) => Promise<string>;
  readonly background: BackgroundOperations;
}

/** An operation that fails inside the engine (not a stack failure, which the operation records) is logged. */
export function backgroundOperations(log: (line: string) => void): BackgroundOperations {
  const running = new Set<Promise<void>>();
  return {
    start(operation) {
      const tracked = operation.catch((error: unknown) =>
        log(`stack operation failed inside the engine: ${error instanceof Error ? error.stack : String(error)}`),
      );
      running.add(tracked);
      void tracked.finally(() => running.delete(tracked));
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}

/** The stack a name or id names; CloudFormation's ValidationError when there is none. */
export function requireStack(state: CloudFormationState, name: string | undefined): StackRecord {
  const stack = name === undefined ? undefined : state.store.find(name);
  if (stack === undefined) throw validationError(`Stack with id ${name ?? ''} does not exist`);
  return stack;
}

/** The change set `ChangeSetName` names: by its ARN in any stack, or by name within `StackName`. */
export function findChangeSet(state: CloudFormationState, parameters: QueryParameters): { stack: StackRecord; changeSet: ChangeSetRecord } {
  const name = parameters.ChangeSetName ?? '';
  const stacks = name.startsWith('arn:') ? state.store.all() : [requireStack(state, parameters.StackName)];
  for (const stack of stacks) {
    const changeSet = stack.changeSets.find((candidate) => candidate.changeSetId === name || candidate.changeSetName === name);
    if (changeSet) return { stack, changeSet };
  }
  throw new QueryError(404, 'ChangeSetNotFound', `ChangeSet [${name}] does not exist`);
}

/** The template a request gives: its body, its URL's content, or (when asked) the stack's current one. */
export async function templateBodyOf(
  state: CloudFormationState,
  parameters: QueryParameters,
  stack: StackRecord | undefined,
): Promise<string> {
  if (parameters.TemplateBody !== undefined) return parameters.TemplateBody;
  if (parameters.TemplateURL !== undefined) return state.fetchTemplate(parameters.TemplateURL);
  if (parameters.UsePreviousTemplate === 'true' && stack?.templateBody !== undefined) return stack.templateBody;
  throw validationError('Either Template URL or Template Body must be specified.');
}

/** A stack operation is under way (a stack only under review can still take one). */
export function operationRunning(stack: StackRecord): boolean {
  return stack.status.endsWith('_IN_PROGRESS') && stack.status !== 'REVIEW_IN_PROGRESS';
}
