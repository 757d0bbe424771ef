// CloudFormation as the running engine hosts it: mounted on the edge, provisioning into the engine's own
// services, runner and site, reading TemplateURLs from the local S3, with saved stacks restored at start.
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { errorMessage } from '../core/errors.js';
import { LOCAL_ACCOUNT_ID } from './account.js';
import { startCloudFormation, type CloudFormationService } from './cloudformation/cloudformation-service.js';
import { validationError } from './cloudformation/template.js';
import { templateUrlLocation } from './cloudformation/template-url.js';
import type { LambdaRunner } from './functions/lambda-runner.js';
import { s3Sdk } from './cloudformation/provisioners/lazy-sdk.js';
import { lazyServiceClients } from './cloudformation/provisioners/provisioner-clients.js';
import type { LocalServices } from './services.js';
import type { SiteRegistry } from './site/site-registry.js';

export interface EngineCloudFormationOptions {
  /** The engine's state directory: stacks go to `cloudformation/`, unpacked function code to `lambda/`. */
  readonly stateDir: string;
  readonly region: string;
  readonly log: (line: string) => void;
  readonly services: LocalServices;
  readonly runner: LambdaRunner;
  readonly site: SiteRegistry;
  /** The per-user cache, whose `function-code/` folder holds unpacked code for every stage; none: each stage unpacks its own. */
  readonly userCacheDir?: string | undefined;
}

export interface EngineCloudFormation {
  readonly service: CloudFormationService;
  /** Unmounts the service, waits for it to stop, and closes the provisioners' clients. */
  stop(): Promise<void>;
}

/** Starts CloudFormation on the services' edge and restores the saved stacks; if that fails, nothing is left running. */
export async function startEngineCloudFormation(options: EngineCloudFormationOptions): Promise<EngineCloudFormation> {
  const { region, services } = options;
  const clients = lazyServiceClients({ kind: 'local', endpoint: services.url, region });
  const service = await startCloudFormation({
    dir: join(options.stateDir, 'cloudformation'),
    region,
    log: options.log,
    context: ({ stackName, stackId }) => ({
      stackName,
      stackId,
      region,
      accountId: LOCAL_ACCOUNT_ID,
      clients,
      runner: options.runner,
      site: options.site,
      codeDirectory: join(options.stateDir, 'lambda'),
      sharedCodeDirectory: options.userCacheDir === undefined ? undefined : join(options.userCacheDir, 'function-code'),
    }),
    fetchTemplate: (url) => fetchTemplate(clients.s3, url),
  });
  const stop = async () => {
    services.edge.unmount('cloudformation');
    await service.stop();
    clients.destroy();
  };
  services.edge.mount('cloudformation', service.handler);
  try {
    await service.restore();
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return { service, stop };
}

/** The template behind a TemplateURL, as CloudFormation reports an unreadable one. */
async function fetchTemplate(s3: S3Client, url: string): Promise<string> {
  const location = templateUrlLocation(url);
  if (location === undefined) throw validationError(`TemplateURL must be a supported URL.`);
  try {
    const object = await s3.send(new (s3Sdk().GetObjectCommand)({ Bucket: location.bucket, Key: location.key }));
    return (await object.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    throw validationError(`S3 error: Unable to get object at ${url}: ${errorMessage(error)}`);
  }
}
