// Reads built zips back for the packaging tests: every entry's name, bytes, time and mode.
import { buffer } from 'node:stream/consumers';
import yauzl from 'yauzl';

export interface ReadEntry {
  readonly name: string;
  readonly data: Buffer;
  readonly mode: number;
  readonly dosDate: number;
  readonly dosTime: number;
}

export async function readZip(file: string): Promise<ReadEntry[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (error, opened) => (error ? reject(error) : resolve(opened))),
  );
  const entries: ReadEntry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        buffer(stream).then((data) => {
          entries.push({
            name: entry.fileName,
            data,
            mode: (entry.externalFileAttributes >>> 16) & 0xffff,
            dosDate: entry.lastModFileDate,
            dosTime: entry.lastModFileTime,
          });
          zip.readEntry();
        }, reject);
      });
    });
    zip.readEntry();
  });
  return entries;
}
