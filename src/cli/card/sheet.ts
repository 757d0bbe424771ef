// `qrcard card sheet`: the ready cards of a selection as one print-ready PDF. The records' keys are read first
// (a few dozen bytes each), then the PNGs are fetched a few at a time in the sheet's order and written page by
// page, so memory holds one page of images. The PDF goes to a temporary file renamed at the end.
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { userError, errorCode, errorMessage } from '../../core/errors.js';
import { CARD_STATUSES, type CardStatus } from '../../core/record.js';
import { PAPERS, type Paper, type SheetKind } from '../../card/sheet/sheet-layout.js';
import type { CommandContext } from '../context.js';
import { userServices, type UserServices } from '../user/user-services.js';
import { inOrder } from './in-order.js';
import { entriesForIds, parseIdsFile, sheetEntry, sheetOrder, type SheetEntry } from './sheet-selection.js';

export interface CardSheetFlags {
  readonly type?: string;
  readonly status?: string;
  readonly ids?: string;
  readonly paper: string;
  readonly layout: string;
  readonly output: string;
}

/** Card images fetched at once: enough to hide the round trips, few enough that memory stays a page or two. */
const FETCHES_IN_FLIGHT = 8;

interface Skipped {
  readonly user_id: string;
  readonly type: string;
  readonly reason: string;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw userError('usage', `${flag} must be one of ${allowed.join(', ')}, not "${value}"`);
}

async function selection(flags: CardSheetFlags, status: CardStatus | undefined, services: UserServices): Promise<SheetEntry[]> {
  const users = await services.users();
  if (flags.ids !== undefined) {
    const file = flags.ids;
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      throw userError('usage', `cannot read --ids ${file}: ${errorCode(error) ?? errorMessage(error)}`, { cause: error });
    });
    const filter = { file, ...(flags.type === undefined ? {} : { type: flags.type }), ...(status === undefined ? {} : { status }) };
    return services.aws(() => entriesForIds(parseIdsFile(text), filter, (userId) => users.listForUser(userId)));
  }
  const entries: SheetEntry[] = [];
  await services.aws(async () => {
    const scan = users.scan({ ...(flags.type === undefined ? {} : { type: flags.type }), ...(status === undefined ? {} : { status }) });
    for await (const page of scan) entries.push(...page.map(sheetEntry));
  });
  return sheetOrder(entries);
}

export async function runCardSheet(flags: CardSheetFlags, context: CommandContext): Promise<void> {
  const paper = oneOf<Paper>('--paper', flags.paper, Object.keys(PAPERS) as Paper[]);
  const kind = oneOf<SheetKind>('--layout', flags.layout, ['grid', 'single']);
  const status = flags.status === undefined ? undefined : oneOf<CardStatus>('--status', flags.status, CARD_STATUSES);
  const services = await userServices(context);
  const entries = await selection(flags, status, services);
  const skipped: Skipped[] = entries
    .filter((entry) => entry.card_status !== 'ready' || entry.card_key === undefined)
    .map((entry) => ({ user_id: entry.user_id, type: entry.type, reason: `card ${entry.card_status}` }));
  const ready = entries.filter((entry) => entry.card_status === 'ready' && entry.card_key !== undefined);
  if (ready.length === 0) {
    throw userError(
      'nothing-to-print',
      `no ready cards to print: the selection holds ${entries.length} record(s), none with a ready card`,
      {
        hint:
          entries.length === 0
            ? '`qrcard user list` shows who is registered'
            : '`qrcard user list --status pending` shows the cards still rendering',
      },
    );
  }
  const file = path.resolve(flags.output);
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const { sheetLayout } = await import('../../card/sheet/sheet-layout.js');
  const { createSheetPdfWriter } = await import('../../card/sheet/sheet-pdf.js');
  const layout = sheetLayout(paper, kind);
  const bucket = await services.cardsBucket();
  const handle = await open(temporary, 'wx').catch((error: unknown) => {
    throw userError('usage', `cannot write ${file}: ${errorCode(error) ?? errorMessage(error)}`, { cause: error });
  });
  let printed = 0;
  let pages: number;
  try {
    const writer = createSheetPdfWriter(layout, { write: async (bytes) => void (await handle.write(bytes)) });
    const images = inOrder(ready, FETCHES_IN_FLIGHT, (entry) => services.aws(() => bucket.getCard(entry.card_key!)));
    for await (const [entry, png] of images) {
      if (png === undefined) skipped.push({ user_id: entry.user_id, type: entry.type, reason: 'card image missing from the bucket' });
      else {
        await writer.addCard(png);
        printed += 1;
      }
    }
    if (printed === 0) throw userError('nothing-to-print', 'no card images found for the selected ready records');
    pages = (await writer.finish()).pages;
    await handle.close();
    await rename(temporary, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  reportSheet(context, { file, printed, pages, paper, kind, skipped, columns: layout.columns, rows: layout.rows });
}

const PAPER_NAMES: Record<Paper, string> = { a4: 'A4', letter: 'Letter' };

function reportSheet(
  context: CommandContext,
  sheet: { file: string; printed: number; pages: number; paper: Paper; kind: SheetKind; skipped: Skipped[]; columns: number; rows: number },
): void {
  const { file, printed, pages, paper, kind, skipped } = sheet;
  for (const { user_id, type, reason } of skipped) context.output.warn(`not printed: ${user_id} (${type}): ${reason}`);
  const arrangement = kind === 'single' ? 'one card per card-sized page' : `${sheet.columns} x ${sheet.rows} on ${PAPER_NAMES[paper]}`;
  const text = `wrote ${file}: ${printed} card(s) on ${pages} page(s), ${arrangement}${skipped.length > 0 ? `; ${skipped.length} not printed` : ''}`;
  context.output.result({ file, cards: printed, pages, paper, layout: kind, skipped }, text);
}
