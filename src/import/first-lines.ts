// The keys an import has seen, each with the first line it was on, for naming duplicates. Kept as UTF-8
// bytes in pages plus one typed array of slots rather than a Map of strings: a million keys of twenty
// bytes cost about 40 MB outside the JS heap, where a Map costs 80 MB in it and V8 grows the heap by that.

/** Maps 32-bit hashes of UTF-8 bytes; exposed so tests can force collisions. */
export type KeyHash = (bytes: Uint8Array, start: number, end: number) => number;

export interface FirstLines {
  /** The line `key` was first seen on; if this is the first time, `line` is remembered and undefined returned. */
  firstLineOrAdd(key: string, line: number): number | undefined;
  readonly size: number;
}

export interface FirstLinesOptions {
  /** Default FNV-1a with a final mix. */
  readonly hash?: KeyHash;
  /** Slots to start with, a power of two. Default 4096; the table doubles when three quarters are taken. */
  readonly initialSlots?: number;
  /** Bytes of each page of keys. Default 1 MiB; a key too long for a page is kept as a string. */
  readonly pageBytes?: number;
}

/** Words per slot: where the key is stored plus one (0: an empty slot), and its line. */
const SLOT_WORDS = 2;
/** The largest position or line a slot word can hold. */
const MAX_WORD = 0xffff_ffff;
/** A surrogate not in a pair: UTF-8 cannot hold it (it would become U+FFFD), so such keys are kept as strings. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** An empty set of seen keys. */
export function createFirstLines(options: FirstLinesOptions = {}): FirstLines {
  const hash = options.hash ?? fnv1a;
  const initialSlots = options.initialSlots ?? 4096;
  const pageBytes = options.pageBytes ?? 1 << 20;
  if (!Number.isInteger(Math.log2(initialSlots))) throw new RangeError(`initialSlots ${initialSlots} is not a power of two`);
  let slots = new Uint32Array(initialSlots * SLOT_WORDS);
  let mask = initialSlots - 1;
  // Each key is its UTF-8 length as a varint, then its bytes, within one page; a position is
  // page * pageBytes + offset. Pages are never copied: the arena grows by a page at a time.
  const pages: Buffer[] = [Buffer.allocUnsafeSlow(pageBytes)];
  let page = pages[0]!;
  let used = 0;
  let size = 0;
  const asStrings = new Map<string, number>();

  /** The page that holds the key stored at `position`. */
  const pageOf = (position: number) => pages[Math.floor(position / pageBytes)]!;

  /** The slot for the key at [start, end) of `bytes`: where it is, or the empty slot where it belongs. */
  const probe = (bytes: Uint8Array, start: number, end: number): number => {
    for (let index = hash(bytes, start, end) & mask, tries = 0; tries <= mask; index = (index + 1) & mask, tries++) {
      const at = slots[index * SLOT_WORDS] ?? 0;
      if (at === 0 || sameBytes(pageOf(at - 1), (at - 1) % pageBytes, bytes, start, end)) return index;
    }
    throw new Error('the table of seen keys is full: it should have grown');
  };

  const grow = () => {
    const old = slots;
    slots = new Uint32Array(old.length * 2);
    mask = slots.length / SLOT_WORDS - 1;
    for (let word = 0; word < old.length; word += SLOT_WORDS) {
      const at = old[word] ?? 0;
      if (at === 0) continue;
      const bytes = pageOf(at - 1);
      const start = storedStart(bytes, (at - 1) % pageBytes);
      const index = probe(bytes, start, start + storedLength(bytes, (at - 1) % pageBytes));
      slots[index * SLOT_WORDS] = at;
      slots[index * SLOT_WORDS + 1] = old[word + 1] ?? 0;
    }
  };

  const rememberAsString = (key: string, line: number) => {
    const earlier = asStrings.get(key);
    if (earlier === undefined) asStrings.set(key, line);
    return earlier;
  };

  return {
    firstLineOrAdd(key, line) {
      if (!Number.isInteger(line) || line < 0 || line > MAX_WORD) throw new RangeError(`line ${line} is not a line number`);
      if (LONE_SURROGATE.test(key)) return rememberAsString(key, line);
      const length = Buffer.byteLength(key, 'utf8');
      const prefix = varintLength(length);
      if (prefix + length > pageBytes) return rememberAsString(key, line);
      if (used + prefix + length > pageBytes) {
        if ((pages.length + 1) * pageBytes > MAX_WORD) throw new RangeError('more than 4 GiB of keys');
        page = Buffer.allocUnsafeSlow(pageBytes);
        pages.push(page);
        used = 0;
      }
      // The key is written after the last one as a candidate, and kept only if it is new.
      const start = used + prefix;
      page.write(key, start, 'utf8');
      const index = probe(page, start, start + length);
      if ((slots[index * SLOT_WORDS] ?? 0) !== 0) return slots[index * SLOT_WORDS + 1];
      writeVarint(page, used, length);
      slots[index * SLOT_WORDS] = (pages.length - 1) * pageBytes + used + 1;
      slots[index * SLOT_WORDS + 1] = line;
      used = start + length;
      size++;
      if (size * 4 > (mask + 1) * 3) grow();
      return undefined;
    },
    get size() {
      return size + asStrings.size;
    },
  };
}

/** FNV-1a over the bytes, then murmur3's finalizer so that the low bits, which pick the slot, vary too. */
export function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ (bytes[index] ?? 0), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

function sameBytes(stored: Uint8Array, at: number, bytes: Uint8Array, start: number, end: number): boolean {
  if (storedLength(stored, at) !== end - start) return false;
  const from = storedStart(stored, at);
  for (let offset = 0; offset < end - start; offset++) if (stored[from + offset] !== bytes[start + offset]) return false;
  return true;
}

/** Where the bytes of the key stored at `at` begin: after its length. */
function storedStart(page: Uint8Array, at: number): number {
  let index = at;
  while ((page[index] ?? 0) >= 0x80) index++;
  return index + 1;
}

function storedLength(page: Uint8Array, at: number): number {
  let length = 0;
  for (let index = at, scale = 1; ; index++, scale *= 0x80) {
    const byte = page[index] ?? 0;
    length += (byte & 0x7f) * scale;
    if (byte < 0x80) return length;
  }
}

/** Bytes a varint of `value` takes: 7 bits each. */
function varintLength(value: number): number {
  let bytes = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) bytes++;
  return bytes;
}

function writeVarint(page: Uint8Array, at: number, value: number): void {
  let rest = value;
  let index = at;
  while (rest >= 0x80) {
    page[index++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  page[index] = rest;
}
