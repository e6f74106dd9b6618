import { describe, expect, it, vi } from 'vitest';
import {
  FRAME_SAMPLES,
  bytesLEToInt16,
  decodePcm16Base64,
  encodePcm16Base64,
  floatToInt16,
  int16ToBytesLE,
  int16ToFloat,
  msToSamples,
  samplesToMs,
} from '../../../main/audio/pcm16';

describe('pcm16', () => {
  it('converts floats to Int16 with clamping and symmetric rounding', () => {
    const out = floatToInt16(new Float32Array([0, 1, -1, 2, -2, 0.5, -0.5, Number.NaN]));
    expect(Array.from(out)).toEqual([0, 32767, -32767, 32767, -32767, 16384, -16384, 0]);
    // Half-way values round away from zero on both sides.
    const half = 0.5 / 32767;
    const r = floatToInt16(new Float32Array([half * 3, -half * 3]));
    expect(r[0]).toBe(-(r[1] as number));
  });

  it('round-trips Int16 → float → Int16 exactly (−32768 saturates to −32767)', () => {
    const all = new Int16Array(65536);
    for (let i = 0; i < all.length; i++) all[i] = i - 32768;
    const back = floatToInt16(int16ToFloat(all));
    expect(back[0]).toBe(-32767);
    for (let i = 1; i < all.length; i++) {
      if (back[i] !== all[i]) throw new Error(`sample ${all[i]} came back as ${back[i]}`);
    }
    expect(int16ToFloat(new Int16Array([-32768]))[0]).toBe(-1);
  });

  it('round-trips floats within half a quantisation step', () => {
    const f = new Float32Array(1000).map((_, i) => Math.sin(i * 0.37) * 0.9);
    const back = int16ToFloat(floatToInt16(f));
    for (let i = 0; i < f.length; i++) {
      expect(Math.abs((back[i] as number) - (f[i] as number))).toBeLessThanOrEqual(
        0.5 / 32767 + 1e-7,
      );
    }
  });

  it('serialises little-endian bytes', () => {
    const bytes = int16ToBytesLE(new Int16Array([0x0102, -2]));
    expect(Array.from(bytes)).toEqual([0x02, 0x01, 0xfe, 0xff]);
    expect(Array.from(bytesLEToInt16(bytes))).toEqual([0x0102, -2]);
  });

  it('reads bytes at an odd offset and ignores a trailing half sample', () => {
    const backing = new Uint8Array([9, 0x34, 0x12, 0xff, 0x7f, 0x55]);
    const view = backing.subarray(1); // 5 bytes at offset 1
    expect(Array.from(bytesLEToInt16(view))).toEqual([0x1234, 0x7fff]);
  });

  it('round-trips base64 and matches the known wire encoding', () => {
    const samples = new Int16Array([0, 1, -1, 32767, -32768, 12345]);
    const b64 = encodePcm16Base64(samples);
    expect(b64).toBe(
      Buffer.from([0, 0, 1, 0, 255, 255, 255, 127, 0, 128, 57, 48]).toString('base64'),
    );
    expect(Array.from(decodePcm16Base64(b64))).toEqual(Array.from(samples));
  });

  it('encodes a subarray view, not its whole backing buffer', () => {
    const big = new Int16Array([1, 2, 3, 4]);
    expect(Array.from(decodePcm16Base64(encodePcm16Base64(big.subarray(1, 3))))).toEqual([2, 3]);
  });

  it('decodes garbage without throwing', () => {
    expect(decodePcm16Base64('').length).toBe(0);
    expect(() => decodePcm16Base64('%%%not base64')).not.toThrow();
  });

  it('converts between samples and milliseconds', () => {
    expect(FRAME_SAMPLES).toBe(480);
    expect(samplesToMs(480)).toBe(20);
    expect(samplesToMs(48_000, 48_000)).toBe(1000);
    expect(msToSamples(20)).toBe(480);
    expect(msToSamples(10, 44_100)).toBe(441);
    expect(msToSamples(0.03)).toBe(1);
  });
});

describe('PCM16 byte fast paths', () => {
  /** The portable reference: one sample at a time through a DataView. */
  const referenceBytes = (samples: Int16Array): Uint8Array => {
    const out = new Uint8Array(samples.length * 2);
    const view = new DataView(out.buffer);
    samples.forEach((v, i) => view.setInt16(i * 2, v, true));
    return out;
  };
  const random = (n: number): Int16Array =>
    Int16Array.from({ length: n }, (_, i) => ((i * 7919 + 13) % 65536) - 32768);

  it('encodes base64 identically to the byte-by-byte path, in place (no copy)', () => {
    const big = random(FRAME_SAMPLES + 9);
    const slice = vi.spyOn(ArrayBuffer.prototype, 'slice');
    try {
      for (const samples of [big, big.subarray(3, 3 + FRAME_SAMPLES), big.subarray(5, 5)]) {
        const expected = Buffer.from(referenceBytes(samples)).toString('base64');
        expect(encodePcm16Base64(samples)).toBe(expected);
      }
      expect(slice).not.toHaveBeenCalled();
    } finally {
      slice.mockRestore();
    }
  });

  it('reads aligned bytes as a view and odd offsets as a copy, with the same values', () => {
    const samples = random(101);
    const bytes = referenceBytes(samples);
    const backing = new Uint8Array(bytes.length + 3);
    backing.set(bytes, 2);
    const aligned = bytesLEToInt16(backing.subarray(2, 2 + bytes.length));
    expect(Array.from(aligned)).toEqual(Array.from(samples));
    expect(aligned.buffer).toBe(backing.buffer); // a view: no copy
    const oddBacking = new Uint8Array(bytes.length + 1);
    oddBacking.set(bytes, 1);
    expect(Array.from(bytesLEToInt16(oddBacking.subarray(1)))).toEqual(Array.from(samples));
  });
});
