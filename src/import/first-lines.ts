// The keys an import has seen, each with the first line it was on, for naming duplicates. Kept in two typed
// arrays rather than a Map of strings, so a million keys cost about 40 MB outside the JS heap, not 80 MB in it.

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
}

/** Words per slot: where the key starts in the arena plus one (0: an empty slot), and its line. */
const SLOT_WORDS = 2;
/** The largest byte offset or line a slot word can hold. */
const MAX_WORD = 0xffff_ffff;
/** A surrogate not in a pair: UTF-8 cannot hold it (it would become U+FFFD), so such keys are kept as strings. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** An empty set of seen keys. */
export function createFirstLines(options: FirstLinesOptions = {}): FirstLines {
  const hash = options.hash ?? fnv1a;
  const initialSlots = options.initialSlots ?? 4096;
  if (!Number.isInteger(Math.log2(initialSlots))) throw new RangeError(`initialSlots ${initialSlots} is not a power of two`);
  let slots = new Uint32Array(initialSlots * SLOT_WORDS);
  let mask = initialSlots - 1;
  // Each key is its UTF-8 length as a varint, then its bytes, appended at `used`.
  let arena = Buffer.allocUnsafeSlow(initialSlots * 16);
  let used = 0;
  let size = 0;
  const unencodable = new Map<string, number>();

  /** Room at the arena's end for `bytes` more; copies into one twice the size when full. */
  const reserve = (bytes: number) => {
    if (used + bytes <= arena.length) return;
    let length = arena.length * 2;
    while (length < used + bytes) length *= 2;
    const larger = Buffer.allocUnsafeSlow(length);
    arena.copy(larger, 0, 0, used);
    arena = larger;
  };

  /** The slot index for the key whose bytes are at [start, end): where it is, or the empty slot where it belongs. */
  const probe = (start: number, end: number, hashed: number): number => {
    for (let index = hashed & mask, tries = 0; tries <= mask; index = (index + 1) & mask, tries++) {
      const at = slots[index * SLOT_WORDS] ?? 0;
      if (at === 0 || sameBytes(arena, at - 1, start, end)) return index;
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
      const start = storedStart(arena, at - 1);
      const end = start + storedLength(arena, at - 1);
      const index = probe(start, end, hash(arena, start, end));
      slots[index * SLOT_WORDS] = at;
      slots[index * SLOT_WORDS + 1] = old[word + 1] ?? 0;
    }
  };

  return {
    firstLineOrAdd(key, line) {
      if (!Number.isInteger(line) || line < 0 || line > MAX_WORD) throw new RangeError(`line ${line} is not a line number`);
      if (LONE_SURROGATE.test(key)) {
        const earlier = unencodable.get(key);
        if (earlier === undefined) unencodable.set(key, line);
        return earlier;
      }
      // The key is written after the last one as a candidate, and kept only if it is new.
      const length = Buffer.byteLength(key, 'utf8');
      const prefix = varintLength(length);
      reserve(prefix + length);
      const start = used + prefix;
      arena.write(key, start, 'utf8');
      const index = probe(start, start + length, hash(arena, start, start + length));
      if ((slots[index * SLOT_WORDS] ?? 0) !== 0) return slots[index * SLOT_WORDS + 1];
      if (used + 1 > MAX_WORD) throw new RangeError('more than 4 GiB of keys');
      writeVarint(arena, used, length);
      slots[index * SLOT_WORDS] = used + 1;
      slots[index * SLOT_WORDS + 1] = line;
      used = start + length;
      size++;
      if (size * 4 > (mask + 1) * 3) grow();
      return undefined;
    },
    get size() {
      return size + unencodable.size;
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

function sameBytes(arena: Uint8Array, stored: number, start: number, end: number): boolean {
  const from = storedStart(arena, stored);
  if (storedLength(arena, stored) !== end - start) return false;
  for (let offset = 0; offset < end - start; offset++) if (arena[from + offset] !== arena[start + offset]) return false;
  return true;
}

/** Where the bytes of the key stored at `stored` begin: after its length. */
function storedStart(arena: Uint8Array, stored: number): number {
  let at = stored;
  while ((arena[at] ?? 0) >= 0x80) at++;
  return at + 1;
}

function storedLength(arena: Uint8Array, stored: number): number {
  let length = 0;
  for (let at = stored, scale = 1; ; at++, scale *= 0x80) {
    const byte = arena[at] ?? 0;
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

function writeVarint(arena: Uint8Array, at: number, value: number): void {
  let rest = value;
  let index = at;
  while (rest >= 0x80) {
    arena[index++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  arena[index] = rest;
}
