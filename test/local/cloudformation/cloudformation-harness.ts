// A CloudFormation state over a temporary stack store and test provisioners that record what they are asked
// to do, for tests that call the actions directly.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloudFormationActions } from '../../../src/local/cloudformation/cloudformation-actions.js';
import { backgroundOperations, type CloudFormationState } from '../../../src/local/cloudformation/cloudformation-state.js';
import type { Provisioner, ServiceClients } from '../../../src/local/cloudformation/provisioners/provisioner.js';
import { StackStore } from '../../../src/local/cloudformation/stack-store.js';
import { createLambdaRunner } from '../../../src/local/functions/lambda-runner.js';
import type { QueryRequest, QueryResult } from '../../../src/local/protocol/query.js';
import { SiteRegistry } from '../../../src/local/site/site-registry.js';

export const REGION = 'eu-west-1';

export type ActionName = keyof typeof cloudFormationActions;

export interface Harness {
  readonly state: CloudFormationState;
  /** What the provisioners were asked, in order: `create First`, `update First`, `delete First`. */
  readonly calls: string[];
  /** Lines the engine logged. */
  readonly logged: string[];
  /** Holds creates of resources whose `Wait` property is true until called. */
  release(): void;
  act(action: ActionName, parameters?: Record<string, string>): Promise<QueryResult>;
  close(): Promise<void>;
}

/** Service clients for provisioners that must not call any service: each use fails the test, naming it. */
export function unusedClients(): ServiceClients {
  const unused = (what: string): never => {
    throw new Error(`the test provisioners do not use ${what}`);
  };
  return {
    get dynamodb() {
      return unused('dynamodb');
    },
    get s3() {
      return unused('s3');
    },
    get sns() {
      return unused('sns');
    },
    get logs() {
      return unused('logs');
    },
  };
}

/** Resources named `<logical id>-<n>`; a true `Fail` property makes create and update fail. */
function recordingProvisioner(calls: string[], gate: () => Promise<void>): Provisioner {
  let created = 0;
  return {
    async create(context, properties) {
      calls.push(`create ${context.logicalId}`);
      if (properties.Wait === true) await gate();
      if (properties.Fail === true) throw new Error(`${context.logicalId} refused by the test provisioner`);
      created += 1;
      const physicalId = `${context.logicalId}-${created}`;
      return { physicalId, attributes: { Name: physicalId } };
    },
    update(context, current, properties) {
      calls.push(`update ${context.logicalId}`);
      if (properties.Fail === true) return Promise.reject(new Error(`${context.logicalId} update refused by the test provisioner`));
      return Promise.resolve({ physicalId: current.physicalId, attributes: current.attributes });
    },
    delete(context) {
      calls.push(`delete ${context.logicalId}`);
      return Promise.resolve();
    },
  };
}

export async function harness(templates: Readonly<Record<string, string>> = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'qrcard-cfn-actions-'));
  const calls: string[] = [];
  const logged: string[] = [];
  let open = (): void => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const provisioner = recordingProvisioner(calls, () => gate);
  const runner = createLambdaRunner({ endpoint: 'http://127.0.0.1:9', logs: { append: () => {} } });
  const log = (line: string) => logged.push(line);
  const state: CloudFormationState = {
    store: await StackStore.open(dir),
    region: REGION,
    provisioners: { 'Test::Thing': provisioner, 'AWS::SNS::Topic': provisioner, 'AWS::IAM::Role': provisioner },
    context: (stack) => ({
      stackName: stack.stackName,
      stackId: stack.stackId,
      region: REGION,
      accountId: '000000000000',
      clients: unusedClients(),
      runner,
      site: new SiteRegistry(),
      codeDirectory: join(dir, 'code'),
    }),
    log,
    fetchTemplate: (url) => {
      const body = templates[url];
      return body === undefined ? Promise.reject(new Error(`no template at ${url}`)) : Promise.resolve(body);
    },
    background: backgroundOperations(log),
  };
  return {
    state,
    calls,
    logged,
    release: () => open(),
    act(action, parameters = {}) {
      const request: QueryRequest = {
        action,
        parameters: { Action: action, ...parameters },
        region: REGION,
        endpoint: 'http://127.0.0.1:9',
      };
      // Whatever the action throws, synchronously or not, becomes a rejection, as the protocol treats it.
      return Promise.resolve().then(() => cloudFormationActions[action](state, request));
    },
    async close() {
      open();
      await state.background.idle();
      await state.store.flush();
      await runner.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
