// The Logs actions on log groups: create, delete, retention, describe.

import { LOG_RETENTION_DAYS } from '../../core/log-retention.js';
import { AwsJsonError, type JsonObject, type JsonRequest } from '../protocol/json.js';
import { groupNameOf, invalidParameter, optionalNumber, optionalString, pageLimit, requiredString } from './logs-input.js';
import { groupArn, requireGroup, storedBytes, type LogsState } from './logs-state.js';
import type { LogGroup } from './logs-store.js';
import { decodeGroupNameToken, groupNameToken } from './page-tokens.js';

const DESCRIBE_GROUPS_MAX = 50;

export async function createLogGroup(state: LogsState, input: JsonObject): Promise<object> {
  const name = requiredString(input, 'logGroupName');
  if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name)) throw invalidParameter(`Invalid log group name: ${name}`);
  if (state.store.groups.has(name)) throw new AwsJsonError('ResourceAlreadyExistsException', 'The specified log group already exists');
  await state.store.createGroup(name);
  return {};
}

export async function deleteLogGroup(state: LogsState, input: JsonObject): Promise<object> {
  const name = groupNameOf(input);
  requireGroup(state, name);
  await state.store.deleteGroup(name);
  return {};
}

function isRetentionDays(days: number | undefined): days is number {
  return LOG_RETENTION_DAYS.some((allowed) => allowed === days);
}

export async function putRetentionPolicy(state: LogsState, input: JsonObject): Promise<object> {
  const group = requireGroup(state, groupNameOf(input));
  const days = optionalNumber(input, 'retentionInDays');
  if (!isRetentionDays(days)) {
    throw invalidParameter(
      `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${LOG_RETENTION_DAYS.join(', ')}]`,
    );
  }
  await state.store.setRetention(group, days);
  return {};
}

export async function deleteRetentionPolicy(state: LogsState, input: JsonObject): Promise<object> {
  await state.store.setRetention(requireGroup(state, groupNameOf(input)), undefined);
  return {};
}

export interface LogGroupDescription {
  readonly logGroupName: string;
  readonly creationTime: number;
  readonly retentionInDays?: number;
  readonly metricFilterCount: number;
  readonly arn: string;
  readonly logGroupArn: string;
  readonly storedBytes: number;
  readonly logGroupClass: string;
}

function describeGroup(group: LogGroup, region: string): LogGroupDescription {
  return {
    logGroupName: group.name,
    creationTime: group.creationTime,
    ...(group.retentionInDays === undefined ? {} : { retentionInDays: group.retentionInDays }),
    metricFilterCount: 0,
    arn: `${groupArn(region, group.name)}:*`,
    logGroupArn: groupArn(region, group.name),
    storedBytes: storedBytes(group.streams.values()),
    logGroupClass: 'STANDARD',
  };
}

/** Groups in name order, by prefix or by a case-insensitive pattern, 50 a page at most. */
export function describeLogGroups(
  state: LogsState,
  input: JsonObject,
  request: JsonRequest,
): { logGroups: LogGroupDescription[]; nextToken?: string } {
  const prefix = optionalString(input, 'logGroupNamePrefix') ?? '';
  const pattern = optionalString(input, 'logGroupNamePattern')?.toLowerCase();
  if (prefix !== '' && pattern !== undefined) throw invalidParameter('logGroupNamePrefix and logGroupNamePattern are mutually exclusive');
  const limit = pageLimit(input, DESCRIBE_GROUPS_MAX);
  const token = optionalString(input, 'nextToken');
  const after = token === undefined ? undefined : decodeGroupNameToken(token);
  const groups = [...state.store.groups.values()]
    .filter(({ name }) => name.startsWith(prefix) && (pattern === undefined || name.toLowerCase().includes(pattern)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .filter(({ name }) => after === undefined || name > after);
  const page = groups.slice(0, limit);
  const last = page[page.length - 1];
  return {
    logGroups: page.map((group) => describeGroup(group, request.region)),
    ...(groups.length > limit && last ? { nextToken: groupNameToken(last.name) } : {}),
  };
}
