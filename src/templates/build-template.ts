// Builds the whole stack's CloudFormation template from the configuration and a stage: pure data, no AWS calls.
import { stageNameSchema, type Config } from '../core/config.js';
import { userError } from '../core/errors.js';
import { FUNCTION_IDS } from '../core/naming.js';
import { bucketResources } from './buckets.js';
import { cardRequestsTopicResources } from './card-requests-topic.js';
import type { CfnParameter, CloudFormationTemplate } from './cfn-types.js';
import { distributionResources } from './distribution.js';
import { functionResources } from './functions.js';
import { httpApiResources } from './http-api.js';
import { PARAMETERS } from './logical-ids.js';
import { stackOutputs } from './outputs.js';
import { stackSettings } from './stack-settings.js';
import { usersTableResources } from './users-table.js';

export interface BuildTemplateOptions {
  /** The validated configuration (defaults applied). */
  readonly config: Config;
  /** The stage to build; must follow the stage naming rules. */
  readonly stage: string;
}

/** The stack `app-stage` as a CloudFormation template; the code locations are parameters (see PARAMETERS). */
export function buildTemplate({ config, stage }: BuildTemplateOptions): CloudFormationTemplate {
  const stageCheck = stageNameSchema.safeParse(stage);
  if (!stageCheck.success) {
    throw userError('usage', `invalid stage "${stage}": ${stageCheck.error.issues.map((issue) => issue.message).join('; ')}`);
  }
  const settings = stackSettings(config, stage);
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `qrcard app "${config.app}", stage "${stage}": site, API, functions, users table, cards`,
    Parameters: codeParameters(),
    Resources: {
      ...usersTableResources(settings),
      ...cardRequestsTopicResources(settings),
      ...functionResources(settings),
      ...httpApiResources(settings),
      ...bucketResources(settings),
      ...distributionResources(settings),
    },
    Outputs: stackOutputs(),
  };
}

function codeParameters(): Record<string, CfnParameter> {
  const parameters: Record<string, CfnParameter> = {
    [PARAMETERS.artifactsBucket]: {
      Type: 'String',
      Description: 'Bucket holding the function zips (the bootstrap stack output ArtifactsBucketName)',
      MinLength: 3,
    },
  };
  for (const fn of FUNCTION_IDS) {
    parameters[PARAMETERS.codeKey[fn]] = {
      Type: 'String',
      Description: `S3 key of the ${fn} zip; it contains the content hash, so only changed code is updated`,
      MinLength: 1,
    };
  }
  parameters[PARAMETERS.brandingHash] = {
    Type: 'String',
    Description: 'Content hash of the published branding: a change replaces the card renderer environments, which cache it',
    Default: 'none',
  };
  return parameters;
}
