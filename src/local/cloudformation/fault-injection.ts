// Faults the local CloudFormation can be told to inject, so failed deploys, rollbacks and failed deletions
// can be provoked for real. Off unless QRCARD_LOCAL_FAULTS (or the service's `faults` option) names some.
//
// QRCARD_LOCAL_FAULTS is a comma-separated list of `<operation>:<target>`: the operation is create, update
// or delete, the target a logical id (`RegisterUserFunction`) or a resource type (`AWS::SNS::Topic`). Each
// entry fires once, on the first matching operation of any stack; list an entry twice to fail two. A create
// or delete fails before the provisioner acts; an update fails after it has applied the change, as a
// resource that does not stabilise, so the rollback has something to undo.
import { userError } from '../../core/errors.js';

/** The variable `qrcard dev` (any process starting the engine) reads the faults from. */
export const FAULTS_VARIABLE = 'QRCARD_LOCAL_FAULTS';

type FaultOperation = 'create' | 'update' | 'delete';

export interface InjectedFault {
  readonly operation: FaultOperation;
  /** A logical id, or a resource type when it contains `::`. */
  readonly target: string;
}

const OPERATIONS: readonly FaultOperation[] = ['create', 'update', 'delete'];

// The handler error codes CloudFormation reports for such failures.
const HANDLER_ERROR_CODES: Readonly<Record<FaultOperation, string>> = {
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
        hint: 'for example update:RegisterUserFunction or delete:AWS::SNS::Topic; the operation is create, update or delete',
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

  /** Throws the injected failure when a pending fault matches this operation, and spends that fault. */
  check(operation: FaultOperation, logicalId: string, resourceType: string): void {
    const index = this.pending.findIndex(
      (fault) => fault.operation === operation && (fault.target === logicalId || fault.target === resourceType),
    );
    if (index < 0) return;
    const [fault] = this.pending.splice(index, 1);
    throw new Error(injectedReason(fault ?? { operation, target: logicalId }, logicalId));
  }
}

/** Worded as CloudFormation words a resource handler's failure, so clients unwrap it as they would AWS's. */
function injectedReason(fault: InjectedFault, logicalId: string): string {
  const what = fault.operation === 'update' ? `the update of ${logicalId} was applied but did not stabilise` : `${fault.operation} refused`;
  return (
    `Resource handler returned message: "Fault injected by ${FAULTS_VARIABLE}=${fault.operation}:${fault.target}: ${what}" ` +
    `(RequestToken: local-fault, HandlerErrorCode: ${HANDLER_ERROR_CODES[fault.operation]})`
  );
}
