// The template actions: GetTemplate (of a stack or a change set) and ValidateTemplate.

import type { QueryRequest, QueryResult } from '../protocol/query.js';
import type { XmlNode } from '../protocol/xml.js';
import { requiredCapability } from './capabilities.js';
import { findChangeSet, requireStack, templateBodyOf, type CloudFormationState } from './cloudformation-state.js';
import { parseTemplate, templateText } from './template.js';

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

export async function validateTemplate(state: CloudFormationState, { parameters }: QueryRequest): Promise<QueryResult> {
  const template = parseTemplate(await templateBodyOf(state, parameters, undefined));
  const capability = requiredCapability(template);
  return [
    [
      'Parameters',
      Object.entries(template.Parameters ?? {}).map(([key, declaration]): XmlNode => [
        'member',
        [
          ['ParameterKey', key],
          ['DefaultValue', declaration.Default === undefined ? undefined : templateText(declaration.Default)],
          ['NoEcho', declaration.NoEcho === true || declaration.NoEcho === 'true'],
          ['Description', declaration.Description],
        ],
      ]),
    ],
    ['Description', template.Description],
    ['Capabilities', capability === undefined ? [] : [['member', capability]]],
    ['CapabilitiesReason', capability === undefined ? undefined : 'The following resource(s) require capabilities: [AWS::IAM::Role]'],
  ];
}
