// The local CloudFormation service (awsQuery): change sets, stacks, events, resources and templates,
// answered as CloudFormation answers them; stack operations run in the background while clients poll.
import type { ServiceHandler } from '../protocol/service-handler.js';
import { QueryError, queryServiceHandler } from '../protocol/query.js';
import { QrcardError } from '../../core/errors.js';
import { cloudFormationActions } from './cloudformation-actions.js';
import { describeFault, FAULTS_VARIABLE, FaultPlan, parseFaults, type InjectedFault } from './fault-injection.js';
import { backgroundOperations, type CloudFormationState } from './cloudformation-state.js';
import { CLOUDFORMATION_NAMESPACE } from './cloudformation-xml.js';
import { provisioners as defaultProvisioners } from './provisioners/index.js';
import type { ProvisionContext, Provisioner } from './provisioners/provisioner.js';
import { restoreStack } from './stack-operations.js';
import { StackStore } from './stack-store.js';

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
  /** Provisioning failures to inject, each once (see fault-injection.ts). Default: those QRCARD_LOCAL_FAULTS lists, usually none. */
  readonly faults?: readonly InjectedFault[];
}

export interface CloudFormationService {
  readonly handler: ServiceHandler;
  /** Re-registers saved stacks' functions and site routes with the running engine. */
  restore(): Promise<void>;
  /** Resolves when no stack operation is running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** CloudFormation's refusals in template and parameter checks (ValidationError and the like) are the caller's fault. */
function userErrorAsQueryError(error: unknown): QueryError | undefined {
  return error instanceof QrcardError && error.source === 'user' ? new QueryError(400, error.code, error.message) : undefined;
}

export async function startCloudFormation(options: CloudFormationOptions): Promise<CloudFormationService> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const faults = new FaultPlan(options.faults ?? parseFaults(process.env[FAULTS_VARIABLE]));
  if (faults.armed.length > 0) {
    log(`fault injection is on (${FAULTS_VARIABLE}): ${faults.armed.map(describeFault).join(', ')} will fail, each once`);
  }
  const state: CloudFormationState = {
    store: await StackStore.open(options.dir),
    region: options.region,
    provisioners: options.provisioners ?? defaultProvisioners,
    context: (stack) => options.context({ stackName: stack.stackName, stackId: stack.stackId }),
    log,
    faults,
    fetchTemplate: options.fetchTemplate,
    background: backgroundOperations(log),
  };
  const handler = queryServiceHandler({
    namespace: CLOUDFORMATION_NAMESPACE,
    actions: cloudFormationActions,
    state,
    serviceLabel: 'this web service',
    toQueryError: userErrorAsQueryError,
    internalErrorCode: 'InternalFailure',
  });
  return {
    handler,
    async restore() {
      for (const stack of state.store.all()) await restoreStack(state, stack);
    },
    idle: () => state.background.idle(),
    async stop() {
      await state.background.idle();
      await state.store.flush();
    },
  };
}
