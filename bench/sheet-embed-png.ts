// The comparison run of bench/sheet.ts: every PNG in a folder placed on grid pages with pdf-lib's own
// embedPng (it decodes each PNG and deflates its pixels again) and PDFDocument.save(), which holds the whole
// document until the end. Arguments: the folder, the paper (a4 | letter). Prints the pages and the bytes.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { sheetLayout, type Paper } from '../src/card/sheet/sheet-layout.js';

const [folder, paper = 'a4'] = process.argv.slice(2);
if (folder === undefined) throw new Error('usage: sheet-embed-png.ts FOLDER [a4|letter]');
const layout = sheetLayout(paper as Paper, 'grid');
const files = (await readdir(folder)).filter((name) => name.endsWith('.png')).sort();
const document = await PDFDocument.create();
let page = document.addPage([layout.pageWidth, layout.pageHeight]);
for (const [index, name] of files.entries()) {
  const slotIndex = index % layout.slots.length;
  if (index > 0 && slotIndex === 0) page = document.addPage([layout.pageWidth, layout.pageHeight]);
  const image = await document.embedPng(await readFile(path.join(folder, name)));
  page.drawImage(image, layout.slots[slotIndex]);
}
const bytes = await document.save();
await writeFile(path.join(folder, 'embed-png.pdf'), bytes);
process.stdout.write(`${files.length} cards, ${document.getPageCount()} pages, ${bytes.length} bytes\n`);
