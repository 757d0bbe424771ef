// Writes a sheet of cards as a PDF, page by page, to a byte sink: pdf-lib builds and serialises each page's
// objects, which are written and dropped before the next page starts, so memory holds one page of cards
// however many there are. PDFDocument.save() would hold the whole document until the end (bench/sheet.ts).
import {
  PDFContext,
  PDFCrossRefSection,
  PDFHeader,
  PDFHexString,
  PDFRef,
  PDFTrailer,
  PDFTrailerDict,
  PngEmbedder,
  concatTransformationMatrix,
  drawObject,
  lineTo,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  setLineWidth,
  setStrokingGrayscaleColor,
  stroke,
  type PDFName,
  type PDFObject,
  type PDFOperator,
} from 'pdf-lib';
import { readPassthroughPng } from './png-passthrough.js';
import { cropMarks, type SheetLayout } from './sheet-layout.js';

/** Where the PDF's bytes go, in order; the caller owns the file. */
export interface ByteSink {
  write(bytes: Uint8Array): Promise<void>;
}

export interface SheetPdfWriter {
  /** Adds the next card (a PNG) in the next free slot; a full page is written out before this resolves. */
  addCard(png: Uint8Array): Promise<void>;
  /** Writes the last page, the page tree and the cross-reference table; returns the number of pages. */
  finish(): Promise<{ readonly pages: number }>;
}

/** Crop marks: hairline-thin is lost on office printers, 0.5 pt prints as a clear, thin line. */
const MARK_WIDTH_PT = 0.5;

function serialised(parts: readonly { sizeInBytes(): number; copyBytesInto(buffer: Uint8Array, offset: number): number }[]): Uint8Array {
  const buffer = new Uint8Array(parts.reduce((size, part) => size + part.sizeInBytes(), 0));
  let offset = 0;
  for (const part of parts) offset += part.copyBytesInto(buffer, offset);
  return buffer;
}

const text = (value: string) => ({
  sizeInBytes: () => value.length,
  copyBytesInto: (buffer: Uint8Array, at: number) => (buffer.set(Buffer.from(value, 'latin1'), at), value.length),
});

/** One image XObject for `png`: its compressed rows as they are when PDF can read them, else decoded by pdf-lib. */
async function embedCard(context: PDFContext, png: Uint8Array): Promise<PDFRef> {
  const image = readPassthroughPng(png);
  if (!image) return PngEmbedder.for(png).then((embedder) => embedder.embedIntoContext(context));
  const colorSpace = image.palette
    ? [
        'Indexed',
        'DeviceRGB',
        image.palette.length / 3 - 1,
        PDFHexString.of(Buffer.from(image.palette.buffer, image.palette.byteOffset, image.palette.length).toString('hex')),
      ]
    : image.colors === 3
      ? 'DeviceRGB'
      : 'DeviceGray';
  return context.register(
    context.stream(image.data, {
      Type: 'XObject',
      Subtype: 'Image',
      Width: image.width,
      Height: image.height,
      BitsPerComponent: image.bitDepth,
      ColorSpace: colorSpace,
      Filter: 'FlateDecode',
      DecodeParms: { Predictor: 15, Colors: image.colors, BitsPerComponent: image.bitDepth, Columns: image.width },
    }),
  );
}

function markOperators(layout: SheetLayout, filled: number): PDFOperator[] {
  const marks = cropMarks(layout, filled);
  if (marks.length === 0) return [];
  const lines = marks.flatMap((mark) => [moveTo(mark.x1, mark.y1), lineTo(mark.x2, mark.y2)]);
  return [pushGraphicsState(), setLineWidth(MARK_WIDTH_PT), setStrokingGrayscaleColor(0), ...lines, stroke(), popGraphicsState()];
}

export function createSheetPdfWriter(layout: SheetLayout, sink: ByteSink): SheetPdfWriter {
  const context = PDFContext.create();
  const pagesRef = context.nextRef();
  const catalogRef = context.nextRef();
  const offsets = new Map<number, number>();
  const kids: PDFRef[] = [];
  let written = 0;
  let pending: { readonly name: PDFName; readonly ref: PDFRef }[] = [];
  let started = false;

  async function write(bytes: Uint8Array): Promise<void> {
    await sink.write(bytes);
    written += bytes.length;
  }

  /** Writes every object registered since the last flush, in object-number order, and forgets them. */
  async function flushObjects(): Promise<void> {
    for (const [ref, object] of context.enumerateIndirectObjects()) {
      offsets.set(ref.objectNumber, written);
      await write(serialised([text(`${ref.objectNumber} 0 obj\n`), object, text('\nendobj\n')]));
      context.delete(ref);
    }
  }

  // The catalog is the file's first object: a reader that looks for a linearisation dictionary parses the
  // first object without the cross-reference table, and lexes on past it into a stream's binary data.
  async function start(): Promise<void> {
    if (started) return;
    started = true;
    await write(serialised([PDFHeader.forVersion(1, 7)]));
    context.assign(catalogRef, context.obj({ Type: 'Catalog', Pages: pagesRef }));
    await flushObjects();
  }

  async function writePage(): Promise<void> {
    const xObjects: Record<string, PDFObject> = {};
    const operators: PDFOperator[] = [];
    pending.forEach(({ name, ref }, index) => {
      const slot = layout.slots[index]!;
      xObjects[name.asString().slice(1)] = ref;
      operators.push(
        pushGraphicsState(),
        concatTransformationMatrix(slot.width, 0, 0, slot.height, slot.x, slot.y),
        drawObject(name),
        popGraphicsState(),
      );
    });
    operators.push(...markOperators(layout, pending.length));
    const contents = context.register(context.contentStream(operators));
    const page = context.obj({
      Type: 'Page',
      Parent: pagesRef,
      MediaBox: [0, 0, layout.pageWidth, layout.pageHeight],
      Resources: { XObject: xObjects },
      Contents: contents,
    });
    kids.push(context.register(page));
    pending = [];
    await flushObjects();
  }

  return {
    async addCard(png) {
      await start();
      const ref = await embedCard(context, png);
      pending.push({ name: context.obj(`Card${pending.length}`), ref });
      if (pending.length === layout.slots.length) await writePage();
    },
    async finish() {
      await start();
      if (pending.length > 0) await writePage();
      context.assign(pagesRef, context.obj({ Type: 'Pages', Kids: kids, Count: kids.length }));
      await flushObjects();
      const crossReferences = PDFCrossRefSection.create();
      for (const number of [...offsets.keys()].sort((a, b) => a - b)) crossReferences.addEntry(PDFRef.of(number), offsets.get(number)!);
      const crossReferencesAt = written;
      const trailer = PDFTrailerDict.of(context.obj({ Size: offsets.size + 1, Root: catalogRef }));
      await write(
        serialised([crossReferences, text('\n'), trailer, text('\n'), PDFTrailer.forLastCrossRefSectionOffset(crossReferencesAt)]),
      );
      return { pages: kids.length };
    },
  };
}
