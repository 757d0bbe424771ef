// The sheet's PDF writer against a real reader: poppler's pdfinfo, pdfimages and pdftoppm (Debian's
// poppler-utils) read what it writes without a complaint, and the image it embeds for a card is that card.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { renderCard } from '../../src/card/render-card.js';
import { readPassthroughPng } from '../../src/card/sheet/png-passthrough.js';
import { sheetLayout, type Paper, type SheetKind } from '../../src/card/sheet/sheet-layout.js';
import { createSheetPdfWriter } from '../../src/card/sheet/sheet-pdf.js';
import { toolSkipReason } from '../support/external-tool.js';
import { withTempDir } from '../support/temp-dir.js';
import { HONG, JOAO, defaultBranding } from './card-fixtures.js';

const run = promisify(execFile);
const PDFINFO = '/usr/bin/pdfinfo';
const PDFTOPPM = '/usr/bin/pdftoppm';
const PDFIMAGES = '/usr/bin/pdfimages';
const skip = [PDFINFO, PDFTOPPM, PDFIMAGES].map((tool) => toolSkipReason(tool, 'poppler-utils')).find(Boolean);

async function writeSheet(file: string, paper: Paper, kind: SheetKind, pngs: readonly Uint8Array[]): Promise<number> {
  const handle = await open(file, 'w');
  try {
    const writer = createSheetPdfWriter(sheetLayout(paper, kind), { write: async (bytes) => void (await handle.write(bytes)) });
    for (const png of pngs) await writer.addCard(png);
    return (await writer.finish()).pages;
  } finally {
    await handle.close();
  }
}

/** Runs a poppler tool; any complaint on stderr (a broken xref, a bad stream) fails the test. */
async function poppler(tool: string, args: readonly string[]): Promise<string> {
  const { stdout, stderr } = await run(tool, args, { encoding: 'utf8' });
  assert.equal(stderr, '', `${path.basename(tool)} complained`);
  return stdout;
}

async function pdfInfo(file: string): Promise<{ pages: number; size: string }> {
  const stdout = await poppler(PDFINFO, [file]);
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]), size: /^Page size:\s+(.+?) pts/m.exec(stdout)?.[1] ?? '' };
}

function rgbOf(png: Uint8Array): Promise<Buffer> {
  return sharp(png).removeAlpha().raw().toBuffer();
}

describe('createSheetPdfWriter', { skip }, () => {
  it('writes 23 cards as 3 A4 pages, 3 Letter pages and 23 card-sized pages that poppler reads', async () => {
    // This card's compressed rows hold bytes that a reader's lexer rejects: when they sat in the file's first
    // object, poppler's check for a linearised file lexed into them and complained.
    const card = await renderCard({ ...HONG, title: 'Chief Engineer', type: 'staff' }, await defaultBranding());
    const pngs: Uint8Array[] = Array.from({ length: 23 }, () => card);
    await withTempDir('sheet-pdf', async (dir) => {
      const cases = [
        { paper: 'a4', kind: 'grid', pages: 3, size: '595.28 x 841.89' },
        { paper: 'letter', kind: 'grid', pages: 3, size: '612 x 792' },
        { paper: 'a4', kind: 'single', pages: 23, size: '252 x 144' },
      ] as const;
      for (const { paper, kind, pages, size } of cases) {
        const file = path.join(dir, `${paper}-${kind}.pdf`);

        const written = await writeSheet(file, paper, kind, pngs);

        assert.equal(written, pages);
        assert.deepEqual(await pdfInfo(file), { pages, size }, `${paper} ${kind}`);
      }
    });
  });

  it("embeds a card's compressed rows unchanged: the image poppler decodes from the PDF has the card's pixels", async () => {
    const branding = await defaultBranding();
    const png = await renderCard(JOAO, branding);
    assert.ok(readPassthroughPng(png), 'a rendered card is a PNG the writer passes through');
    await withTempDir('sheet-pdf', async (dir) => {
      const file = path.join(dir, 'one.pdf');
      await writeSheet(file, 'a4', 'single', [png]);

      const listing = await poppler(PDFIMAGES, ['-list', file]);
      await poppler(PDFIMAGES, ['-png', file, path.join(dir, 'image')]);

      assert.match(listing, /^\s+1\s+0\s+image\s+1050\s+600\s+index\s+1\s+8\s/m);
      const [expected, actual] = await Promise.all([rgbOf(png), rgbOf(await readFile(path.join(dir, 'image-000.png')))]);
      assert.ok(actual.equals(expected), 'the embedded image differs from the card');
    });
  });

  it('embeds a PNG with an alpha channel by decoding it, on the same page', async () => {
    const branding = await defaultBranding();
    const rgba = await sharp(await renderCard(HONG, branding))
      .ensureAlpha(0.5)
      .png()
      .toBuffer();
    assert.equal(readPassthroughPng(rgba), undefined);
    await withTempDir('sheet-pdf', async (dir) => {
      const file = path.join(dir, 'alpha.pdf');

      await writeSheet(file, 'letter', 'grid', [rgba, await renderCard(JOAO, branding)]);

      assert.deepEqual(await pdfInfo(file), { pages: 1, size: '612 x 792' });
      await poppler(PDFTOPPM, ['-r', '30', '-png', '-singlefile', file, path.join(dir, 'page')]);
    });
  });
});

describe('readPassthroughPng', () => {
  it("passes a rendered card's palette and IDAT data through, and declines PNGs whose rows PDF cannot read as they are", async () => {
    const card = await renderCard(HONG, await defaultBranding());
    const transparent = await sharp(card).ensureAlpha(0.5).png({ palette: true }).toBuffer();
    const interlaced = await sharp(card).png({ progressive: true }).toBuffer();
    const grey16 = await sharp(card).greyscale().toColourspace('grey16').png().toBuffer();

    const passed = readPassthroughPng(card);

    assert.deepEqual([passed?.width, passed?.height, passed?.colors, passed?.bitDepth], [1050, 600, 1, 8]);
    assert.equal(passed?.palette !== undefined && passed.palette.length % 3, 0);
    assert.equal(readPassthroughPng(transparent), undefined, 'palette with tRNS');
    assert.equal(readPassthroughPng(interlaced), undefined, 'interlaced');
    assert.equal(readPassthroughPng(grey16), undefined, '16-bit grey');
    assert.equal(readPassthroughPng(card.subarray(0, 40)), undefined, 'cut short');
  });
});
