// Stacks on disk: one JSON file per stack under the engine's state directory, written atomically,
// so a restarted engine finds every stack as it was.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { writeFileAtomically } from '../persistence/atomic-file.js';
import { KeyedSerialQueue } from '../persistence/keyed-serial-queue.js';
import type { StackEvent, StackRecord } from './stack-model.js';

export class StackStore {
  private readonly stacks: StackRecord[] = [];
  private readonly writes = new KeyedSerialQueue();

  private constructor(private readonly directory: string) {}

  static async open(directory: string): Promise<StackStore> {
    await mkdir(directory, { recursive: true });
    const store = new StackStore(directory);
    for (const name of (await readdir(directory)).filter((entry) => entry.endsWith('.json')).sort()) {
      store.stacks.push(JSON.parse(await readFile(join(directory, name), 'utf8')) as StackRecord);
    }
    store.stacks.sort((a, b) => a.creationTime.localeCompare(b.creationTime));
    return store;
  }

  /** The live stack called `nameOrId` (a deleted one only by its id, as CloudFormation does). */
  find(nameOrId: string): StackRecord | undefined {
    if (nameOrId.startsWith('arn:')) return this.stacks.find((stack) => stack.stackId === nameOrId);
    return this.stacks.find((stack) => stack.stackName === nameOrId && stack.status !== 'DELETE_COMPLETE');
  }

  all(): readonly StackRecord[] {
    return this.stacks;
  }

  add(stack: StackRecord): void {
    this.stacks.push(stack);
  }

  /** Persists `stack`; writes of one stack are serialised so the newest state always lands last. */
  save(stack: StackRecord): Promise<void> {
    const file = join(this.directory, `${stack.stackId.split('/').pop() ?? stack.stackName}.json`);
    const text = JSON.stringify(stack, null, 1);
    return this.writes.run(file, () => writeFileAtomically(file, text));
  }

  flush(): Promise<void> {
    return this.writes.idle();
  }
}

/** Appends an event the way CloudFormation records one: newest last here, newest first when described. */
export function recordEvent(
  stack: StackRecord,
  event: {
    logicalId?: string;
    physicalId?: string | undefined;
    resourceType?: string;
    status: string;
    reason?: string | undefined;
    properties?: unknown;
  },
): void {
  const isStack = event.logicalId === undefined;
  const entry: StackEvent = {
    eventId: isStack ? randomUUID() : `${event.logicalId}-${event.status}-${new Date().toISOString()}`,
    stackId: stack.stackId,
    stackName: stack.stackName,
    logicalResourceId: event.logicalId ?? stack.stackName,
    physicalResourceId: isStack ? stack.stackId : event.physicalId,
    resourceType: event.resourceType ?? 'AWS::CloudFormation::Stack',
    timestamp: new Date().toISOString(),
    resourceStatus: event.status,
    resourceStatusReason: event.reason,
    resourceProperties: event.properties === undefined ? undefined : JSON.stringify(event.properties),
  };
  stack.events.push(entry);
}
