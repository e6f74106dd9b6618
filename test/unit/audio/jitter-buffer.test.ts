import { describe, expect, it } from 'vitest';
import { JitterBuffer } from '../../../renderer/src/audio/worklets/jitter-buffer.js';

const QUANTUM = 128;

function ramp(length: number, start = 1): Float32Array {
  return new Float32Array(length).map((_, i) => (start + i) / 100_000);
}

/** Reads `quanta` render quanta, returning everything that came out. */
function pull(jb: JitterBuffer, quanta: number): Float32Array {
  const all = new Float32Array(quanta * QUANTUM);
  for (let q = 0; q < quanta; q++) {
    const out = new Float32Array(QUANTUM).fill(7); // garbage that must be overwritten
    jb.read(out);
    all.set(out, q * QUANTUM);
  }
  return all;
}

describe('JitterBuffer', () => {
  it('waits for the start threshold (80 ms at 24 kHz) before playing an item', () => {
    const jb = new JitterBuffer();
    expect(jb.startThreshold).toBe(1920);
    jb.push('a', ramp(1000));
    expect(Array.from(pull(jb, 2)).every((v) => v === 0)).toBe(true);
    expect(jb.takeReports()).toEqual([]);
    jb.push('a', ramp(1000, 1001)); // 2000 ≥ 1920 buffered
    const out = pull(jb, 1);
    expect(out[0]).toBeCloseTo(1 / 100_000, 9);
    expect(out[127]).toBeCloseTo(128 / 100_000, 9);
    expect(jb.takeReports()).toEqual([{ itemId: 'a', playedSamples: 128 }]);
  });

  it('starts a short item below the threshold once its end is signalled, then finishes it', () => {
    const jb = new JitterBuffer();
    jb.push('a', ramp(200));
    pull(jb, 1);
    jb.end('a');
    const out = pull(jb, 2);
    expect(out[199]).toBeCloseTo(200 / 100_000, 9);
    expect(out[200]).toBe(0);
    expect(jb.takeReports()).toEqual([{ itemId: 'a', playedSamples: 200 }]);
    expect(jb.currentItemId).toBeNull();
  });

  it('plays items back to back in arrival order within one quantum', () => {
    const jb = new JitterBuffer({ startThreshold: 10 });
    jb.push('a', new Float32Array(100).fill(0.1));
    jb.end('a');
    jb.push('b', new Float32Array(100).fill(0.2));
    const out = pull(jb, 1);
    expect(out[99]).toBeCloseTo(0.1, 6);
    expect(out[100]).toBeCloseTo(0.2, 6);
    expect(jb.takeReports()).toEqual([
      { itemId: 'a', playedSamples: 100 },
      { itemId: 'b', playedSamples: 28 },
    ]);
    expect(jb.currentItemId).toBe('b');
  });

  it('counts an underrun, outputs silence, and re-buffers before resuming', () => {
    const jb = new JitterBuffer({ startThreshold: 256 });
    jb.push('a', new Float32Array(300).fill(0.5));
    const first = pull(jb, 3); // 300 samples, then dry
    expect(first[299]).toBe(0.5);
    expect(first[300]).toBe(0);
    expect(jb.underruns).toBe(1);
    jb.push('a', new Float32Array(100).fill(0.5)); // below the threshold again: still silent
    expect(Array.from(pull(jb, 1)).every((v) => v === 0)).toBe(true);
    expect(jb.underruns).toBe(1);
    jb.push('a', new Float32Array(200).fill(0.5));
    expect(pull(jb, 1)[0]).toBe(0.5);
  });

  it('does not call an exactly drained quantum an underrun if more arrives in time', () => {
    const jb = new JitterBuffer({ startThreshold: 128 });
    jb.push('a', new Float32Array(128).fill(0.5));
    pull(jb, 1);
    jb.push('a', new Float32Array(128).fill(0.5));
    pull(jb, 1);
    expect(jb.underruns).toBe(0);
  });

  it('stop clears everything at once and returns the final played counts', () => {
    const jb = new JitterBuffer({ startThreshold: 10 });
    jb.push('a', new Float32Array(1000).fill(0.3));
    jb.push('b', new Float32Array(1000).fill(0.3));
    pull(jb, 3);
    jb.takeReports();
    expect(jb.stop()).toEqual([{ itemId: 'a', playedSamples: 384 }]);
    expect(jb.bufferedSamples).toBe(0);
    expect(Array.from(pull(jb, 1)).every((v) => v === 0)).toBe(true);
  });

  it('reports the current item even without progress (lets main see a stall)', () => {
    const jb = new JitterBuffer({ startThreshold: 10 });
    jb.push('a', new Float32Array(128));
    pull(jb, 1);
    jb.takeReports();
    pull(jb, 1); // underrun
    expect(jb.takeReports()).toEqual([{ itemId: 'a', playedSamples: 128 }]);
  });

  it('reports in source samples when playing at another rate', () => {
    // 24 kHz source played at 48 kHz: 2 output samples per source sample.
    const jb = new JitterBuffer({ startThreshold: 10, reportRatio: 0.5 });
    jb.push('a', new Float32Array(960), 480);
    pull(jb, 3);
    expect(jb.takeReports()).toEqual([{ itemId: 'a', playedSamples: 192 }]);
    jb.end('a');
    pull(jb, 5);
    expect(jb.takeReports()).toEqual([{ itemId: 'a', playedSamples: 480 }]);
  });

  it('ignores audio for an item after its end', () => {
    const jb = new JitterBuffer({ startThreshold: 10 });
    jb.push('a', new Float32Array(20));
    jb.end('a');
    jb.push('a', new Float32Array(20));
    expect(jb.bufferedSamples).toBe(20);
  });

  it('allocates no starts array for a quantum in which nothing started', () => {
    const jb = new JitterBuffer({ startThreshold: 10 });
    pull(jb, 1);
    const none = jb.takeStarts();
    expect(none).toEqual([]);
    expect(Object.isFrozen(none)).toBe(true);
    expect(jb.takeStarts()).toBe(none);
    jb.push('a', new Float32Array(200).fill(0.1));
    pull(jb, 1);
    expect(jb.takeStarts()).toEqual([{ itemId: 'a', offset: 0 }]);
    pull(jb, 1);
    expect(jb.takeStarts()).toBe(none);
  });
});
