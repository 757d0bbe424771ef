// Reading log groups through FilterLogEvents: every page of a time window, a group that does not exist
// (yet) read as empty, several groups merged by time.
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LogEvent, LogSource } from './log-line.js';
import { mergeByTime } from './merge-events.js';

export type LogsApi = Pick<CloudWatchLogsClient, 'send'>;

/** One of the stack's log groups and what writes to it. */
export interface LogGroupRef {
  readonly name: string;
  readonly source: LogSource;
}

export interface ReadWindow {
  readonly startTime: number;
  /** Inclusive; undefined: up to now. */
  readonly endTime?: number | undefined;
  /** CloudWatch filter pattern syntax, matched by the service. */
  readonly filterPattern?: string | undefined;
}

const isMissingGroup = (error: unknown) => error instanceof Error && error.name === 'ResourceNotFoundException';

/** The group's events in the window, oldest first; none when the group does not exist. */
export async function readGroupEvents(logs: LogsApi, group: LogGroupRef, window: ReadWindow, signal?: AbortSignal): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const command = new FilterLogEventsCommand({
      logGroupName: group.name,
      startTime: window.startTime,
      ...(window.endTime === undefined ? {} : { endTime: window.endTime }),
      ...(window.filterPattern === undefined ? {} : { filterPattern: window.filterPattern }),
      ...(nextToken === undefined ? {} : { nextToken }),
    });
    let page;
    try {
      page = await logs.send(command, signal === undefined ? {} : { abortSignal: signal });
    } catch (error) {
      if (isMissingGroup(error)) return [];
      throw error;
    }
    for (const found of page.events ?? []) {
      events.push({
        logGroupName: group.name,
        source: group.source,
        eventId: found.eventId ?? `${found.logStreamName ?? ''}/${found.timestamp ?? 0}/${events.length}`,
        timestamp: found.timestamp ?? 0,
        message: found.message ?? '',
        logStreamName: found.logStreamName,
        ingestionTime: found.ingestionTime,
      });
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

/** Every group's events in the window, merged by time. */
export async function readLogGroups(logs: LogsApi, groups: readonly LogGroupRef[], window: ReadWindow): Promise<LogEvent[]> {
  return mergeByTime(await Promise.all(groups.map((group) => readGroupEvents(logs, group, window))));
}
