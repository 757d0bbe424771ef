// `qrcard user list`: every record a page at a time, as a table, one JSON document, or JSON Lines;
// a page is printed before the next is read, so memory holds one page whatever the table's size.
import { once } from 'node:events';
import { userError } from '../../core/errors.js';
import { CARD_STATUSES, type CardStatus, type UserRecord } from '../../core/record.js';
import type { CommandContext } from '../context.js';
import { streamingTable } from '../table.js';
import { LIST_HEADERS, listRow } from './record-text.js';
import { userServices } from './user-services.js';

export interface UserListFlags {
  readonly type?: string;
  readonly status?: string;
  readonly limit?: string;
  readonly jsonl?: boolean;
  /** Records read per request; default 500. */
  readonly pageSize: string;
}

interface ListFormat {
  page(records: readonly UserRecord[]): string;
  end(count: number): string;
}

function listFormat(kind: 'table' | 'json' | 'jsonl'): ListFormat {
  if (kind === 'jsonl') return { page: (records) => records.map((record) => `${JSON.stringify(record)}\n`).join(''), end: () => '' };
  if (kind === 'json') {
    let first = true;
    return {
      page: (records) => {
        const items = records.map((record) => `  ${JSON.stringify(record)}`).join(',\n');
        const text = `${first ? '[\n' : ',\n'}${items}`;
        first = false;
        return text;
      },
      end: (count) => (count === 0 ? '[]\n' : '\n]\n'),
    };
  }
  const table = streamingTable(LIST_HEADERS);
  return { page: (records) => `${table.page(records.map(listRow))}\n`, end: () => '' };
}

function positiveInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw userError('usage', `${flag} must be a whole number above 0, not "${value}"`);
  return number;
}

function cardStatus(value: string | undefined): CardStatus | undefined {
  if (value === undefined) return undefined;
  if ((CARD_STATUSES as readonly string[]).includes(value)) return value as CardStatus;
  throw userError('usage', `--status must be one of ${CARD_STATUSES.join(', ')}, not "${value}"`);
}

/** Writes to stdout, waiting for the reader when its buffer is full. */
async function write(text: string): Promise<void> {
  if (text !== '' && !process.stdout.write(text)) await once(process.stdout, 'drain');
}

export async function runUserList(flags: UserListFlags, context: CommandContext): Promise<void> {
  if (flags.jsonl && context.options.json) throw userError('usage', '--json and --jsonl cannot be used together');
  const limit = positiveInteger('--limit', flags.limit);
  const pageSize = positiveInteger('--page-size', flags.pageSize);
  const status = cardStatus(flags.status);
  const format = listFormat(flags.jsonl ? 'jsonl' : context.options.json ? 'json' : 'table');
  const services = await userServices(context);
  const users = await services.users();
  let count = 0;
  await services.aws(async () => {
    const pages = users.scan({
      ...(flags.type === undefined ? {} : { type: flags.type }),
      ...(status === undefined ? {} : { status }),
      ...(pageSize === undefined ? {} : { pageSize: limit === undefined ? pageSize : Math.min(pageSize, limit) }),
    });
    for await (const page of pages) {
      const shown = limit === undefined ? page : page.slice(0, limit - count);
      await write(format.page(shown));
      count += shown.length;
      if (limit !== undefined && count >= limit) break;
    }
  });
  await write(format.end(count));
  if (count === 0 && !flags.jsonl && !context.options.json) context.output.info('no users match');
}
