// Median-cut colour reduction for the logo, so the whole card fits one 256-colour PNG palette.

export interface IndexedImage {
  readonly width: number;
  readonly height: number;
  /** RGB triplets. */
  readonly palette: Uint8Array;
  readonly indices: Uint8Array;
}

interface ColorBox {
  colors: number[];
  count: number;
  /** The channel (as a bit shift) with the widest range, weighted by pixel count, and that score. */
  shift: number;
  score: number;
}

const channel = (color: number, shift: number) => (color >> shift) & 0xff;

/** Scores a box once when it is made or changed, rather than every box on every split. */
function measure(box: ColorBox): void {
  box.shift = 16;
  box.score = -1;
  if (box.colors.length < 2) return;
  for (const shift of [16, 8, 0]) {
    let low = 255;
    let high = 0;
    for (const color of box.colors) {
      const value = channel(color, shift);
      if (value < low) low = value;
      if (value > high) high = value;
    }
    const score = (high - low) * Math.sqrt(box.count);
    if (score > box.score) {
      box.shift = shift;
      box.score = score;
    }
  }
}

/** Reduces RGB pixels to at most `maxColors` colours; images that already have few colours keep them exactly. */
export function quantise(rgb: Uint8Array, width: number, height: number, maxColors: number): IndexedImage {
  const keys = new Int32Array(width * height);
  for (let pixel = 0; pixel < keys.length; pixel++)
    keys[pixel] = (rgb[pixel * 3]! << 16) | (rgb[pixel * 3 + 1]! << 8) | rgb[pixel * 3 + 2]!;
  return quantiseKeys(keys, width, height, maxColors);
}

/** 0xRRGGBB numbers as RGB triplets. */
export function keysToRgb(keys: Int32Array): Uint8Array {
  const rgb = new Uint8Array(keys.length * 3);
  keys.forEach((key, index) => rgb.set([channel(key, 16), channel(key, 8), channel(key, 0)], index * 3));
  return rgb;
}

/** As `quantise`, for pixels given as 0xRRGGBB numbers. */
export function quantiseKeys(keys: Int32Array, width: number, height: number, maxColors: number): IndexedImage {
  const pixels = width * height;
  // Logos are flat: counting runs of one colour needs a map update per run, not per pixel.
  const counts = new Map<number, number>();
  for (let start = 0; start < pixels;) {
    const key = keys[start]!;
    let end = start + 1;
    while (end < pixels && keys[end] === key) end++;
    counts.set(key, (counts.get(key) ?? 0) + end - start);
    start = end;
  }
  const first: ColorBox = { colors: [...counts.keys()], count: pixels, shift: 16, score: -1 };
  measure(first);
  const boxes: ColorBox[] = [first];
  while (boxes.length < maxColors) {
    // The widest box; the first one on ties.
    let box: ColorBox | undefined;
    for (const candidate of boxes) if (candidate.score >= 0 && (!box || candidate.score > box.score)) box = candidate;
    if (!box || box.score === 0) break;
    const { shift } = box;
    box.colors.sort((a, b) => channel(a, shift) - channel(b, shift));
    let seen = 0;
    let cut = 1;
    for (; cut < box.colors.length - 1; cut++) {
      seen += counts.get(box.colors[cut - 1]!)!;
      if (seen * 2 >= box.count) break;
    }
    const upper = box.colors.splice(cut);
    const upperCount = upper.reduce((sum, color) => sum + counts.get(color)!, 0);
    box.count -= upperCount;
    measure(box);
    const added: ColorBox = { colors: upper, count: upperCount, shift: 16, score: -1 };
    measure(added);
    boxes.push(added);
  }
  const lookup = new Map<number, number>();
  const palette = new Uint8Array(boxes.length * 3);
  boxes.forEach((box, index) => {
    const sums = [0, 0, 0];
    for (const color of box.colors) {
      const weight = counts.get(color)!;
      sums[0]! += channel(color, 16) * weight;
      sums[1]! += channel(color, 8) * weight;
      sums[2]! += channel(color, 0) * weight;
      lookup.set(color, index);
    }
    palette.set(
      sums.map((sum) => Math.round(sum / Math.max(1, box.count))),
      index * 3,
    );
  });
  const indices = new Uint8Array(pixels);
  for (let start = 0; start < pixels;) {
    const key = keys[start]!;
    let end = start + 1;
    while (end < pixels && keys[end] === key) end++;
    indices.fill(lookup.get(key)!, start, end);
    start = end;
  }
  return { width, height, palette, indices };
}
