import { describe, expect, it } from 'vitest';
import { resample, StreamingResampler } from '../../../main/audio/resampler';
import { PolyphaseResampler } from '../../../preload/polyphase-resampler.js';

interface Streamer {
  process(input: Float32Array): Float32Array;
  flush(): Float32Array;
  readonly lookaheadSamples: number;
}

// One shared resampler, used through main's typed wrapper and directly by the worklets: both must meet the bar.
const implementations: [string, (inputRate: number, outputRate: number) => Streamer][] = [
  ['StreamingResampler (main)', (i, o) => new StreamingResampler({ inputRate: i, outputRate: o })],
  ['PolyphaseResampler (worklet)', (i, o) => new PolyphaseResampler(i, o)],
];

const ODD_CHUNKS = [1, 7, 127, 333, 1009, 4801, 2, 641];

function tone(freq: number, rate: number, seconds: number, amplitude = 0.5): Float32Array {
  const n = Math.round(rate * seconds);
  return new Float32Array(n).map((_, i) => amplitude * Math.sin((2 * Math.PI * freq * i) / rate));
}

function runChunked(r: Streamer, input: Float32Array, sizes = ODD_CHUNKS): Float32Array {
  const parts: Float32Array[] = [];
  for (let at = 0, k = 0; at < input.length; k++) {
    const size = sizes[k % sizes.length] as number;
    parts.push(r.process(input.subarray(at, at + size)));
    at += size;
  }
  parts.push(r.flush());
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Frequency from interpolated rising zero crossings between `from` and `to`. */
function zeroCrossingFrequency(x: Float32Array, rate: number, from: number, to: number): number {
  const crossings: number[] = [];
  for (let i = from + 1; i < to; i++) {
    const a = x[i - 1] as number;
    const b = x[i] as number;
    if (a < 0 && b >= 0) crossings.push(i - 1 + a / (a - b));
  }
  const first = crossings[0] as number;
  const last = crossings[crossings.length - 1] as number;
  return ((crossings.length - 1) * rate) / (last - first);
}

/** Amplitude of the `freq` component by least-squares projection (window of whole periods). */
function amplitudeAt(
  x: Float32Array,
  freq: number,
  rate: number,
  from: number,
  to: number,
): number {
  let s = 0;
  let c = 0;
  for (let i = from; i < to; i++) {
    const w = (2 * Math.PI * freq * i) / rate;
    s += (x[i] as number) * Math.sin(w);
    c += (x[i] as number) * Math.cos(w);
  }
  return (2 * Math.hypot(s, c)) / (to - from);
}

function rms(x: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (x[i] as number) ** 2;
  return Math.sqrt(sum / (to - from));
}

describe.each(implementations)('%s', (_name, make) => {
  it('48 kHz → 24 kHz keeps a 1 kHz sine: frequency, amplitude, phase, length', () => {
    const out = runChunked(make(48_000, 24_000), tone(1000, 48_000, 1));
    expect(out.length).toBe(24_000);
    const [from, to] = [1200, 22_800]; // skip the abrupt start and end; whole periods
    expect(zeroCrossingFrequency(out, 24_000, from, to)).toBeCloseTo(1000, 1); // ±0.05 Hz
    expect(Math.abs(amplitudeAt(out, 1000, 24_000, from, to) / 0.5 - 1)).toBeLessThan(0.002);
    // Zero group delay: it matches the ideal 24 kHz sine sample for sample.
    const ideal = tone(1000, 24_000, 1);
    let worst = 0;
    for (let i = from; i < to; i++)
      worst = Math.max(worst, Math.abs((out[i] as number) - (ideal[i] as number)));
    expect(worst).toBeLessThan(1e-3);
  });

  it('has no discontinuities at chunk boundaries (chunked = one-shot, bounded slope)', () => {
    const input = tone(1000, 48_000, 0.5);
    const chunked = runChunked(make(48_000, 24_000), input);
    const whole = runChunked(make(48_000, 24_000), input, [input.length]);
    expect(chunked.length).toBe(whole.length);
    for (let i = 0; i < whole.length; i++) {
      if (Math.abs((chunked[i] as number) - (whole[i] as number)) > 1e-6) {
        throw new Error(`chunked output differs at ${i}`);
      }
    }
    // A continuous 0.5-amplitude 1 kHz sine at 24 kHz never moves more than 0.5·2π·1000/24000.
    const bound = 0.5 * 2 * Math.sin((Math.PI * 1000) / 24_000) * 1.01;
    for (let i = 600; i < chunked.length - 600; i++) {
      const jump = Math.abs((chunked[i] as number) - (chunked[i - 1] as number));
      if (jump > bound) throw new Error(`jump ${jump} > ${bound} at ${i}`);
    }
  });

  it.each([11_000, 13_000, 18_000, 23_000])(
    'attenuates a %i Hz tone at 48 kHz by more than 40 dB (no alias below 12 kHz)',
    (freq) => {
      const out = runChunked(make(48_000, 24_000), tone(freq, 48_000, 0.5));
      const level = rms(out, 1200, out.length - 1200) / (0.5 / Math.SQRT2);
      expect(20 * Math.log10(level)).toBeLessThan(-40);
    },
  );

  it.each([100, 3000, 8000, 9000])('passes %i Hz at 48 kHz flat within 0.1 dB', (freq) => {
    const out = runChunked(make(48_000, 24_000), tone(freq, 48_000, 0.5));
    const gain = amplitudeAt(out, freq, 24_000, 1200, 10_800) / 0.5;
    expect(Math.abs(20 * Math.log10(gain))).toBeLessThan(0.1);
  });

  it.each([44_100, 16_000, 24_000])('%i Hz → 24 kHz keeps a 1 kHz sine', (rate) => {
    const out = runChunked(make(rate, 24_000), tone(1000, rate, 1));
    expect(out.length).toBe(24_000);
    expect(zeroCrossingFrequency(out, 24_000, 1200, 22_800)).toBeCloseTo(1000, 1);
    expect(Math.abs(amplitudeAt(out, 1000, 24_000, 1200, 22_800) / 0.5 - 1)).toBeLessThan(0.002);
  });

  it('44.1 kHz → 24 kHz rejects content above 12 kHz', () => {
    const out = runChunked(make(44_100, 24_000), tone(15_000, 44_100, 0.5));
    expect(20 * Math.log10(rms(out, 1200, out.length - 1200) / (0.5 / Math.SQRT2))).toBeLessThan(
      -40,
    );
  });

  it('16 kHz → 24 kHz does not create images above the input Nyquist', () => {
    const out = runChunked(make(16_000, 24_000), tone(5000, 16_000, 0.5));
    // The image of 5 kHz would sit at 11 kHz.
    expect(amplitudeAt(out, 11_000, 24_000, 1200, 10_800) / 0.5).toBeLessThan(0.01);
  });

  it('is linear-phase with zero delay: an impulse stays centred on its output position', () => {
    const input = new Float32Array(9600);
    input[4800] = 1;
    const out = runChunked(make(48_000, 24_000), input);
    let peak = 0;
    for (let i = 0; i < out.length; i++)
      if (Math.abs(out[i] as number) > Math.abs(out[peak] as number)) peak = i;
    expect(peak).toBe(2400);
    for (let d = 1; d < 40; d++) expect(out[2400 - d]).toBeCloseTo(out[2400 + d] as number, 6);
  });

  it('outputs ⌈n·out/in⌉ samples for any input length', () => {
    for (const [rate, n] of [
      [48_000, 1],
      [48_000, 1001],
      [44_100, 441],
      [44_100, 1000],
      [16_000, 7],
    ] as const) {
      const out = runChunked(make(rate, 24_000), new Float32Array(n).fill(0.25));
      expect(out.length).toBe(Math.ceil((n * 24_000) / rate));
    }
  });
});

describe('StreamingResampler', () => {
  it('documents its look-ahead (zero group delay, ~1.1 ms of latency at 48 kHz)', () => {
    const r = new StreamingResampler({ inputRate: 48_000 });
    expect(r.outputRate).toBe(24_000);
    expect(r.lookaheadSamples / 48).toBeLessThan(1.5);
    expect(new StreamingResampler({ inputRate: 24_000 }).lookaheadSamples).toBe(0);
  });

  it('can be reused after flush and reset', () => {
    const r = new StreamingResampler({ inputRate: 48_000 });
    const a = runChunked(r, tone(1000, 48_000, 0.1));
    const b = runChunked(r, tone(1000, 48_000, 0.1));
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('resample() does a whole buffer', () => {
    expect(resample(tone(1000, 48_000, 0.1), 48_000).length).toBe(2400);
  });

  it('rejects non-integer rates', () => {
    expect(() => new StreamingResampler({ inputRate: 44_100.5 })).toThrow(RangeError);
  });
});

describe('shared filter designs', () => {
  it('streams of one rate share one read-only filter; other rates get their own', () => {
    const a = new StreamingResampler({ inputRate: 44_100 });
    const b = new StreamingResampler({ inputRate: 44_100 });
    const c = new StreamingResampler({ inputRate: 48_000 });
    expect(a.phases).toBe(b.phases);
    expect(a.phases).not.toBe(c.phases);
  });
});
