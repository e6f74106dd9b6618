/**
 * The tray icon of each state, drawn in code (no image files to ship or keep in step): a disc
 * or ring whose colour and mark tell the state apart, the mark so that colour is not the only
 * cue, and a badge with the number of tasks at work. Pure: RGBA pixels out.
 */
import type { TrayIcon, TrayIconState } from './tray-model';

/** Straight (not premultiplied) RGBA pixels, row by row. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

type Color = readonly [number, number, number, number];
type Shape = (x: number, y: number) => boolean;
type Layer = { color: Color; shape: Shape };

const GREY: Color = [154, 160, 166, 255];
const GREEN: Color = [31, 191, 113, 255];
const BLUE: Color = [59, 130, 246, 255];
const AMBER: Color = [245, 166, 35, 255];
const RED: Color = [229, 72, 77, 255];
const WHITE: Color = [255, 255, 255, 255];
const INK: Color = [17, 17, 17, 255];

/** 3×5 digits for the badge, five rows each, `#` lit. */
const DIGITS: Readonly<Record<string, readonly string[]>> = {
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '###', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '..#', '.#.', '.#.'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
  '+': ['...', '.#.', '###', '.#.', '...'],
};

const disc =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

const ring =
  (cx: number, cy: number, r: number, width: number): Shape =>
  (x, y) => {
    const d = Math.sqrt((x - cx) ** 2 + (y - cy) ** 2);
    return d <= r && d >= r - width;
  };

const box =
  (x0: number, y0: number, x1: number, y1: number): Shape =>
  (x, y) =>
    x >= x0 && x <= x1 && y >= y0 && y <= y1;

/** The layers of a state's glyph on a unit square (0…1). */
function glyph(state: TrayIconState): Layer[] {
  const c = 0.5;
  const r = 0.44;
  switch (state) {
    case 'idle':
      return [{ color: GREY, shape: ring(c, c, r, 0.13) }];
    case 'listening':
      return [{ color: GREEN, shape: disc(c, c, r) }];
    case 'user-speaking':
      return [
        { color: GREEN, shape: disc(c, c, r) },
        { color: WHITE, shape: disc(c, c, 0.16) },
      ];
    case 'assistant-speaking':
      return [
        { color: BLUE, shape: disc(c, c, r) },
        { color: WHITE, shape: box(0.26, 0.42, 0.34, 0.58) },
        { color: WHITE, shape: box(0.46, 0.28, 0.54, 0.72) },
        { color: WHITE, shape: box(0.66, 0.38, 0.74, 0.62) },
      ];
    case 'working':
      return [
        { color: AMBER, shape: ring(c, c, r, 0.13) },
        { color: AMBER, shape: disc(c, c, 0.14) },
      ];
    case 'muted':
      return [
        { color: RED, shape: disc(c, c, r) },
        { color: WHITE, shape: (x, y) => Math.abs(x - y) < 0.07 && disc(c, c, 0.34)(x, y) },
      ];
    case 'error':
      return [
        { color: RED, shape: disc(c, c, r) },
        { color: WHITE, shape: box(0.45, 0.22, 0.55, 0.58) },
        { color: WHITE, shape: box(0.45, 0.67, 0.55, 0.77) },
      ];
  }
}

/** The badge: a dark disc in the corner with the task count (9+ shows as `+`). */
function badge(tasks: number): Layer[] {
  const cx = 0.76;
  const cy = 0.76;
  const r = 0.24;
  const pattern = DIGITS[tasks > 9 ? '+' : String(tasks)] ?? DIGITS['+']!;
  const cell = 0.075;
  const left = cx - 1.5 * cell;
  const top = cy - 2.5 * cell;
  const digit: Shape = (x, y) => {
    const col = Math.floor((x - left) / cell);
    const row = Math.floor((y - top) / cell);
    return pattern[row]?.[col] === '#';
  };
  return [
    { color: WHITE, shape: disc(cx, cy, r + 0.04) },
    { color: INK, shape: disc(cx, cy, r) },
    { color: WHITE, shape: digit },
  ];
}

/** Draws `icon` at `size`×`size` pixels, 4×4 samples per pixel for smooth edges. */
export function drawTrayIcon(icon: TrayIcon, size: number): RgbaImage {
  const layers = [...glyph(icon.state), ...(icon.tasks > 0 ? badge(icon.tasks) : [])];
  const data = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let rgba = [0, 0, 0, 0];
      for (const layer of layers) {
        let hits = 0;
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            const x = (px + (sx + 0.5) / samples) / size;
            const y = (py + (sy + 0.5) / samples) / size;
            if (layer.shape(x, y)) hits++;
          }
        }
        rgba = over(rgba, layer.color, hits / (samples * samples));
      }
      data.set(rgba.map(Math.round), (py * size + px) * 4);
    }
  }
  return { width: size, height: size, data };
}

/** `color` at `coverage` over `below` (straight alpha). */
function over(below: number[], color: Color, coverage: number): number[] {
  const a = (color[3] / 255) * coverage;
  const b = (below[3] ?? 0) / 255;
  const out = a + b * (1 - a);
  if (out === 0) return [0, 0, 0, 0];
  const mix = (i: number): number => (color[i]! * a + below[i]! * b * (1 - a)) / out;
  return [mix(0), mix(1), mix(2), out * 255];
}

/** Size of the packaging icon (macOS asks for at least 512 px). */
export const APP_ICON_SIZE = 512;

/** The application icon: the "hearing you" glyph, large. */
export function drawAppIcon(): RgbaImage {
  return drawTrayIcon({ state: 'user-speaking', tasks: 0 }, APP_ICON_SIZE);
}
