// The template actions: GetTemplate (of a stack or a change set), ValidateTemplate and GetTemplateSummary.

import type { QueryParameters, QueryRequest, QueryResult } from '../protocol/query.js';
import type { XmlNode } from '../protocol/xml.js';
import { requiredCapability } from './capabilities.js';
import { findChangeSet, requireStack, templateBodyOf, type CloudFormationState } from './cloudformation-state.js';
import { parseTemplate, templateText, validationError, type Template } from './template.js';

const stagesAvailable: XmlNode = [
  'StagesAvailable',
  [
    ['member', 'Original'],
    ['member', 'Processed'],
  ],
];

export function getTemplate(state: CloudFormationState, { parameters }: QueryRequest): QueryResult {
  if (parameters.ChangeSetName !== undefined) {
    const { changeSet } = findChangeSet(state, parameters);
    return [['TemplateBody', changeSet.templateBody], stagesAvailable];
  }
  const stack = requireStack(state, parameters.StackName);
  return [['TemplateBody', stack.templateBody ?? ''], stagesAvailable];
}

/** The template's parameters as ValidateTemplate lists them; GetTemplateSummary adds each one's type and allowed values. */
function parameterNodes(template: Template, detailed: boolean): XmlNode[] {
  return Object.entries(template.Parameters ?? {}).map(([key, declaration]): XmlNode => [
    'member',
    [
      ['ParameterKey', key],
      ['DefaultValue', declaration.Default === undefined ? undefined : templateText(declaration.Default)],
      ['ParameterType', detailed ? declaration.Type : undefined],
      ['NoEcho', declaration.NoEcho === true || declaration.NoEcho === 'true'],
      ['Description', declaration.Description],
      [
        'ParameterConstraints',
        detailed
          ? [['AllowedValues', (declaration.AllowedValues ?? []).map((value): XmlNode => ['member', templateText(value)])]]
          : undefined,
      ],
    ],
  ]);
}

function capabilityNodes(template: Template): XmlNode[] {
  const capability = requiredCapability(template);
  return [
    ['Capabilities', capability === undefined ? [] : [['member', capability]]],
    ['CapabilitiesReason', capability === undefined ? undefined : 'The following resource(s) require capabilities: [AWS::IAM::Role]'],
  ];
}

export async function validateTemplate(state: CloudFormationState, { parameters }: QueryRequest): Promise<QueryResult> {
  const template = parseTemplate(await templateBodyOf(state, parameters, undefined));
  return [['Parameters', parameterNodes(template, false)], ['Description', template.Description], ...capabilityNodes(template)];
}

/** The template a summary is of: the one given, or the current one of the stack named (which `aws cloudformation deploy` asks for). */
async function summarisedTemplate(state: CloudFormationState, parameters: QueryParameters): Promise<string> {
  if (parameters.TemplateBody !== undefined || parameters.TemplateURL !== undefined) return templateBodyOf(state, parameters, undefined);
  if (parameters.StackSetName !== undefined) throw validationError('StackSets are not supported by the local CloudFormation.');
  if (parameters.StackName === undefined) throw validationError('Either Template URL or Template Body or StackName must be specified.');
  const stack = requireStack(state, parameters.StackName);
  if (stack.templateBody === undefined) throw validationError(`Stack with id ${parameters.StackName} does not have a template yet`);
  return stack.templateBody;
}

export async function getTemplateSummary(state: CloudFormationState, { parameters }: QueryRequest): Promise<QueryResult> {
  const template = parseTemplate(await summarisedTemplate(state, parameters));
  const resourceTypes = [...new Set(Object.values(template.Resources).map((resource) => resource.Type))];
  return [
    ['Parameters', parameterNodes(template, true)],
    ['Description', template.Description],
    ...capabilityNodes(template),
    ['ResourceTypes', resourceTypes.map((type): XmlNode => ['member', type])],
    ['Version', template.AWSTemplateFormatVersion],
    ['DeclaredTransforms', []],
  ];
}
