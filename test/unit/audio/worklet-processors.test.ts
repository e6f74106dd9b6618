import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Runs the real worklet modules in Node with a minimal AudioWorkletGlobalScope stand-in:
 * `AudioWorkletProcessor` with a recording port, `registerProcessor` and `sampleRate`.
 */
interface Posted {
  data: unknown;
  transfer?: unknown[];
}

class FakePort {
  posted: Posted[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  postMessage(data: unknown, transfer?: unknown[]): void {
    this.posted.push({ data, ...(transfer ? { transfer } : {}) });
  }
  send(data: unknown): void {
    this.onmessage?.({ data });
  }
}

interface Processor {
  port: FakePort;
  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean;
}
type ProcessorClass = new (options?: { processorOptions?: Record<string, unknown> }) => Processor;

const registered = new Map<string, ProcessorClass>();
const scope = globalThis as unknown as Record<string, unknown>;

beforeAll(async () => {
  scope.AudioWorkletProcessor = class {
    port = new FakePort();
  };
  scope.registerProcessor = (name: string, cls: ProcessorClass) => registered.set(name, cls);
  scope.sampleRate = 24_000;
  scope.currentFrame = 0;
  const dir = new URL('../../../renderer/src/audio/worklets/', import.meta.url);
  await import(/* @vite-ignore */ new URL('capture-processor.js', dir).href);
  await import(/* @vite-ignore */ new URL('player-processor.js', dir).href);
});

afterAll(() => {
  for (const key of ['AudioWorkletProcessor', 'registerProcessor', 'sampleRate', 'currentFrame'])
    delete scope[key];
});

function make(name: string, rate: number, processorOptions?: Record<string, unknown>): Processor {
  scope.sampleRate = rate;
  const cls = registered.get(name);
  if (!cls) throw new Error(`${name} not registered`);
  return new cls(processorOptions ? { processorOptions } : {});
}

function frames(p: Processor): { pcm: Int16Array; rms: number }[] {
  return p.port.posted
    .map((m) => m.data as { type: string; pcm: ArrayBuffer; rms: number })
    .filter((d) => d.type === 'frame')
    .map((d) => ({ pcm: new Int16Array(d.pcm), rms: d.rms }));
}

function feedSine(p: Processor, rate: number, seconds: number, channels = 1): void {
  const total = Math.round(rate * seconds);
  for (let at = 0; at < total; at += 128) {
    const block = new Float32Array(128).map(
      (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * (at + i)) / rate),
    );
    p.process([Array.from({ length: channels }, () => block)], []);
  }
}

describe('capture-processor', () => {
  it.each([24_000, 48_000, 44_100])(
    'turns %i Hz mic audio into 20 ms 24 kHz PCM16 frames',
    (rate) => {
      const p = make('parley-capture', rate);
      feedSine(p, rate, 1, 2);
      p.port.send({ type: 'flush' });
      const got = frames(p);
      expect(got.every((f) => f.pcm.length === 480)).toBe(true);
      expect(got.length).toBe(
        Math.ceil(Math.ceil((Math.ceil(rate / 128) * 128 * 24_000) / rate) / 480),
      );
      expect(p.port.posted.every((m) => m.transfer?.length === 1)).toBe(true);
      // A 0.5 sine has RMS 0.354; the level is per frame.
      expect(got[10]?.rms).toBeCloseTo(0.5 / Math.SQRT2, 2);
      // Content: the 24 kHz samples follow the ideal sine (zero group delay).
      const pcm = got[20]?.pcm as Int16Array;
      for (let i = 0; i < 480; i += 37) {
        const ideal = 0.5 * Math.sin((2 * Math.PI * 1000 * (20 * 480 + i)) / 24_000) * 32767;
        expect(Math.abs((pcm[i] as number) - ideal)).toBeLessThan(40);
      }
    },
  );
});

describe('player-processor', () => {
  function messages(p: Processor, type: string): Record<string, unknown>[] {
    return p.port.posted
      .map((m) => m.data as Record<string, unknown>)
      .filter((d) => d.type === type);
  }

  function render(p: Processor, quanta: number): Float32Array[] {
    const outs: Float32Array[] = [];
    for (let q = 0; q < quanta; q++) {
      const out = [new Float32Array(128), new Float32Array(128)];
      p.process([], [out]);
      scope.currentFrame = (scope.currentFrame as number) + 128;
      outs.push(out[0] as Float32Array);
      expect(Array.from(out[1] as Float32Array)).toEqual(Array.from(out[0] as Float32Array));
    }
    return outs;
  }

  it('plays Int16 chunks after the jitter threshold and reports played samples every ~50 ms', () => {
    const p = make('parley-player', 24_000);
    p.port.send({ type: 'chunk', itemId: 'a', samples: new Int16Array(2400).fill(16384) });
    const outs = render(p, 20); // 2560 samples ≈ 107 ms
    expect(outs[0]?.[0]).toBeCloseTo(16384 / 32767, 5);
    const played = messages(p, 'played');
    expect(played.length).toBe(2); // at 1280 and 2560 rendered samples (every 50 ms = 1200)
    expect(played[0]).toEqual({ type: 'played', itemId: 'a', playedSamples: 1280 });
    expect(played[1]).toEqual({ type: 'played', itemId: 'a', playedSamples: 2400 });
    expect(messages(p, 'underrun')).toEqual([{ type: 'underrun', count: 1 }]);
  });

  it('reports the context frame at which an item starts and at which it was stopped', () => {
    const p = make('parley-player', 24_000);
    scope.currentFrame = 1000 * 128;
    render(p, 2); // silence: nothing queued
    p.port.send({ type: 'chunk', itemId: 'a', samples: new Int16Array(2400).fill(100) });
    render(p, 3);
    expect(messages(p, 'started')).toEqual([{ type: 'started', itemId: 'a', frame: 1002 * 128 }]);
    p.port.send({ type: 'stop' });
    expect(messages(p, 'stopped')).toEqual([{ type: 'stopped', frame: 1005 * 128 }]);
  });

  it('stop silences at once and reports the final position', () => {
    const p = make('parley-player', 24_000);
    p.port.send({ type: 'chunk', itemId: 'a', samples: new Float32Array(24_000).fill(0.25) });
    render(p, 3);
    p.port.send({ type: 'stop' });
    expect(messages(p, 'played')).toEqual([{ type: 'played', itemId: 'a', playedSamples: 384 }]);
    expect(messages(p, 'stopped').length).toBe(1);
    expect(render(p, 1)[0]?.every((v) => v === 0)).toBe(true);
  });

  it('resamples to a 48 kHz context and still reports in 24 kHz samples', () => {
    const p = make('parley-player', 48_000);
    p.port.send({ type: 'chunk', itemId: 'a', samples: new Float32Array(4800).fill(0.25) });
    p.port.send({ type: 'end', itemId: 'a' });
    render(p, 100); // 12800 output samples > 9600 needed
    expect(messages(p, 'ended')).toEqual([]); // nobody reads 'ended': the full count says it
    const played = messages(p, 'played');
    expect(played[played.length - 1]).toEqual({ type: 'played', itemId: 'a', playedSamples: 4800 });
  });

  it('ignores malformed messages', () => {
    const p = make('parley-player', 24_000);
    for (const bad of [
      null,
      3,
      'x',
      { type: 'chunk' },
      { type: 'chunk', itemId: 5, samples: [] },
    ]) {
      expect(() => p.port.send(bad)).not.toThrow();
    }
    expect(render(p, 1)[0]?.every((v) => v === 0)).toBe(true);
  });
});
