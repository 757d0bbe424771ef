// XML result bodies of the CloudFormation actions, in the element names and order the SDK reads.
import type { XmlNode } from '../protocol/xml.js';
import type { ChangeSetRecord, DeployedResource, ResourceChange, StackEvent, StackRecord } from './stack-model.js';

export const CLOUDFORMATION_NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

const members = <T>(items: readonly T[], render: (item: T) => XmlNode[]): XmlNode[] =>
  items.map((item) => ['member', render(item)] as const);

function parameterNodes(parameters: ReadonlyArray<{ key: string; value: string }>): XmlNode[] {
  return members(parameters, (parameter) => [
    ['ParameterKey', parameter.key],
    ['ParameterValue', parameter.value],
  ]);
}

export function stackXml(stack: StackRecord, parameters: ReadonlyArray<{ key: string; value: string }>): XmlNode[] {
  return [
    ['StackId', stack.stackId],
    ['StackName', stack.stackName],
    ['Description', stack.description],
    ['Parameters', parameterNodes(parameters)],
    ['CreationTime', stack.creationTime],
    ['DeletionTime', stack.deletionTime],
    ['LastUpdatedTime', stack.lastUpdatedTime],
    ['RollbackConfiguration', []],
    ['StackStatus', stack.status],
    ['StackStatusReason', stack.statusReason],
    ['DisableRollback', false],
    ['NotificationARNs', []],
    ['Capabilities', stack.capabilities.map((capability): XmlNode => ['member', capability])],
    [
      'Outputs',
      members(stack.outputs, (output) => [
        ['OutputKey', output.key],
        ['OutputValue', output.value],
        ['Description', output.description],
        ['ExportName', output.exportName],
      ]),
    ],
    [
      'Tags',
      members(stack.tags ?? [], (tag) => [
        ['Key', tag.key],
        ['Value', tag.value],
      ]),
    ],
    ['EnableTerminationProtection', false],
    ['DriftInformation', [['StackDriftStatus', 'NOT_CHECKED']]],
  ];
}

function changeXml(change: ResourceChange): XmlNode[] {
  return [
    ['Type', 'Resource'],
    [
      'ResourceChange',
      [
        ['PolicyAction', change.policyAction],
        ['Action', change.action],
        ['LogicalResourceId', change.logicalId],
        ['PhysicalResourceId', change.physicalId],
        ['ResourceType', change.resourceType],
        ['Replacement', change.replacement],
        ['Scope', change.scope.map((scope): XmlNode => ['member', scope])],
        [
          'Details',
          members(change.details, (detail) => [
            [
              'Target',
              [
                ['Attribute', 'Properties'],
                ['Name', detail.name],
                ['RequiresRecreation', detail.requiresRecreation],
              ],
            ],
            ['Evaluation', detail.requiresRecreation === 'Conditionally' ? 'Dynamic' : 'Static'],
            ['ChangeSource', 'DirectModification'],
          ]),
        ],
      ],
    ],
  ];
}

export function changeSetXml(stack: StackRecord, changeSet: ChangeSetRecord): XmlNode[] {
  return [
    ['ChangeSetName', changeSet.changeSetName],
    ['ChangeSetId', changeSet.changeSetId],
    ['StackId', stack.stackId],
    ['StackName', stack.stackName],
    ['Description', changeSet.description],
    ['Parameters', parameterNodes(Object.entries(changeSet.parameters).map(([key, value]) => ({ key, value })))],
    ['CreationTime', changeSet.creationTime],
    ['ExecutionStatus', changeSet.executionStatus],
    ['Status', changeSet.status],
    ['StatusReason', changeSet.statusReason],
    ['NotificationARNs', []],
    ['RollbackConfiguration', []],
    ['Capabilities', changeSet.capabilities.map((capability): XmlNode => ['member', capability])],
    ['Changes', members(changeSet.changes, changeXml)],
    ['IncludeNestedStacks', false],
  ];
}

export function changeSetSummaryXml(stack: StackRecord, changeSet: ChangeSetRecord): XmlNode[] {
  return [
    ['StackId', stack.stackId],
    ['StackName', stack.stackName],
    ['ChangeSetId', changeSet.changeSetId],
    ['ChangeSetName', changeSet.changeSetName],
    ['ExecutionStatus', changeSet.executionStatus],
    ['Status', changeSet.status],
    ['StatusReason', changeSet.statusReason],
    ['CreationTime', changeSet.creationTime],
    ['Description', changeSet.description],
    ['IncludeNestedStacks', false],
  ];
}

export function eventXml(event: StackEvent): XmlNode[] {
  return [
    ['StackId', event.stackId],
    ['EventId', event.eventId],
    ['StackName', event.stackName],
    ['LogicalResourceId', event.logicalResourceId],
    ['PhysicalResourceId', event.physicalResourceId],
    ['ResourceType', event.resourceType],
    ['Timestamp', event.timestamp],
    ['ResourceStatus', event.resourceStatus],
    ['ResourceStatusReason', event.resourceStatusReason],
    ['ResourceProperties', event.resourceProperties],
  ];
}

export function stackResourceXml(stack: StackRecord, resource: DeployedResource): XmlNode[] {
  return [
    ['StackName', stack.stackName],
    ['StackId', stack.stackId],
    ['LogicalResourceId', resource.logicalId],
    ['PhysicalResourceId', resource.physicalId],
    ['ResourceType', resource.type],
    ['Timestamp', resource.lastUpdated],
    ['ResourceStatus', resource.status],
    ['ResourceStatusReason', resource.statusReason],
    ['DriftInformation', [['StackResourceDriftStatus', 'NOT_CHECKED']]],
  ];
}

export function stackResourceSummaryXml(resource: DeployedResource): XmlNode[] {
  return [
    ['LogicalResourceId', resource.logicalId],
    ['PhysicalResourceId', resource.physicalId],
    ['ResourceType', resource.type],
    ['LastUpdatedTimestamp', resource.lastUpdated],
    ['ResourceStatus', resource.status],
    ['ResourceStatusReason', resource.statusReason],
    ['DriftInformation', [['StackResourceDriftStatus', 'NOT_CHECKED']]],
  ];
}

export function stackSummaryXml(stack: StackRecord): XmlNode[] {
  return [
    ['StackId', stack.stackId],
    ['StackName', stack.stackName],
    ['TemplateDescription', stack.description],
    ['CreationTime', stack.creationTime],
    ['LastUpdatedTime', stack.lastUpdatedTime],
    ['DeletionTime', stack.deletionTime],
    ['StackStatus', stack.status],
    ['StackStatusReason', stack.statusReason],
    ['DriftInformation', [['StackDriftStatus', 'NOT_CHECKED']]],
  ];
}
