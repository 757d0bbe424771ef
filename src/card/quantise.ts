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
}

const channel = (color: number, shift: number) => (color >> shift) & 0xff;

/** Reduces RGB pixels to at most `maxColors` colours; images that already have few colours keep them exactly. */
export function quantise(rgb: Uint8Array, width: number, height: number, maxColors: number): IndexedImage {
  const counts = new Map<number, number>();
  for (let pixel = 0; pixel < width * height; pixel++) {
    const key = (rgb[pixel * 3]! << 16) | (rgb[pixel * 3 + 1]! << 8) | rgb[pixel * 3 + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const boxes: ColorBox[] = [{ colors: [...counts.keys()], count: width * height }];
  while (boxes.length < maxColors) {
    let widest: { box: ColorBox; shift: number; score: number } | undefined;
    for (const box of boxes) {
      if (box.colors.length < 2) continue;
      for (const shift of [16, 8, 0]) {
        let low = 255;
        let high = 0;
        for (const color of box.colors) {
          const value = channel(color, shift);
          if (value < low) low = value;
          if (value > high) high = value;
        }
        const score = (high - low) * Math.sqrt(box.count);
        if (!widest || score > widest.score) widest = { box, shift, score };
      }
    }
    if (!widest || widest.score === 0) break;
    const { box, shift } = widest;
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
    boxes.push({ colors: upper, count: upperCount });
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
    palette.set(sums.map((sum) => Math.round(sum / Math.max(1, box.count))), index * 3);
  });
  const indices = new Uint8Array(width * height);
  for (let pixel = 0; pixel < width * height; pixel++) {
    indices[pixel] = lookup.get((rgb[pixel * 3]! << 16) | (rgb[pixel * 3 + 1]! << 8) | rgb[pixel * 3 + 2]!)!;
  }
  return { width, height, palette, indices };
}
