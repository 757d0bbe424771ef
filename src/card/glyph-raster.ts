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
  /** Coverage per pixel, 0-255 (or 0..levels, see rasteriseOutline), row-major. */
  readonly coverage: Uint8Array;
}

const EMPTY: GlyphMask = { width: 0, height: 0, left: 0, top: 0, coverage: new Uint8Array(0) };
// Flattening tolerance in pixels: below what anti-aliasing can show.
const TOLERANCE = 0.2;

// Segments are kept flat (x0, y0, x1, y1, ...) and handled without destructuring or closures: the first
// card of a process rasterises every glyph before the JIT has compiled this code, so interpreter cost counts.
class SegmentList {
  values: number[] = [];
  x = 0;
  y = 0;
  lineTo(nx: number, ny: number): void {
    if (nx !== this.x || ny !== this.y) this.values.push(this.x, this.y, nx, ny);
    this.x = nx;
    this.y = ny;
  }
}

/** Flattens font-unit outline commands into pixel-space line segments (y grows downwards). */
function flatten(commands: readonly PathCommand[], scale: number): number[] {
  const out = new SegmentList();
  let startX = 0;
  let startY = 0;
  for (let c = 0; c < commands.length; c++) {
    const { command, args } = commands[c]!;
    switch (command) {
      case 'moveTo':
        if (out.x !== startX || out.y !== startY) out.lineTo(startX, startY);
        startX = out.x = args[0]! * scale;
        startY = out.y = -args[1]! * scale;
        break;
      case 'lineTo':
        out.lineTo(args[0]! * scale, -args[1]! * scale);
        break;
      case 'quadraticCurveTo': {
        const cx = args[0]! * scale;
        const cy = -args[1]! * scale;
        const ex = args[2]! * scale;
        const ey = -args[3]! * scale;
        const x0 = out.x;
        const y0 = out.y;
        const deviation = Math.hypot(x0 - 2 * cx + ex, y0 - 2 * cy + ey);
        const steps = Math.max(1, Math.ceil(Math.sqrt(deviation / (4 * TOLERANCE))));
        for (let i = 1; i <= steps; i++) {
          const t = i / steps;
          const u = 1 - t;
          out.lineTo(u * u * x0 + 2 * u * t * cx + t * t * ex, u * u * y0 + 2 * u * t * cy + t * t * ey);
        }
        break;
      }
      case 'bezierCurveTo': {
        const c1x = args[0]! * scale;
        const c1y = -args[1]! * scale;
        const c2x = args[2]! * scale;
        const c2y = -args[3]! * scale;
        const ex = args[4]! * scale;
        const ey = -args[5]! * scale;
        const x0 = out.x;
        const y0 = out.y;
        const deviation = Math.max(Math.hypot(x0 - 2 * c1x + c2x, y0 - 2 * c1y + c2y), Math.hypot(c1x - 2 * c2x + ex, c1y - 2 * c2y + ey));
        const steps = Math.max(1, Math.ceil(Math.sqrt((3 * deviation) / (4 * TOLERANCE))));
        for (let i = 1; i <= steps; i++) {
          const t = i / steps;
          const u = 1 - t;
          out.lineTo(
            u * u * u * x0 + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * ex,
            u * u * u * y0 + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * ey,
          );
        }
        break;
      }
      case 'closePath':
        out.lineTo(startX, startY);
        break;
      default:
        break;
    }
  }
  if (out.x !== startX || out.y !== startY) out.lineTo(startX, startY);
  return out.values;
}

// Adds one edge's signed area to the accumulation buffer; a running sum along each row then gives coverage.
function accumulateLine(area: Float32Array, width: number, height: number, sx0: number, sy0: number, sx1: number, sy1: number): void {
  if (sy0 === sy1) return;
  const direction = sy0 < sy1 ? 1 : -1;
  const x0 = direction === 1 ? sx0 : sx1;
  const y0 = direction === 1 ? sy0 : sy1;
  const x1 = direction === 1 ? sx1 : sx0;
  const y1 = direction === 1 ? sy1 : sy0;
  const slope = (x1 - x0) / (y1 - y0);
  let x = x0;
  const rowStart = y0 > 0 ? Math.floor(y0) : 0;
  if (y0 < 0) x -= y0 * slope;
  const rowEnd = Math.min(height, Math.ceil(y1));
  for (let row = rowStart; row < rowEnd; row++) {
    const base = row * width;
    const dy = (row + 1 < y1 ? row + 1 : y1) - (row > y0 ? row : y0);
    const xNext = x + slope * dy;
    const d = dy * direction;
    let left = x < xNext ? x : xNext;
    let right = x < xNext ? xNext : x;
    if (left < 0) left = 0;
    if (right < 0) right = 0;
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

/**
 * Rasterises an outline given in font units at `scale` pixels per unit (non-zero winding). Coverage is
 * 0-255, or with `levels` already reduced to 0..levels (the 0-255 value rounded to the nearest level),
 * in the same pass: a second pass per glyph showed on a process's first card, which runs interpreted.
 */
export function rasteriseOutline(commands: readonly PathCommand[], scale: number, levels = 255): GlyphMask {
  const segments = flatten(commands, scale);
  if (segments.length === 0) return EMPTY;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  // Every point (x, y pairs) of every segment, both ends included.
  for (let i = 0; i < segments.length; i += 2) {
    const x = segments[i]!;
    const y = segments[i + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const left = Math.floor(minX);
  const top = Math.floor(minY);
  // One spare column: the accumulation may spill a cell past the right edge.
  const width = Math.ceil(maxX) - left + 2;
  const height = Math.ceil(maxY) - top;
  if (width <= 0 || height <= 0) return EMPTY;
  const area = new Float32Array(width * height + 2);
  for (let i = 0; i < segments.length; i += 4) {
    accumulateLine(area, width, height, segments[i]! - left, segments[i + 1]! - top, segments[i + 2]! - left, segments[i + 3]! - top);
  }
  const coverage = new Uint8Array(width * height);
  for (let row = 0; row < height; row++) {
    let sum = 0;
    const base = row * width;
    for (let column = 0; column < width; column++) {
      sum += area[base + column]!;
      const value = sum < 0 ? -sum : sum;
      // Math.round for a non-negative value, without a call per pixel.
      const byte = value >= 1 ? 255 : (value * 255 + 0.5) | 0;
      coverage[base + column] = levels === 255 ? byte : ((byte * levels + 127) / 255) | 0;
    }
  }
  return { width, height, left, top, coverage };
}
