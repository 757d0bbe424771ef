// The CloudWatch Logs actions by name, as `X-Amz-Target: Logs_20140328.<Action>` names them: each a plain
// function of the service's state and the decoded input.

import type { JsonActions } from '../protocol/json.js';
import { createLogGroup, deleteLogGroup, deleteRetentionPolicy, describeLogGroups, putRetentionPolicy } from './group-actions.js';
import type { LogsState } from './logs-state.js';
import { putLogEvents } from './put-log-events.js';
import { filterLogEvents, getLogEvents } from './read-log-events.js';
import { createLogStream, deleteLogStream, describeLogStreams } from './stream-actions.js';

export const LOGS_TARGET_PREFIX = 'Logs_20140328';

export const logsActions = {
  CreateLogGroup: createLogGroup,
  DeleteLogGroup: deleteLogGroup,
  PutRetentionPolicy: putRetentionPolicy,
  DeleteRetentionPolicy: deleteRetentionPolicy,
  DescribeLogGroups: describeLogGroups,
  CreateLogStream: createLogStream,
  DeleteLogStream: deleteLogStream,
  DescribeLogStreams: describeLogStreams,
  PutLogEvents: putLogEvents,
  GetLogEvents: getLogEvents,
  FilterLogEvents: filterLogEvents,
} satisfies JsonActions<LogsState>;
