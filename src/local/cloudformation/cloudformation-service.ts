// The local CloudFormation service (awsQuery): change sets, stacks, events, resources and templates,
// answered as CloudFormation answers them; stack operations run in the background while clients poll.
import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT_ID } from '../account.js';
import type { ServiceHandler } from '../edge.js';
import {
  indexedGroups,
  memberList,
  parseQueryForm,
  queryErrorXml,
  queryResponseXml,
  sendQueryXml,
  type QueryParameters,
} from '../protocol/query.js';
import type { XmlNode } from '../protocol/xml.js';
import { QrcardError, errorMessage } from '../../core/errors.js';
import { planChanges } from './change-plan.js';
import {
  CLOUDFORMATION_NAMESPACE,
  changeSetSummaryXml,
  changeSetXml,
  eventXml,
  stackResourceSummaryXml,
  stackResourceXml,
  stackSummaryXml,
  stackXml,
} from './cloudformation-xml.js';
import { chooseParameterValues, describedParameters, type ParameterInput } from './parameters.js';
import { provisioners as defaultProvisioners } from './provisioners/index.js';
import type { ProvisionContext, Provisioner } from './provisioners/provisioner.js';
import { sameValue } from './replacement-rules.js';
import { deleteStack, executeChangeSet, restoreStack, type OperationDependencies } from './stack-operations.js';
import type { ChangeSetRecord, StackRecord } from './stack-model.js';
import { recordEvent, StackStore } from './stack-store.js';
import { evaluateTemplate, resolveOutputs } from './template-evaluation.js';
import { parseTemplate, validationError, type Template } from './template.js';

export interface CloudFormationOptions {
  /** Directory for stack records, e.g. `.qrcard/local/<stage>/cloudformation`. */
  readonly dir: string;
  readonly region: string;
  /** Everything a provisioner needs except the logical id. */
  readonly context: (identity: { stackName: string; stackId: string }) => Omit<ProvisionContext, 'logicalId'>;
  /** Reads a TemplateURL (an object in the local S3). */
  readonly fetchTemplate: (url: string) => Promise<string>;
  /** Default: every type in provisioners/index.ts. */
  readonly provisioners?: Readonly<Record<string, Provisioner>>;
  /** Engine diagnostics; default stderr. */
  readonly log?: (line: string) => void;
}

export interface CloudFormationService {
  readonly handler: ServiceHandler;
  /** Re-registers saved stacks' functions and site routes with the running engine. */
  restore(): Promise<void>;
  /** Resolves when no stack operation is running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const EMPTY_CHANGE_SET_REASON = "The submitted information didn't contain changes. Submit different information to create a change set.";
const IN_PROGRESS = /_IN_PROGRESS$/;
const iamTypes = new Set([
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::IAM::AccessKey',
  'AWS::IAM::InstanceProfile',
]);
const iamNameProperties = ['RoleName', 'ManagedPolicyName', 'UserName', 'GroupName', 'InstanceProfileName'];

const errorStatus: Readonly<Record<string, number>> = { ChangeSetNotFound: 404 };

function queryError(code: string, message: string): QrcardError {
  return new QrcardError(code, message);
}

/** The capability a template needs for its IAM resources, if any. */
export function requiredCapability(template: Template): string | undefined {
  const iam = Object.values(template.Resources).filter((resource) => iamTypes.has(resource.Type));
  if (iam.length === 0) return undefined;
  return iam.some((resource) => iamNameProperties.some((name) => resource.Properties?.[name] !== undefined))
    ? 'CAPABILITY_NAMED_IAM'
    : 'CAPABILITY_IAM';
}

function parameterInputs(parameters: QueryParameters): ParameterInput[] {
  return indexedGroups(parameters, 'Parameters.member').map((group) => ({
    key: group['ParameterKey'] ?? '',
    value: group['ParameterValue'],
    usePreviousValue: group['UsePreviousValue'] === 'true',
  }));
}

export async function startCloudFormation(options: CloudFormationOptions): Promise<CloudFormationService> {
  const store = await StackStore.open(options.dir);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const running = new Set<Promise<void>>();
  const deps: OperationDependencies = {
    store,
    region: options.region,
    provisioners: options.provisioners ?? defaultProvisioners,
    context: (stack) => options.context({ stackName: stack.stackName, stackId: stack.stackId }),
    log,
  };
  const arnPrefix = `arn:aws:cloudformation:${options.region}:${LOCAL_ACCOUNT_ID}`;

  const inBackground = (operation: Promise<void>) => {
    const tracked = operation.catch((error: unknown) =>
      log(`stack operation failed inside the engine: ${error instanceof Error ? error.stack : String(error)}`),
    );
    running.add(tracked);
    void tracked.finally(() => running.delete(tracked));
  };

  const requireStack = (name: string | undefined): StackRecord => {
    const stack = name === undefined ? undefined : store.find(name);
    if (stack === undefined) throw validationError(`Stack with id ${name ?? ''} does not exist`);
    return stack;
  };

  const findChangeSet = (parameters: QueryParameters): { stack: StackRecord; changeSet: ChangeSetRecord } => {
    const name = parameters['ChangeSetName'] ?? '';
    const stacks = name.startsWith('arn:') ? store.all() : [requireStack(parameters['StackName'])];
    for (const stack of stacks) {
      const changeSet = stack.changeSets.find((candidate) => candidate.changeSetId === name || candidate.changeSetName === name);
      if (changeSet) return { stack, changeSet };
    }
    throw queryError('ChangeSetNotFound', `ChangeSet [${name}] does not exist`);
  };

  async function templateBodyOf(parameters: QueryParameters, stack: StackRecord | undefined): Promise<string> {
    if (parameters['TemplateBody'] !== undefined) return parameters['TemplateBody'];
    if (parameters['TemplateURL'] !== undefined) return options.fetchTemplate(parameters['TemplateURL']);
    if (parameters['UsePreviousTemplate'] === 'true' && stack?.templateBody !== undefined) return stack.templateBody;
    throw validationError('Either Template URL or Template Body must be specified.');
  }

  async function createChangeSet(parameters: QueryParameters): Promise<XmlNode[]> {
    const stackName = parameters['StackName'] ?? '';
    const changeSetName = parameters['ChangeSetName'] ?? '';
    const type = (parameters['ChangeSetType'] ?? 'UPDATE') as 'CREATE' | 'UPDATE';
    if (!/^[a-zA-Z][-a-zA-Z0-9]*$/.test(changeSetName)) {
      throw validationError(
        `1 validation error detected: Value '${changeSetName}' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
      );
    }
    let stack = store.find(stackName);
    if (type === 'CREATE' && stack !== undefined && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw validationError(`Stack [${stackName}] already exists and cannot be created again with the changeSet [${changeSetName}].`);
    }
    if (type === 'UPDATE') {
      if (stack === undefined || stack.status === 'REVIEW_IN_PROGRESS') throw validationError(`Stack [${stackName}] does not exist`);
      if (
        IN_PROGRESS.test(stack.status) ||
        stack.status === 'ROLLBACK_COMPLETE' ||
        stack.status === 'ROLLBACK_FAILED' ||
        stack.status === 'DELETE_FAILED'
      ) {
        throw validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
      }
    }
    if (stack?.changeSets.some((changeSet) => changeSet.changeSetName === changeSetName)) {
      throw queryError('AlreadyExistsException', `ChangeSet ${changeSetName} already exists`);
    }
    const templateBody = await templateBodyOf(parameters, stack);
    const template = parseTemplate(templateBody);
    const values = chooseParameterValues(template.Parameters ?? {}, parameterInputs(parameters), stack?.parameters);
    const capabilities = memberList(parameters, 'Capabilities');
    const needed = requiredCapability(template);
    if (
      needed !== undefined &&
      !capabilities.includes(needed) &&
      !(needed === 'CAPABILITY_IAM' && capabilities.includes('CAPABILITY_NAMED_IAM'))
    ) {
      throw queryError('InsufficientCapabilitiesException', `Requires capabilities : [${needed}]`);
    }
    const stackId = stack?.stackId ?? `${arnPrefix}:stack/${stackName}/${randomUUID()}`;
    const evaluation = evaluateTemplate(template, values, { region: options.region, stackName, stackId });
    const changes = planChanges(evaluation, stack?.resources ?? {});

    if (stack === undefined) {
      stack = {
        stackId,
        stackName,
        status: 'REVIEW_IN_PROGRESS',
        creationTime: new Date().toISOString(),
        parameters: {},
        capabilities: [],
        resources: {},
        outputs: [],
        events: [],
        changeSets: [],
      };
      store.add(stack);
      recordEvent(stack, { status: 'REVIEW_IN_PROGRESS', reason: 'User Initiated' });
    }
    // Like CloudFormation, a change set with no resource changes is FAILED unless outputs or parameters differ.
    let empty = changes.length === 0;
    if (empty && type === 'UPDATE') {
      const outputs = (() => {
        try {
          return resolveOutputs(evaluation, {
            ref: (id) => stack.resources[id]?.physicalId,
            getAtt: (id, attribute) => stack.resources[id]?.attributes[attribute],
          });
        } catch {
          return undefined;
        }
      })();
      empty = sameValue(outputs, stack.outputs) && sameValue(values, stack.parameters);
    }
    const changeSet: ChangeSetRecord = {
      changeSetId: `${arnPrefix}:changeSet/${changeSetName}/${randomUUID()}`,
      changeSetName,
      changeSetType: type,
      status: empty ? 'FAILED' : 'CREATE_COMPLETE',
      statusReason: empty ? EMPTY_CHANGE_SET_REASON : undefined,
      executionStatus: empty ? 'UNAVAILABLE' : 'AVAILABLE',
      creationTime: new Date().toISOString(),
      description: parameters['Description'],
      templateBody,
      parameters: values,
      capabilities,
      changes,
    };
    stack.changeSets.push(changeSet);
    await store.save(stack);
    return [
      ['Id', changeSet.changeSetId],
      ['StackId', stack.stackId],
    ];
  }

  async function executeChangeSetAction(parameters: QueryParameters): Promise<XmlNode[]> {
    const { stack, changeSet } = findChangeSet(parameters);
    if (changeSet.executionStatus !== 'AVAILABLE') {
      throw queryError(
        'InvalidChangeSetStatus',
        `ChangeSet [${changeSet.changeSetId}] cannot be executed in its current status of [${changeSet.status}]`,
      );
    }
    if (IN_PROGRESS.test(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
    }
    changeSet.executionStatus = 'EXECUTE_IN_PROGRESS';
    inBackground(executeChangeSet(deps, stack, changeSet));
    return [];
  }

  async function deleteChangeSet(parameters: QueryParameters): Promise<XmlNode[]> {
    const { stack, changeSet } = findChangeSet(parameters);
    if (changeSet.executionStatus === 'EXECUTE_IN_PROGRESS') {
      throw queryError(
        'InvalidChangeSetStatus',
        `ChangeSet [${changeSet.changeSetId}] cannot be deleted in its current status of [${changeSet.executionStatus}]`,
      );
    }
    stack.changeSets = stack.changeSets.filter((candidate) => candidate !== changeSet);
    await store.save(stack);
    return [];
  }

  async function deleteStackAction(parameters: QueryParameters): Promise<XmlNode[]> {
    const stack = store.find(parameters['StackName'] ?? '');
    // Deleting a stack that does not exist succeeds quietly, as in CloudFormation.
    if (stack === undefined || stack.status === 'DELETE_COMPLETE' || stack.status === 'DELETE_IN_PROGRESS') return [];
    if (IN_PROGRESS.test(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw validationError(`Stack [${stack.stackName}] cannot be deleted while in status ${stack.status}`);
    }
    inBackground(deleteStack(deps, stack));
    return [];
  }

  function describeStacks(parameters: QueryParameters): XmlNode[] {
    const name = parameters['StackName'];
    const stacks = name === undefined ? store.all().filter((stack) => stack.status !== 'DELETE_COMPLETE') : [requireStack(name)];
    return [
      [
        'Stacks',
        stacks.map((stack) => {
          const declarations = (() => {
            try {
              return stack.templateBody === undefined ? {} : (parseTemplate(stack.templateBody).Parameters ?? {});
            } catch {
              return {};
            }
          })();
          return ['member', stackXml(stack, describedParameters(declarations, stack.parameters))] as XmlNode;
        }),
      ],
    ];
  }

  function getTemplate(parameters: QueryParameters): XmlNode[] {
    if (parameters['ChangeSetName'] !== undefined) {
      const { changeSet } = findChangeSet(parameters);
      return [
        ['TemplateBody', changeSet.templateBody],
        [
          'StagesAvailable',
          [
            ['member', 'Original'],
            ['member', 'Processed'],
          ],
        ],
      ];
    }
    const stack = requireStack(parameters['StackName']);
    return [
      ['TemplateBody', stack.templateBody ?? ''],
      [
        'StagesAvailable',
        [
          ['member', 'Original'],
          ['member', 'Processed'],
        ],
      ],
    ];
  }

  async function validateTemplate(parameters: QueryParameters): Promise<XmlNode[]> {
    const template = parseTemplate(await templateBodyOf(parameters, undefined));
    const capability = requiredCapability(template);
    return [
      [
        'Parameters',
        Object.entries(template.Parameters ?? {}).map(
          ([key, declaration]) =>
            [
              'member',
              [
                ['ParameterKey', key],
                ['DefaultValue', declaration.Default === undefined ? undefined : String(declaration.Default)],
                ['NoEcho', declaration.NoEcho === true || declaration.NoEcho === 'true'],
                ['Description', declaration.Description],
              ],
            ] as XmlNode,
        ),
      ],
      ['Description', template.Description],
      ['Capabilities', capability === undefined ? [] : [['member', capability]]],
      ['CapabilitiesReason', capability === undefined ? undefined : 'The following resource(s) require capabilities: [AWS::IAM::Role]'],
    ];
  }

  const actions: Readonly<Record<string, (parameters: QueryParameters) => XmlNode[] | Promise<XmlNode[]>>> = {
    CreateChangeSet: createChangeSet,
    ExecuteChangeSet: executeChangeSetAction,
    DeleteChangeSet: deleteChangeSet,
    DescribeChangeSet: (parameters) => {
      const { stack, changeSet } = findChangeSet(parameters);
      return changeSetXml(stack, changeSet);
    },
    ListChangeSets: (parameters) => {
      const stack = requireStack(parameters['StackName']);
      return [['Summaries', stack.changeSets.map((changeSet) => ['member', changeSetSummaryXml(stack, changeSet)] as XmlNode)]];
    },
    DescribeStacks: describeStacks,
    ListStacks: (parameters) => {
      const filter = memberList(parameters, 'StackStatusFilter');
      const stacks = store.all().filter((stack) => filter.length === 0 || filter.includes(stack.status));
      return [['StackSummaries', stacks.map((stack) => ['member', stackSummaryXml(stack)] as XmlNode)]];
    },
    DescribeStackEvents: (parameters) => {
      const stack = requireStack(parameters['StackName']);
      return [['StackEvents', [...stack.events].reverse().map((event) => ['member', eventXml(event)] as XmlNode)]];
    },
    DescribeStackResources: (parameters) => {
      const stack = requireStack(parameters['StackName']);
      const logicalId = parameters['LogicalResourceId'];
      const resources = Object.values(stack.resources).filter((resource) => logicalId === undefined || resource.logicalId === logicalId);
      return [['StackResources', resources.map((resource) => ['member', stackResourceXml(stack, resource)] as XmlNode)]];
    },
    DescribeStackResource: (parameters) => {
      const stack = requireStack(parameters['StackName']);
      const resource = stack.resources[parameters['LogicalResourceId'] ?? ''];
      if (resource === undefined)
        throw validationError(`Resource ${parameters['LogicalResourceId'] ?? ''} does not exist for stack ${stack.stackName}`);
      return [
        [
          'StackResourceDetail',
          [...stackResourceXml(stack, resource).filter(([name]) => name !== 'Timestamp'), ['LastUpdatedTimestamp', resource.lastUpdated]],
        ],
      ];
    },
    ListStackResources: (parameters) => {
      const stack = requireStack(parameters['StackName']);
      return [
        [
          'StackResourceSummaries',
          Object.values(stack.resources).map((resource) => ['member', stackResourceSummaryXml(resource)] as XmlNode),
        ],
      ];
    },
    GetTemplate: getTemplate,
    DeleteStack: deleteStackAction,
    ValidateTemplate: validateTemplate,
  };

  const handler: ServiceHandler = async (request, body, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const parameters = { ...Object.fromEntries(url.searchParams), ...parseQueryForm(body.toString('utf8')) };
    const action = parameters['Action'] ?? '';
    const run = actions[action];
    if (run === undefined) {
      sendQueryXml(
        response,
        400,
        queryErrorXml(CLOUDFORMATION_NAMESPACE, 'InvalidAction', `The action ${action} is not valid for this web service.`),
      );
      return;
    }
    try {
      const result = await run(parameters);
      sendQueryXml(response, 200, queryResponseXml(action, CLOUDFORMATION_NAMESPACE, result));
    } catch (error) {
      if (error instanceof QrcardError && error.source === 'user') {
        sendQueryXml(response, errorStatus[error.code] ?? 400, queryErrorXml(CLOUDFORMATION_NAMESPACE, error.code, error.message));
        return;
      }
      const message = errorMessage(error);
      sendQueryXml(response, 500, queryErrorXml(CLOUDFORMATION_NAMESPACE, 'InternalFailure', message, 'Receiver'));
    }
  };

  return {
    handler,
    async restore() {
      for (const stack of store.all()) await restoreStack(deps, stack);
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
    async stop() {
      while (running.size > 0) await Promise.all([...running]);
      await store.flush();
    },
  };
}
