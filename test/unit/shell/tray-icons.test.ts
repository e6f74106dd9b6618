import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../../main/shell/png-image';
import { drawTrayIcon } from '../../../main/shell/tray-icons';
import type { TrayIconState } from '../../../main/shell/tray-model';

const STATES: TrayIconState[] = [
  'idle',
  'listening',
  'user-speaking',
  'assistant-speaking',
  'working',
  'muted',
  'error',
];

const pixel = (image: ReturnType<typeof drawTrayIcon>, x: number, y: number) => [
  ...image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4),
];

describe('tray icons drawn in code', () => {
  it('every state draws a different picture, with transparent corners', () => {
    const drawn = STATES.map((state) => drawTrayIcon({ state, tasks: 0 }, 32));
    const keys = new Set(drawn.map((image) => Buffer.from(image.data).toString('base64')));
    expect(keys.size).toBe(STATES.length);
    for (const image of drawn) {
      expect(image.data).toHaveLength(32 * 32 * 4);
      expect(pixel(image, 0, 0)[3]).toBe(0);
      expect(pixel(image, 31, 0)[3]).toBe(0);
    }
  });

  it('the state is told by a mark as well as a colour (muted has a slash, error a bar)', () => {
    const muted = drawTrayIcon({ state: 'muted', tasks: 0 }, 32);
    const error = drawTrayIcon({ state: 'error', tasks: 0 }, 32);
    // The centre of both is white (the slash, the "!"); their disc is the same red.
    expect(pixel(muted, 16, 16)).toEqual([255, 255, 255, 255]);
    expect(pixel(error, 16, 12)).toEqual([255, 255, 255, 255]);
    expect(pixel(muted, 8, 24)).toEqual(pixel(error, 8, 24));
  });

  it('a badge shows the number of tasks at work; none without tasks', () => {
    const none = drawTrayIcon({ state: 'listening', tasks: 0 }, 32);
    const two = drawTrayIcon({ state: 'listening', tasks: 2 }, 32);
    const three = drawTrayIcon({ state: 'listening', tasks: 3 }, 32);
    const many = drawTrayIcon({ state: 'listening', tasks: 12 }, 32);
    expect(pixel(none, 24, 24)).not.toEqual(pixel(two, 24, 24));
    expect(Buffer.from(two.data).equals(Buffer.from(three.data))).toBe(false);
    expect(Buffer.from(many.data).equals(Buffer.from(three.data))).toBe(false);
    // The top-left quarter (the glyph) is untouched by the badge.
    expect(pixel(none, 8, 8)).toEqual(pixel(two, 8, 8));
  });

  it('encodes as a PNG whose pixels decode back unchanged', () => {
    const image = drawTrayIcon({ state: 'working', tasks: 4 }, 22);
    const png = encodePng(image);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBe(22);
    expect(png.readUInt32BE(20)).toBe(22);
    const idatAt = png.indexOf('IDAT');
    const rows = inflateSync(png.subarray(idatAt + 4, idatAt + 4 + png.readUInt32BE(idatAt - 4)));
    const stride = 22 * 4 + 1;
    for (let y = 0; y < 22; y++) {
      expect(rows[y * stride]).toBe(0);
      expect(Buffer.from(rows.subarray(y * stride + 1, (y + 1) * stride))).toEqual(
        Buffer.from(image.data.subarray(y * 88, (y + 1) * 88)),
      );
    }
    expect(() => encodePng({ width: 2, height: 2, data: new Uint8Array(3) })).toThrow(RangeError);
  });
});
