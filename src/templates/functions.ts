// The three Lambda functions with their roles, log groups and (for render-card) asynchronous invoke settings.
import { FUNCTION_ENV } from '../core/function-environment.js';
import { FUNCTION_IDS, functionName, logGroupName, type FunctionId } from '../core/naming.js';
import { BRANDING_KEY, DEFAULT_CARD_URL_TTL_SECONDS } from '../core/storage-keys.js';
import { policyDocument, type CfnResources, type CfnValue } from './cfn-types.js';
import { functionPolicyStatements } from './function-permissions.js';
import { getAtt, ref } from './intrinsics.js';
import { functionLogicalIds, LOGICAL_IDS, PARAMETERS } from './logical-ids.js';
import { LOG_GROUP_POLICIES, type StackSettings } from './stack-settings.js';

export const FUNCTION_RUNTIME = 'nodejs22.x';
export const FUNCTION_HANDLER = 'index.handler';

export interface FunctionSizing {
  readonly memorySizeMb: number;
  readonly timeoutSeconds: number;
  readonly description: string;
}

/**
 * Memory also buys CPU on Lambda (a full vCPU only at 1769 MB), so it is sized for the work, not the heap:
 * - the API functions do one or two small DynamoDB/SNS/S3 calls; 256 MB keeps their cold start (SDK init)
 *   short at low cost, and 10 s is well inside API Gateway's 30 s integration limit even with SDK retries;
 * - render-card rasterises an SVG card with sharp/libvips and decodes fonts and a logo: CPU-bound work that
 *   runs several times faster at 1024 MB than at 256 MB, and 60 s leaves room for a cold start plus retries.
 */
export const FUNCTION_SIZING: Readonly<Record<FunctionId, FunctionSizing>> = {
  'register-user': { memorySizeMb: 256, timeoutSeconds: 10, description: 'POST /api/users: validate, store, request a card' },
  'get-user': { memorySizeMb: 256, timeoutSeconds: 10, description: 'GET /api/users/{user_id}[/{type}]: records and card links' },
  'render-card': { memorySizeMb: 1024, timeoutSeconds: 60, description: 'Render a card PNG for each SNS card request' },
};

/** Failed renders are retried twice by Lambda (after about 1 and 3 minutes); older events are dropped, and
 * `qrcard card regen --status failed` (or `pending`) recovers them from the records. */
export const RENDER_CARD_RETRIES = 2;
export const RENDER_CARD_MAX_EVENT_AGE_SECONDS = 3600;

export function functionResources(settings: StackSettings): CfnResources {
  const resources: Record<string, CfnResources[string]> = {};
  for (const fn of FUNCTION_IDS) Object.assign(resources, oneFunction(settings, fn));
  resources[LOGICAL_IDS.renderCardEventInvokeConfig] = {
    Type: 'AWS::Lambda::EventInvokeConfig',
    Properties: {
      FunctionName: ref(functionLogicalIds('render-card').function),
      Qualifier: '$LATEST',
      MaximumRetryAttempts: RENDER_CARD_RETRIES,
      MaximumEventAgeInSeconds: RENDER_CARD_MAX_EVENT_AGE_SECONDS,
    },
  };
  return resources;
}

function oneFunction(settings: StackSettings, fn: FunctionId): CfnResources {
  const ids = functionLogicalIds(fn);
  const sizing = FUNCTION_SIZING[fn];
  const { app } = settings.config;
  return {
    [ids.logGroup]: {
      Type: 'AWS::Logs::LogGroup',
      ...LOG_GROUP_POLICIES,
      Properties: {
        LogGroupName: logGroupName(app, settings.stage, fn),
        RetentionInDays: settings.config.logRetentionDays,
        Tags: settings.tags,
      },
    },
    [ids.role]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: `${functionName(app, settings.stage, fn)}: least privilege for its handler`,
        AssumeRolePolicyDocument: policyDocument([
          { Sid: 'LambdaAssumesRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: ['sts:AssumeRole'] },
        ]),
        Policies: [{ PolicyName: fn, PolicyDocument: policyDocument(functionPolicyStatements(fn)) }],
        Tags: settings.tags,
      },
    },
    [ids.function]: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: functionName(app, settings.stage, fn),
        Description: sizing.description,
        Runtime: FUNCTION_RUNTIME,
        Handler: FUNCTION_HANDLER,
        Architectures: [settings.config.architecture],
        MemorySize: sizing.memorySizeMb,
        Timeout: sizing.timeoutSeconds,
        Code: { S3Bucket: ref(PARAMETERS.artifactsBucket), S3Key: ref(PARAMETERS.codeKey[fn]) },
        Role: getAtt(ids.role, 'Arn'),
        Environment: { Variables: environment(settings, fn) },
        // Naming the group makes CloudFormation create it (with retention) before the function can log.
        LoggingConfig: { LogGroup: ref(ids.logGroup) },
        Tags: settings.tags,
      },
    },
  };
}

/** The environment each handler reads (see the contracts): resource names, never secrets. */
function environment(settings: StackSettings, fn: FunctionId): CfnValue {
  const common = {
    [FUNCTION_ENV.tableName]: ref(LOGICAL_IDS.usersTable),
    [FUNCTION_ENV.serviceName]: 'qrcard',
    [FUNCTION_ENV.logLevel]: 'INFO',
    [FUNCTION_ENV.stage]: settings.stage,
  };
  switch (fn) {
    case 'register-user':
      return {
        ...common,
        [FUNCTION_ENV.topicArn]: ref(LOGICAL_IDS.cardRequestsTopic),
        [FUNCTION_ENV.cardTypes]: settings.config.cardTypes.map((type) => type.id).join(','),
        [FUNCTION_ENV.defaultCountry]: settings.config.defaultCountry,
      };
    case 'get-user':
      return {
        ...common,
        [FUNCTION_ENV.cardsBucket]: ref(LOGICAL_IDS.cardsBucket),
        [FUNCTION_ENV.cardUrlTtlSeconds]: String(DEFAULT_CARD_URL_TTL_SECONDS),
      };
    case 'render-card':
      return {
        ...common,
        [FUNCTION_ENV.cardsBucket]: ref(LOGICAL_IDS.cardsBucket),
        [FUNCTION_ENV.assetsBucket]: ref(LOGICAL_IDS.assetsBucket),
        [FUNCTION_ENV.brandingKey]: BRANDING_KEY,
        [FUNCTION_ENV.brandingHash]: ref(PARAMETERS.brandingHash),
      };
  }
}
