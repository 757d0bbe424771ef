// Finds or creates the group and stream an in-process append writes to; appends racing to a new stream create it once.

import type { LogGroup, LogsStore, LogStream } from './logs-store.js';

export interface AppendTarget {
  readonly group: LogGroup;
  readonly stream: LogStream;
}

export type EnsureStream = (store: LogsStore, groupName: string, streamName: string) => Promise<AppendTarget>;

/** Runs `create` for a key unless a run for it is already in flight, whose promise is shared instead. */
function sharedWhileInFlight<T>(): (key: string, create: () => Promise<T>) => Promise<T> {
  const inFlight = new Map<string, Promise<T>>();
  return (key, create) => {
    const pending = inFlight.get(key);
    if (pending) return pending;
    const created = create().finally(() => inFlight.delete(key));
    inFlight.set(key, created);
    return created;
  };
}

/** An `ensureStream` with its own record of creations in flight. */
export function streamEnsurer(): EnsureStream {
  const groupCreation = sharedWhileInFlight<LogGroup>();
  const streamCreation = sharedWhileInFlight<AppendTarget>();
  return (store, groupName, streamName) => {
    const group = store.groups.get(groupName);
    const stream = group?.streams.get(streamName);
    if (group && stream) return Promise.resolve({ group, stream });
    return streamCreation(JSON.stringify([groupName, streamName]), async () => {
      const found = store.groups.get(groupName) ?? (await groupCreation(groupName, () => store.createGroup(groupName)));
      return { group: found, stream: found.streams.get(streamName) ?? (await store.createStream(found, streamName)) };
    });
  };
}
