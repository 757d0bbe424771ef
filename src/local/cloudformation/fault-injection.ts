// Faults the local CloudFormation can be told to inject, so failed deploys, rollbacks and failed deletions
// can be provoked for real. Off unless QRCARD_LOCAL_FAULTS (or the service's `faults` option) names some.
//
// QRCARD_LOCAL_FAULTS is a comma-separated list of `<operation>:<target>`: the operation is create, update
// or delete, the target a logical id (`RegisterUserFunction`) or a resource type (`AWS::SNS::Topic`); or
// plan, the target a change set or stack name, which makes that change set FAILED as one CloudFormation
// cannot plan. Each entry fires once, on the first matching operation of any stack; list an entry twice to
// fail two. A create or delete fails before the provisioner acts; an update fails after it has applied the
// change, as a resource that does not stabilise, so the rollback has something to undo.
import { userError } from '../../core/errors.js';

/** The variable `qrcard dev` (any process starting the engine) reads the faults from. */
export const FAULTS_VARIABLE = 'QRCARD_LOCAL_FAULTS';

type FaultOperation = 'create' | 'update' | 'delete' | 'plan';

export interface InjectedFault {
  readonly operation: FaultOperation;
  /** A logical id, or a resource type when it contains `::`; for plan, a change set or stack name. */
  readonly target: string;
}

const OPERATIONS: readonly FaultOperation[] = ['create', 'update', 'delete', 'plan'];

// The handler error codes CloudFormation reports for such failures.
const HANDLER_ERROR_CODES: Readonly<Record<Exclude<FaultOperation, 'plan'>, string>> = {
  create: 'GeneralServiceException',
  update: 'NotStabilized',
  delete: 'GeneralServiceException',
};

/** Pure: the faults a QRCARD_LOCAL_FAULTS value lists; none for undefined or blank. */
export function parseFaults(spec: string | undefined): InjectedFault[] {
  if (spec === undefined || spec.trim() === '') return [];
  return spec.split(',').map((entry) => {
    const [operation = '', target = ''] = entry.trim().split(/:(.*)/s);
    if (!OPERATIONS.includes(operation as FaultOperation) || target.trim() === '') {
      throw userError('usage', `${FAULTS_VARIABLE}: "${entry.trim()}" is not <operation>:<target>`, {
        hint: 'for example update:RegisterUserFunction, delete:AWS::SNS::Topic or plan:qrcard-diff; the operation is create, update, delete or plan',
      });
    }
    return { operation: operation as FaultOperation, target: target.trim() };
  });
}

export function describeFault(fault: InjectedFault): string {
  return `${fault.operation} of ${fault.target}`;
}

/** The faults still to fire; each fires once. */
export class FaultPlan {
  private readonly pending: InjectedFault[];

  constructor(faults: readonly InjectedFault[]) {
    this.pending = [...faults];
  }

  get armed(): readonly InjectedFault[] {
    return this.pending;
  }

  /** Throws the injected failure when a pending fault matches this provisioning step, and spends that fault. */
  check(operation: Exclude<FaultOperation, 'plan'>, logicalId: string, resourceType: string): void {
    const fault = this.take(operation, [logicalId, resourceType]);
    if (fault) throw new Error(injectedReason(operation, fault.target, logicalId));
  }

  /** The reason a change set is to fail with when a pending plan fault names it or its stack; spends that fault. */
  planFailure(stackName: string, changeSetName: string): string | undefined {
    const fault = this.take('plan', [changeSetName, stackName]);
    return fault && `Fault injected by ${FAULTS_VARIABLE}=plan:${fault.target}: the change set ${changeSetName} could not be planned`;
  }

  private take(operation: FaultOperation, targets: readonly string[]): InjectedFault | undefined {
    const index = this.pending.findIndex((fault) => fault.operation === operation && targets.includes(fault.target));
    return index < 0 ? undefined : this.pending.splice(index, 1)[0];
  }
}

/** Worded as CloudFormation words a resource handler's failure, so clients unwrap it as they would AWS's. */
function injectedReason(operation: Exclude<FaultOperation, 'plan'>, target: string, logicalId: string): string {
  const what = operation === 'update' ? `the update of ${logicalId} was applied but did not stabilise` : `${operation} refused`;
  return (
    `Resource handler returned message: "Fault injected by ${FAULTS_VARIABLE}=${operation}:${target}: ${what}" ` +
    `(RequestToken: local-fault, HandlerErrorCode: ${HANDLER_ERROR_CODES[operation]})`
  );
}
