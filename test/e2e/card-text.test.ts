// End to end, text on the card: registrations with emoji and an 80-character name through `POST /api/users`
// on one running `qrcard dev`. The engine's card is compared pixel for pixel with the layout drawn here from
// the same record and the default branding, so the layout's lines are what the card shows; zbarimg reads
// the vCard back from the engine's PNG.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { defaultConfig } from '../../src/core/config.js';
import { parseRegistration, type Registration } from '../../src/core/record.js';
import { loadBranding } from '../../src/card/load-branding.js';
import { layoutCard, type CardLayout } from '../../src/card/layout.js';
import { renderCard } from '../../src/card/render-card.js';
import { ensureFreshDist, localCliEnv } from '../support/cli.js';
import { startDev, type RunningDev } from '../support/dev-process.js';
import { toolSkipReason } from '../support/external-tool.js';
import { seedSharpCache } from '../support/sharp-cache.js';
import { waitFor } from '../support/wait-for.js';

const ZBARIMG = '/usr/bin/zbarimg';
const EIGHTY = 'Maximiliana Wolfeschlegelsteinhausenbergerdorff Trostburg von Habsburg-Lothringe';

const lineTexts = (layout: CardLayout, field: string) => layout.lines.filter((line) => line.field === field);

describe('text on the card through the API on the local engine', { timeout: 600_000 }, () => {
  let work: string;
  let dev: RunningDev | undefined;
  const branding = loadBranding({ config: defaultConfig() });

  /** Registers `fields` (201 expected), waits for the card, and returns the record as accepted and the engine's PNG. */
  async function registerAndFetch(fields: Record<string, string>): Promise<{ record: Registration; png: Buffer }> {
    const body = { type: 'attendee', phone: '+55 11 91234-5678', ...fields };
    const response = await fetch(`${dev!.siteUrl}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const view = await waitFor(
      async () =>
        (await (await fetch(`${dev!.siteUrl}/api/users/${fields.user_id}/attendee`)).json()) as { card_status: string; card_url?: string },
      (current) => current.card_status !== 'pending',
      { what: `the card of ${fields.user_id}`, timeoutMs: 120_000, show: (current) => JSON.stringify(current) },
    );
    assert.equal(view.card_status, 'ready', JSON.stringify(view));
    const png = Buffer.from(await (await fetch(view.card_url!)).arrayBuffer());
    const parsed = parseRegistration(body, { cardTypes: ['attendee', 'speaker', 'staff'], defaultCountry: defaultConfig().defaultCountry });
    assert.ok(parsed.ok, JSON.stringify(parsed));
    return { record: parsed.value, png };
  }

  /** Fails unless the engine's card has exactly the pixels of the card drawn here from `record`. */
  async function assertDrawnAsLaidOut(png: Buffer, record: Registration): Promise<void> {
    const local = await renderCard(record, await branding);
    const [engine, mine] = await Promise.all([png, local].map((bytes) => sharp(bytes).raw().toBuffer()));
    assert.ok(engine!.equals(mine!), 'the engine drew the card this layout describes');
  }

  before(async () => {
    ensureFreshDist(['src/cli', 'src/local', 'src/deploy', 'src/aws', 'src/core', 'src/lambda', 'src/card', 'src/templates']);
    work = await mkdtemp(path.join(tmpdir(), 'qrcard-card-text-e2e-'));
    await seedSharpCache(work);
    await writeFile(path.join(work, 'qrcard.config.json'), JSON.stringify({}));
    dev = await startDev(work, { env: localCliEnv({}, ['CI']) });
  });

  after(async () => {
    try {
      await dev?.stop();
    } finally {
      if (work) await rm(work, { recursive: true, force: true });
    }
  });

  it('"Ana 👩🏽‍💻🎉 Souza" of "🚀 Rocket Co" registers, and the card draws both with their emoji; zbarimg reads them from the QR code', async () => {
    const { record, png } = await registerAndFetch({ user_id: 'emoji-ana', name: 'Ana 👩🏽‍💻🎉 Souza', company: '🚀 Rocket Co' });

    await assertDrawnAsLaidOut(png, record);
    const loaded = await branding;
    const layout = layoutCard(record, loaded);
    const drawn = (field: string) => lineTexts(layout, field).map((line) => line.joiner + line.text);
    assert.deepEqual(drawn('name'), ['Ana 👩🏽‍💻🎉 Souza']);
    assert.deepEqual(drawn('company'), ['🚀 Rocket Co']);
    const emojiGlyphs = layout.lines.flatMap((line) =>
      line.shaped.glyphs.filter((glyph) => (line.bold ? loaded.boldFonts : loaded.fonts).fonts[glyph.fontIndex]!.emoji),
    );
    assert.equal(emojiGlyphs.length, 3, 'the technologist, the party popper and the rocket, one glyph each');
    if (!toolSkipReason(ZBARIMG, 'zbar-tools')) {
      const file = path.join(work, 'emoji.png');
      await writeFile(file, png);
      const { stdout } = await promisify(execFile)(ZBARIMG, ['-q', '--raw', file], { encoding: 'utf8' });
      assert.match(stdout, /\r\nFN:Ana 👩🏽‍💻🎉 Souza\r\n/);
      assert.match(stdout, /\r\nORG:🚀 Rocket Co\r\n/);
    }
  });

  it('an 80-character name registers and prints on two lines, whole', async () => {
    assert.equal(Array.from(EIGHTY).length, 80);
    const { record, png } = await registerAndFetch({ user_id: 'long-name', name: EIGHTY });

    await assertDrawnAsLaidOut(png, record);
    const name = lineTexts(layoutCard(record, await branding), 'name');
    assert.deepEqual(
      name.map((line) => [line.text, line.truncated]),
      [
        ['Maximiliana Wolfeschlegelsteinhausenbergerdorff', false],
        ['Trostburg von Habsburg-Lothringe', false],
      ],
    );
  });
});
