// What every template module needs to know about the stack being built, worked out once from config and stage.
import { retainsData, type Config } from '../core/config.js';
import { stackName } from '../core/naming.js';
import type { CfnResource, CfnValue, DeletionPolicy } from './cfn-types.js';

export interface StackSettings {
  readonly config: Config;
  readonly stage: string;
  readonly stackName: string;
  /** Keep the users table and the cards bucket when the stack is deleted or they are replaced. */
  readonly retainData: boolean;
  /** `app` and `stage` tags in CloudFormation's list form (most resource types). */
  readonly tags: CfnValue;
  /** The same tags as a map (API Gateway v2 resources take this form). */
  readonly tagMap: CfnValue;
}

export function stackSettings(config: Config, stage: string): StackSettings {
  return {
    config,
    stage,
    stackName: stackName(config.app, stage),
    retainData: retainsData(config, stage),
    tags: [
      { Key: 'app', Value: config.app },
      { Key: 'stage', Value: stage },
    ],
    tagMap: { app: config.app, stage },
  };
}

/** Deletion and replacement policies for a resource holding user data. */
export function dataPolicies(settings: StackSettings): Pick<CfnResource, 'DeletionPolicy' | 'UpdateReplacePolicy'> {
  const policy: DeletionPolicy = settings.retainData ? 'Retain' : 'Delete';
  return { DeletionPolicy: policy, UpdateReplacePolicy: policy };
}

/** Logs go with the stack: a retained group would keep its fixed name taken and block re-creating the stack. */
export const LOG_GROUP_POLICIES: Pick<CfnResource, 'DeletionPolicy' | 'UpdateReplacePolicy'> = {
  DeletionPolicy: 'Delete',
  UpdateReplacePolicy: 'Delete',
};
