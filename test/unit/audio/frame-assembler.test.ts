import { describe, expect, it } from 'vitest';
import { FrameAssembler } from '../../../main/audio/frame-assembler';

function ramp(start: number, length: number): Int16Array {
  return new Int16Array(length).map((_, i) => start + i);
}

describe('FrameAssembler', () => {
  it('emits exact 480-sample frames from odd chunks, in order, carrying the remainder', () => {
    const fa = new FrameAssembler();
    const frames: Int16Array[] = [];
    let next = 0;
    for (const size of [1, 479, 7, 1000, 333, 2, 480, 961]) {
      frames.push(...fa.push(ramp(next, size)));
      next += size;
    }
    expect(next).toBe(3263);
    expect(frames.length).toBe(Math.floor(3263 / 480));
    expect(fa.pendingSamples).toBe(3263 % 480);
    frames.forEach((f, k) => {
      expect(f.length).toBe(480);
      expect(f[0]).toBe(k * 480);
      expect(f[479]).toBe(k * 480 + 479);
    });
    const rest = fa.flush();
    expect(rest?.length).toBe(3263 % 480);
    expect(rest?.[0]).toBe(frames.length * 480);
    expect(fa.pendingSamples).toBe(0);
    expect(fa.flush()).toBeNull();
  });

  it('returns independent frames (later pushes do not overwrite them)', () => {
    const fa = new FrameAssembler(4);
    fa.push(new Int16Array([1, 2]));
    const [first] = fa.push(new Int16Array([3, 4, 5]));
    fa.push(new Int16Array([6, 7, 8, 9]));
    expect(Array.from(first as Int16Array)).toEqual([1, 2, 3, 4]);
    const chunk = new Int16Array([1, 1, 1, 1]);
    const [second] = new FrameAssembler(4).push(chunk);
    chunk[0] = 99;
    expect(second?.[0]).toBe(1);
  });

  it('pads the flushed remainder with silence on request', () => {
    const fa = new FrameAssembler(4);
    fa.push(new Int16Array([5, 6]));
    expect(Array.from(fa.flush(true) as Int16Array)).toEqual([5, 6, 0, 0]);
  });

  it('reset drops held samples', () => {
    const fa = new FrameAssembler(4);
    fa.push(new Int16Array([5, 6, 7]));
    fa.reset();
    expect(fa.push(new Int16Array([1, 2, 3, 4])).map((f) => Array.from(f))).toEqual([[1, 2, 3, 4]]);
  });

  it('rejects a non-positive frame size', () => {
    expect(() => new FrameAssembler(0)).toThrow(RangeError);
  });
});
