// Turns a glyph outline into an anti-aliased coverage mask (signed-area accumulation, exact per pixel).
// Own rasteriser so glyphs need no native library and can be cached as small byte masks.

export interface PathCommand {
  readonly command: string;
  readonly args: readonly number[];
}

export interface GlyphMask {
  readonly width: number;
  readonly height: number;
  /** Offset of the mask's left edge from the pen position, in pixels. */
  readonly left: number;
  /** Offset of the mask's top edge from the baseline, in pixels (negative is above). */
  readonly top: number;
  /** Coverage 0-255 per pixel, row-major. */
  readonly coverage: Uint8Array;
}

const EMPTY: GlyphMask = { width: 0, height: 0, left: 0, top: 0, coverage: new Uint8Array(0) };
// Flattening tolerance in pixels: below what anti-aliasing can show.
const TOLERANCE = 0.2;

type Segment = [number, number, number, number];

/** Flattens font-unit outline commands into pixel-space line segments (y grows downwards). */
function flatten(commands: readonly PathCommand[], scale: number): Segment[] {
  const segments: Segment[] = [];
  let startX = 0;
  let startY = 0;
  let x = 0;
  let y = 0;
  const lineTo = (nx: number, ny: number) => {
    if (nx !== x || ny !== y) segments.push([x, y, nx, ny]);
    x = nx;
    y = ny;
  };
  for (const { command, args } of commands) {
    const a = args.map((value, index) => (index % 2 === 0 ? value * scale : -value * scale));
    switch (command) {
      case 'moveTo':
        if (x !== startX || y !== startY) lineTo(startX, startY);
        startX = x = a[0]!;
        startY = y = a[1]!;
        break;
      case 'lineTo':
        lineTo(a[0]!, a[1]!);
        break;
      case 'quadraticCurveTo': {
        const [cx, cy, ex, ey] = a as [number, number, number, number];
        const x0 = x;
        const y0 = y;
        const deviation = Math.hypot(x0 - 2 * cx + ex, y0 - 2 * cy + ey);
        const steps = Math.max(1, Math.ceil(Math.sqrt(deviation / (4 * TOLERANCE))));
        for (let i = 1; i <= steps; i++) {
          const t = i / steps;
          const u = 1 - t;
          lineTo(u * u * x0 + 2 * u * t * cx + t * t * ex, u * u * y0 + 2 * u * t * cy + t * t * ey);
        }
        break;
      }
      case 'bezierCurveTo': {
        const [c1x, c1y, c2x, c2y, ex, ey] = a as [number, number, number, number, number, number];
        const x0 = x;
        const y0 = y;
        const deviation = Math.max(
          Math.hypot(x0 - 2 * c1x + c2x, y0 - 2 * c1y + c2y),
          Math.hypot(c1x - 2 * c2x + ex, c1y - 2 * c2y + ey),
        );
        const steps = Math.max(1, Math.ceil(Math.sqrt((3 * deviation) / (4 * TOLERANCE))));
        for (let i = 1; i <= steps; i++) {
          const t = i / steps;
          const u = 1 - t;
          lineTo(
            u * u * u * x0 + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * ex,
            u * u * u * y0 + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * ey,
          );
        }
        break;
      }
      case 'closePath':
        lineTo(startX, startY);
        break;
      default:
        break;
    }
  }
  if (x !== startX || y !== startY) lineTo(startX, startY);
  return segments;
}

// Adds one edge's signed area to the accumulation buffer; a running sum along each row then gives coverage.
function accumulateLine(area: Float32Array, width: number, height: number, sx0: number, sy0: number, sx1: number, sy1: number): void {
  if (sy0 === sy1) return;
  const direction = sy0 < sy1 ? 1 : -1;
  const [x0, y0, x1, y1] = direction === 1 ? [sx0, sy0, sx1, sy1] : [sx1, sy1, sx0, sy0];
  const slope = (x1 - x0) / (y1 - y0);
  let x = x0;
  const rowStart = Math.max(0, Math.floor(y0));
  if (y0 < 0) x -= y0 * slope;
  const rowEnd = Math.min(height, Math.ceil(y1));
  for (let row = rowStart; row < rowEnd; row++) {
    const base = row * width;
    const dy = Math.min(row + 1, y1) - Math.max(row, y0);
    const xNext = x + slope * dy;
    const d = dy * direction;
    const left = Math.max(0, Math.min(x, xNext));
    const right = Math.max(0, Math.max(x, xNext));
    const leftFloor = Math.floor(left);
    const rightCeil = Math.ceil(right);
    if (rightCeil <= leftFloor + 1) {
      const middle = 0.5 * (x + xNext) - leftFloor;
      area[base + leftFloor]! += d - d * middle;
      area[base + leftFloor + 1]! += d * middle;
    } else {
      const inverse = 1 / (right - left);
      const leftFraction = left - leftFloor;
      const a0 = 0.5 * inverse * (1 - leftFraction) * (1 - leftFraction);
      const rightFraction = right - rightCeil + 1;
      const aEnd = 0.5 * inverse * rightFraction * rightFraction;
      area[base + leftFloor]! += d * a0;
      if (rightCeil === leftFloor + 2) {
        area[base + leftFloor + 1]! += d * (1 - a0 - aEnd);
      } else {
        const a1 = inverse * (1.5 - leftFraction);
        area[base + leftFloor + 1]! += d * (a1 - a0);
        for (let column = leftFloor + 2; column < rightCeil - 1; column++) area[base + column]! += d * inverse;
        const a2 = a1 + (rightCeil - leftFloor - 3) * inverse;
        area[base + rightCeil - 1]! += d * (1 - a2 - aEnd);
      }
      area[base + rightCeil]! += d * aEnd;
    }
    x = xNext;
  }
}

/** Rasterises an outline given in font units at `scale` pixels per unit (non-zero winding, 0-255 coverage). */
export function rasteriseOutline(commands: readonly PathCommand[], scale: number): GlyphMask {
  const segments = flatten(commands, scale);
  if (segments.length === 0) return EMPTY;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [ax, ay, bx, by] of segments) {
    minX = Math.min(minX, ax, bx);
    maxX = Math.max(maxX, ax, bx);
    minY = Math.min(minY, ay, by);
    maxY = Math.max(maxY, ay, by);
  }
  const left = Math.floor(minX);
  const top = Math.floor(minY);
  // One spare column: the accumulation may spill a cell past the right edge.
  const width = Math.ceil(maxX) - left + 2;
  const height = Math.ceil(maxY) - top;
  if (width <= 0 || height <= 0) return EMPTY;
  const area = new Float32Array(width * height + 2);
  for (const [ax, ay, bx, by] of segments) accumulateLine(area, width, height, ax - left, ay - top, bx - left, by - top);
  const coverage = new Uint8Array(width * height);
  for (let row = 0; row < height; row++) {
    let sum = 0;
    const base = row * width;
    for (let column = 0; column < width; column++) {
      sum += area[base + column]!;
      const value = Math.abs(sum);
      coverage[base + column] = value >= 1 ? 255 : Math.round(value * 255);
    }
  }
  return { width, height, left, top, coverage };
}
