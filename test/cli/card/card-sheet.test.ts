// `qrcard card sheet` end to end: bin/qrcard subprocesses against one `qrcard dev` engine whose table holds 40
// ready records, with their cards drawn by src/card and stored where render-card stores them, and two not ready.
// The PDFs are read by poppler (pdfinfo, pdftoppm) and the QR codes on a printed page decoded by zbarimg.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { renderCard } from '../../../src/card/render-card.js';
import { cardKey, type UserRecord } from '../../../src/core/record.js';
import { defaultBranding, expectedVCard, readVCard } from '../../card/card-fixtures.js';
import { toolSkipReason } from '../../support/external-tool.js';
import { parseJsonAs } from '../../support/json.js';
import { startUserEngine, type UserEngine } from '../user/user-engine.js';

const run = promisify(execFile);
const PDFINFO = '/usr/bin/pdfinfo';
const PDFTOPPM = '/usr/bin/pdftoppm';
const ZBARIMG = '/usr/bin/zbarimg';
const skip = [
  toolSkipReason(PDFINFO, 'poppler-utils'),
  toolSkipReason(PDFTOPPM, 'poppler-utils'),
  toolSkipReason(ZBARIMG, 'zbar-tools'),
].find(Boolean);

const TIMESTAMP = '2026-12-01T09:00:00.000Z';

/** 40 ready records, speakers and attendees in turn, seeded out of order; every seventh has a company and an email. */
function readyRecords(): UserRecord[] {
  return Array.from({ length: 40 }, (_, index) => {
    const number = (index * 17) % 40;
    const extra = number % 7 === 0 ? { company: `Firm ${number}`, email: `p${number}@example.org` } : {};
    const userId = `p-${String(number).padStart(2, '0')}`;
    const type = number % 2 === 0 ? 'attendee' : 'speaker';
    return {
      user_id: userId,
      type,
      name: `Person ${number}`,
      phone: `+35191234${String(number).padStart(4, '0')}`,
      ...extra,
      created_at: TIMESTAMP,
      updated_at: TIMESTAMP,
      card_status: 'ready',
      card_key: cardKey(userId, type),
      card_version: 1,
    };
  });
}

const NOT_READY: readonly UserRecord[] = [
  {
    user_id: 'late-1',
    type: 'attendee',
    name: 'Late One',
    phone: '+351912349001',
    created_at: TIMESTAMP,
    updated_at: TIMESTAMP,
    card_status: 'pending',
    card_version: 0,
  },
  {
    user_id: 'broken-1',
    type: 'speaker',
    name: 'Broken One',
    phone: '+351912349002',
    created_at: TIMESTAMP,
    updated_at: TIMESTAMP,
    card_status: 'failed',
    card_error: 'logo could not be read',
    card_version: 0,
  },
];

/** Ready in the table, but its image is not in the bucket. */
const GHOST: UserRecord = {
  user_id: 'ghost-1',
  type: 'staff',
  name: 'Ghost One',
  phone: '+351912349003',
  created_at: TIMESTAMP,
  updated_at: TIMESTAMP,
  card_status: 'ready',
  card_key: cardKey('ghost-1', 'staff'),
  card_version: 1,
};

/** The sheet's order: by type, then user id. */
const sheetOrder = (records: readonly UserRecord[]) =>
  [...records].sort((a, b) => (a.type === b.type ? (a.user_id < b.user_id ? -1 : 1) : a.type < b.type ? -1 : 1));

async function pdfInfo(file: string): Promise<{ pages: number; size: string }> {
  const { stdout, stderr } = await run(PDFINFO, [file], { encoding: 'utf8' });
  assert.equal(stderr, '', `pdfinfo complained about ${path.basename(file)}`);
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]), size: /^Page size:\s+(.+?) pts/m.exec(stdout)?.[1] ?? '' };
}

/** The QR codes zbarimg finds on page `page` of `file` printed at 300 dpi, as vCard values, sorted by name. */
async function vCardsOnPage(file: string, page: number): Promise<ReturnType<typeof readVCard>[]> {
  const image = `${file}-${page}`;
  await run(PDFTOPPM, ['-r', '300', '-gray', '-f', String(page), '-l', String(page), '-singlefile', file, image]);
  // zbarimg separates symbols by newlines, which vCards hold too: one XML document keeps them apart.
  const { stdout } = await run(ZBARIMG, ['-q', '--xml', '-Sdisable', '-Sqrcode.enable', `${image}.pgm`], { encoding: 'utf8' });
  const symbols = [...stdout.matchAll(/<data><!\[CDATA\[([\s\S]*?)\]\]><\/data>/g)].map((match) => match[1]!);
  return symbols.map(readVCard).sort((a, b) => String(a.fn).localeCompare(String(b.fn)));
}

const expectedOnPage = (records: readonly UserRecord[]) =>
  records.map(expectedVCard).sort((a, b) => String(a.fn).localeCompare(String(b.fn)));

const summarySchema = z.object({
  file: z.string(),
  cards: z.number(),
  pages: z.number(),
  paper: z.string(),
  layout: z.string(),
  skipped: z.array(z.object({ user_id: z.string(), type: z.string(), reason: z.string() })),
});

describe('qrcard card sheet on the local engine', { skip, timeout: 600_000 }, () => {
  let engine: UserEngine;
  const ready = readyRecords();
  const ordered = sheetOrder(ready);

  before(async () => {
    engine = await startUserEngine();
    const branding = await defaultBranding();
    for (const record of ready) {
      const png = await renderCard(record, branding);
      await engine.s3.send(new PutObjectCommand({ Bucket: engine.cardsBucket, Key: record.card_key, Body: png, ContentType: 'image/png' }));
    }
    const items = [...ready, ...NOT_READY, GHOST];
    for (let start = 0; start < items.length; start += 25) {
      const batch = items.slice(start, start + 25).map((record) => ({ PutRequest: { Item: record } }));
      await DynamoDBDocumentClient.from(engine.dynamodb).send(new BatchWriteCommand({ RequestItems: { [engine.tableName]: batch } }));
    }
  });
  after(async () => {
    await engine?.stop();
  });

  it('prints 40 cards on 4 A4 pages whose QR codes decode to the first ten vCards in order, and lists the three it could not print', async () => {
    const file = path.join(engine.dir, 'a4.pdf');

    const sheet = await engine.qrcard(['card', 'sheet', '-o', file]);

    assert.equal(sheet.code, 0, sheet.stderr);
    assert.deepEqual(await pdfInfo(file), { pages: 4, size: '595.28 x 841.89' });
    assert.match(sheet.stdout, /40 card\(s\) on 4 page\(s\), 2 x 5 on A4; 3 not printed/);
    assert.match(sheet.stderr, /not printed: broken-1 \(speaker\): card failed/);
    assert.match(sheet.stderr, /not printed: late-1 \(attendee\): card pending/);
    assert.match(sheet.stderr, /not printed: ghost-1 \(staff\): card image missing from the bucket/);
    assert.deepEqual(await vCardsOnPage(file, 1), expectedOnPage(ordered.slice(0, 10)));
    assert.deepEqual(await vCardsOnPage(file, 4), expectedOnPage(ordered.slice(30, 40)));
  });

  it('prints 5 Letter pages of 2 x 4, and 40 card-sized pages with --layout single, in the same order', async () => {
    const letter = path.join(engine.dir, 'letter.pdf');
    const single = path.join(engine.dir, 'single.pdf');

    const letterRun = await engine.qrcard(['card', 'sheet', '--paper', 'letter', '--status', 'ready', '-o', letter]);
    const singleRun = await engine.qrcard(['card', 'sheet', '--layout', 'single', '--status', 'ready', '-o', single]);

    assert.equal(letterRun.code, 0, letterRun.stderr);
    assert.equal(singleRun.code, 0, singleRun.stderr);
    assert.deepEqual(await pdfInfo(letter), { pages: 5, size: '612 x 792' });
    assert.deepEqual(await vCardsOnPage(letter, 2), expectedOnPage(ordered.slice(8, 16)));
    assert.deepEqual(await pdfInfo(single), { pages: 40, size: '252 x 144' });
    assert.deepEqual(await vCardsOnPage(single, 1), expectedOnPage(ordered.slice(0, 1)));
    assert.deepEqual(await vCardsOnPage(single, 40), expectedOnPage(ordered.slice(39)));
  });

  it('prints the people of --ids of one type in the file order, and reports them as JSON', async () => {
    const ids = path.join(engine.dir, 'desk.txt');
    const file = path.join(engine.dir, 'desk.pdf');
    await writeFile(ids, '# desk A\np-31\n\np-02\np-17\n');

    const sheet = await engine.qrcard(['--json', 'card', 'sheet', '--ids', ids, '--type', 'speaker', '--layout', 'single', '-o', file]);

    assert.equal(sheet.code, 1, sheet.stdout);
    assert.match(sheet.stderr + sheet.stdout, /desk\.txt:4: user "p-02" has no card of type "speaker"/);
    await writeFile(ids, '# desk A\np-31\n\np-17\n');
    const retried = await engine.qrcard(['--json', 'card', 'sheet', '--ids', ids, '--type', 'speaker', '--layout', 'single', '-o', file]);
    assert.equal(retried.code, 0, retried.stderr);
    const summary = parseJsonAs(retried.stdout, summarySchema);
    assert.deepEqual([summary.cards, summary.pages, summary.layout, summary.skipped], [2, 2, 'single', []]);
    const byName = (name: string) => ready.filter((record) => record.name === name);
    assert.deepEqual(await vCardsOnPage(file, 1), expectedOnPage(byName('Person 31')));
    assert.deepEqual(await vCardsOnPage(file, 2), expectedOnPage(byName('Person 17')));
  });

  it('fails on an --ids line naming nobody, a selection with no ready card, no card image, or a folder that is not there, writing no file', async () => {
    const ids = path.join(engine.dir, 'missing.txt');
    await writeFile(ids, 'p-01\nnobody-here\n');
    const before = await readdir(engine.dir);

    const missing = await engine.qrcard(['card', 'sheet', '--ids', ids, '-o', path.join(engine.dir, 'missing.pdf')]);
    const empty = await engine.qrcard(['card', 'sheet', '--status', 'pending', '-o', path.join(engine.dir, 'empty.pdf')]);
    const imageless = await engine.qrcard(['card', 'sheet', '--type', 'staff', '-o', path.join(engine.dir, 'imageless.pdf')]);
    const unwritable = await engine.qrcard(['card', 'sheet', '-o', path.join(engine.dir, 'no-such-folder', 'badges.pdf')]);

    assert.equal(missing.code, 1, missing.stderr);
    assert.match(missing.stderr, /missing\.txt:2: no user "nobody-here"/);
    assert.equal(empty.code, 1, empty.stderr);
    assert.match(empty.stderr, /no ready cards to print: the selection holds 1 record\(s\), none with a ready card/);
    assert.equal(imageless.code, 1, imageless.stderr);
    assert.match(imageless.stderr, /no card images found/);
    assert.equal(unwritable.code, 2, unwritable.stderr);
    assert.match(unwritable.stderr, /cannot write .*no-such-folder\/badges\.pdf: ENOENT/);
    assert.deepEqual((await readdir(engine.dir)).sort(), before.sort(), 'no file, not even a temporary one, is left');
  });
});
