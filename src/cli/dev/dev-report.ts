// Pure text for `qrcard dev`: where the engine listens, how other terminals reach it, what a deploy changed.
import { userError } from '../../core/errors.js';
import type { DeployResult } from '../../deploy/deploy-stack.js';
import type { SettledStatus } from '../../local/engine-state.js';
import type { DevPorts } from './dev-ports.js';

export interface DevEndpoints {
  readonly siteUrl: string;
  readonly endpoint: string;
  readonly region: string;
  readonly stage: string;
  /** The stage qrcard uses without --stage; the hints leave --stage out for it. */
  readonly defaultStage: string;
}

/** What `qrcard dev --json` prints once, when the engine is ready (or failed), for scripts. */
export interface ReadyDocument {
  readonly state: 'ready' | 'failed';
  /** Why the engine is not ready, with state `failed`. */
  readonly reason?: string;
  readonly siteUrl: string;
  readonly endpoint: string;
  readonly ports: DevPorts;
  readonly region: string;
  readonly stage: string;
  readonly stateDir: string;
  readonly pid: number;
}

export function readyDocument(status: SettledStatus, endpoints: DevEndpoints, stateDir: string, pid: number): ReadyDocument {
  return {
    state: status.state,
    ...(status.state === 'failed' ? { reason: status.reason } : {}),
    siteUrl: endpoints.siteUrl,
    endpoint: endpoints.endpoint,
    ports: portsOf(endpoints),
    region: endpoints.region,
    stage: endpoints.stage,
    stateDir,
    pid,
  };
}

/** The ports in the endpoint and site URLs. */
export function portsOf(urls: { readonly endpoint: string; readonly siteUrl: string }): DevPorts {
  return { endpoint: Number(new URL(urls.endpoint).port), site: Number(new URL(urls.siteUrl).port) };
}

/** The lines printed once the engine is ready: the site, the AWS endpoint. */
export function formatEndpoints(endpoints: DevEndpoints): string {
  return [`Site      ${endpoints.siteUrl}`, `Endpoint  ${endpoints.endpoint}`].join('\n');
}

/** How to reach the engine from another terminal: qrcard with --local, and the AWS CLI with --endpoint-url. */
export function formatHints(endpoints: DevEndpoints, outputs: Readonly<Record<string, string>> = {}): string[] {
  const stageFlag = endpoints.stage === endpoints.defaultStage ? '' : ` --stage ${endpoints.stage}`;
  const aws = `AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws --endpoint-url ${endpoints.endpoint} --region ${endpoints.region}`;
  const table = outputs.UsersTableName;
  return [
    `other terminals: qrcard --local${stageFlag} status   (or deploy, diff, outputs)`,
    `AWS CLI: ${aws} ${table ? `dynamodb scan --table-name ${table}` : 'cloudformation describe-stacks'}`,
  ];
}

/** One line on what deploying the stack into the engine did. */
export function formatDevDeploy(result: DeployResult): string {
  switch (result.kind) {
    case 'no-changes':
      return `${result.stackName} is up to date`;
    case 'deployed': {
      const counts = new Map<string, number>();
      for (const change of result.changes) counts.set(change.action, (counts.get(change.action) ?? 0) + 1);
      const summary = [...counts].map(([action, count]) => `${actionWord(action)} ${count}`).join(', ');
      const names = result.changes.length <= 4 ? `: ${result.changes.map((change) => change.logicalId).join(', ')}` : '';
      return `${result.stackName} ${result.status === 'CREATE_COMPLETE' ? 'created' : 'updated'} (${summary || 'no resource changes'})${names}`;
    }
    case 'declined':
      return `${result.stackName}: deploy declined, the engine runs the stack as it was`;
    case 'failed':
      return `${result.stackName}: deploy failed (${result.analysis.finalStatus})`;
  }
}

function actionWord(action: string): string {
  switch (action) {
    case 'Add':
      return 'added';
    case 'Modify':
      return 'modified';
    case 'Remove':
      return 'removed';
    default:
      return action.toLowerCase();
  }
}

/** Parses a `--port`-like flag: an integer 0-65535 (0: a free port), or undefined when absent. */
export function parsePort(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65_535) {
    throw userError('usage', `${flag} must be a port number from 0 to 65535, not "${value}"`);
  }
  return port;
}
