// The stack actions: DescribeStacks, ListStacks, DescribeStackEvents, the three resource views, ListExports,
// and DeleteStack (which starts the deletion and answers at once).

import { memberList, type QueryRequest, type QueryResult } from '../protocol/query.js';
import type { XmlNode } from '../protocol/xml.js';
import { operationRunning, requireStack, type CloudFormationState } from './cloudformation-state.js';
import { eventXml, stackResourceSummaryXml, stackResourceXml, stackSummaryXml, stackXml } from './cloudformation-xml.js';
import { describedParameters } from './parameters.js';
import { resultPage } from './result-pages.js';
import type { StackRecord } from './stack-model.js';
import { deleteStack } from './stack-operations.js';
import { parseTemplate, validationError, type ParameterDeclaration } from './template.js';

/** One stack by name or id, or every stack not deleted. */
export function describeStacks(state: CloudFormationState, { parameters }: QueryRequest): QueryResult {
  const name = parameters.StackName;
  const stacks = name === undefined ? state.store.all().filter((stack) => stack.status !== 'DELETE_COMPLETE') : [requireStack(state, name)];
  return [
    [
      'Stacks',
      stacks.map((stack): XmlNode => ['member', stackXml(stack, describedParameters(parameterDeclarations(stack), stack.parameters))]),
    ],
  ];
}

/** The parameter declarations of the stack's template, to mask NoEcho values; none when it cannot be read. */
function parameterDeclarations(stack: StackRecord): Readonly<Record<string, ParameterDeclaration>> {
  try {
    return stack.templateBody === undefined ? {} : (parseTemplate(stack.templateBody).Parameters ?? {});
  } catch {
    return {};
  }
}

export function listStacks(state: CloudFormationState, { parameters }: QueryRequest): QueryResult {
  const filter = memberList(parameters, 'StackStatusFilter');
  const stacks = state.store.all().filter((stack) => filter.length === 0 || filter.includes(stack.status));
  return [['StackSummaries', stacks.map((stack): XmlNode => ['member', stackSummaryXml(stack)])]];
}

/** Newest first, as CloudFormation lists them. */
export function describeStackEvents(state: CloudFormationState, { parameters }: QueryRequest): QueryResult {
  const stack = requireStack(state, parameters.StackName);
  return [['StackEvents', [...stack.events].reverse().map((event): XmlNode => ['member', eventXml(event)])]];
}

export function describeStackResources(state: CloudFormationState, { parameters }: QueryRequest): QueryResult {
  const stack = requireStack(state, parameters.StackName);
  const logicalId = parameters.LogicalResourceId;
  const resources = Object.values(stack.resources).filter((resource) => logicalId === undefined || resource.logicalId === logicalId);
  return [['StackResources', resources.map((resource): XmlNode => ['member', stackResourceXml(stack, resource)])]];
}

export function describeStackResource(state: CloudFormationState, { parameters }: QueryRequest): QueryResult {
  const stack = requireStack(state, parameters.StackName);
  const logicalId = parameters.LogicalResourceId ?? '';
  const resource = stack.resources[logicalId];
  if (resource === undefined) throw validationError(`Resource ${logicalId} does not exist for stack ${stack.stackName}`);
  const detail = stackResourceXml(stack, resource).filter(([name]) => name !== 'Timestamp');
  return [['StackResourceDetail', [...detail, ['LastUpdatedTimestamp', resource.lastUpdated]]]];
}

export function listStackResources(state: CloudFormationState, { parameters }: QueryRequest): QueryResult {
  const stack = requireStack(state, parameters.StackName);
  return [
    ['StackResourceSummaries', Object.values(stack.resources).map((resource): XmlNode => ['member', stackResourceSummaryXml(resource)])],
  ];
}

const EXPORTS_PER_PAGE = 100;

/** The outputs with an export name of every stack, a page at a time (a deleted stack has no outputs left). */
export function listExports(state: CloudFormationState, { parameters }: QueryRequest): QueryResult {
  const exports = state.store
    .all()
    .flatMap((stack) => stack.outputs.flatMap((output) => (output.exportName === undefined ? [] : [{ stack, output }])));
  const page = resultPage(exports, parameters.NextToken, EXPORTS_PER_PAGE);
  return [
    [
      'Exports',
      page.items.map(({ stack, output }): XmlNode => [
        'member',
        [
          ['ExportingStackId', stack.stackId],
          ['Name', output.exportName],
          ['Value', output.value],
        ],
      ]),
    ],
    ['NextToken', page.nextToken],
  ];
}

/** Deleting a stack that does not exist, or is already going, succeeds quietly, as in CloudFormation. */
export function deleteStackAction(state: CloudFormationState, { parameters }: QueryRequest): QueryResult {
  const stack = state.store.find(parameters.StackName ?? '');
  if (stack === undefined || stack.status === 'DELETE_COMPLETE' || stack.status === 'DELETE_IN_PROGRESS') return [];
  if (operationRunning(stack)) throw validationError(`Stack [${stack.stackName}] cannot be deleted while in status ${stack.status}`);
  state.background.start(deleteStack(state, stack));
  return [];
}
