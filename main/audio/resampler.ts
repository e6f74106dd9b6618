/**
 * Streaming polyphase windowed-sinc resampler (Kaiser window), any rational rate → 24 kHz.
 *
 * - Anti-aliasing: the low-pass passes up to 5/6 of the narrower Nyquist minus half the
 *   transition band and stops from 11/12 of it (48 kHz → 24 kHz: flat to 9 kHz, ≥ 70 dB down from
 *   11 kHz), so nothing above the output Nyquist folds back audibly.
 * - Streaming: input history is kept across {@link StreamingResampler.process} calls, so chunk
 *   boundaries are invisible (chunked output equals one-shot output to float precision).
 * - Group delay: zero. The filter is linear-phase and centred: output sample n sits exactly at
 *   input time n·inRate/outRate. The price is look-ahead: each output waits for
 *   {@link StreamingResampler.lookaheadSamples} later input samples (52 at 48 kHz ≈ 1.1 ms), which
 *   {@link StreamingResampler.flush} releases at the end of a stream by padding with silence.
 *
 * Output audio decision: main normalises every server audio delta to 24 kHz (V1 may send
 * 48 kHz; one resampler per assistant item, flushed at the item's audio end), so the renderer
 * player, the playback ledger and `audio_end_ms` all work at one rate.
 */
import { PCM16_RATE } from './pcm16';

/** Options for {@link StreamingResampler}. */
export interface ResamplerOptions {
  /** Input sample rate in Hz (a positive integer, e.g. 16000, 44100, 48000). */
  inputRate: number;
  /** Output sample rate in Hz; 24000 unless told. */
  outputRate?: number;
  /** Stopband attenuation of the Kaiser design in dB; 70 unless told. */
  attenuationDb?: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Zeroth-order modified Bessel function of the first kind (power series). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** Kaiser β for a stopband attenuation in dB (Kaiser's empirical formula). */
function kaiserBeta(attenuationDb: number): number {
  if (attenuationDb > 50) return 0.1102 * (attenuationDb - 8.7);
  if (attenuationDb >= 21) {
    return 0.5842 * (attenuationDb - 21) ** 0.4 + 0.07886 * (attenuationDb - 21);
  }
  return 0;
}

/**
 * Builds one tap set per output phase φ ∈ [0, up): taps for input offsets m = −K+1 … K around
 * the integer input position, each set normalised to unity DC gain.
 */
function designPhases(
  inputRate: number,
  outputRate: number,
  up: number,
  attenuationDb: number,
): { phases: Float32Array[]; halfTaps: number } {
  const narrowNyquist = Math.min(inputRate, outputRate) / 2;
  const cutoff = (narrowNyquist * 10) / 12 / inputRate; // cycles per input sample
  const transition = (narrowNyquist * 2) / 12 / inputRate;
  const taps = (attenuationDb - 7.95) / (14.36 * transition);
  const halfTaps = Math.ceil(taps / 2) + 1;
  const beta = kaiserBeta(attenuationDb);
  const i0Beta = besselI0(beta);
  const phases: Float32Array[] = [];
  for (let phase = 0; phase < up; phase++) {
    const set = new Float32Array(2 * halfTaps);
    let sum = 0;
    for (let m = -halfTaps + 1; m <= halfTaps; m++) {
      const tau = phase / up - m;
      const r = tau / halfTaps;
      const window = r * r >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
      const v = 2 * cutoff * sinc(2 * cutoff * tau) * window;
      set[m + halfTaps - 1] = v;
      sum += v;
    }
    for (let k = 0; k < set.length; k++) set[k] = (set[k] ?? 0) / sum;
    phases.push(set);
  }
  return { phases, halfTaps };
}

/**
 * A stateful resampler for one continuous mono stream. Use one instance per stream (per capture
 * session, per assistant item); {@link reset} before reusing it for another.
 */
export class StreamingResampler {
  /** Input rate in Hz. */
  readonly inputRate: number;
  /** Output rate in Hz. */
  readonly outputRate: number;
  /** Later input samples each output needs before it can be computed (0 when passing through). */
  readonly lookaheadSamples: number;
  private readonly up: number;
  private readonly down: number;
  private readonly phases: Float32Array[];
  private buffer: Float32Array;
  private length = 0;
  /** Buffer index of the integer input position of the next output. */
  private cursor = 0;
  private phase = 0;

  constructor(options: ResamplerOptions) {
    const { inputRate, outputRate = PCM16_RATE, attenuationDb = 70 } = options;
    for (const [name, rate] of [
      ['inputRate', inputRate],
      ['outputRate', outputRate],
    ] as const) {
      if (!Number.isInteger(rate) || rate <= 0) {
        throw new RangeError(`${name} must be a positive integer, got ${rate}.`);
      }
    }
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    const g = gcd(inputRate, outputRate);
    this.up = outputRate / g;
    this.down = inputRate / g;
    if (inputRate === outputRate) {
      this.phases = [];
      this.lookaheadSamples = 0;
    } else {
      const design = designPhases(inputRate, outputRate, this.up, attenuationDb);
      this.phases = design.phases;
      this.lookaheadSamples = design.halfTaps;
    }
    this.buffer = new Float32Array(4096);
    this.reset();
  }

  /** Forgets all history, as if newly constructed. */
  reset(): void {
    // Virtual silence before the stream start: K−1 zeros of history.
    const history = Math.max(0, this.lookaheadSamples - 1);
    this.buffer.fill(0, 0, history);
    this.length = history;
    this.cursor = history;
    this.phase = 0;
  }

  /** Resamples the next chunk of the stream; returns what can be computed so far. */
  process(input: Float32Array): Float32Array {
    if (this.phases.length === 0) return input.slice();
    this.append(input);
    return this.drain();
  }

  /**
   * Ends the stream: pads the look-ahead with silence, returns the last outputs, and resets.
   * The total output of a stream is ⌈inputSamples · outRate / inRate⌉ samples.
   */
  flush(): Float32Array {
    if (this.phases.length === 0) return new Float32Array(0);
    const end = this.length;
    this.append(new Float32Array(this.lookaheadSamples));
    const out = this.drain(end);
    this.reset();
    return out;
  }

  private append(input: Float32Array): void {
    const needed = this.length + input.length;
    if (needed > this.buffer.length) {
      const grown = new Float32Array(Math.max(needed, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(input, this.length);
    this.length = needed;
  }

  /** Computes outputs whose look-ahead is available (and whose position is before `end`). */
  private drain(end: number = Number.POSITIVE_INFINITY): Float32Array {
    const k = this.lookaheadSamples;
    const buf = this.buffer;
    const available = Math.max(0, Math.ceil(this.countOutputs(k, end)));
    const out = new Float32Array(available);
    let cursor = this.cursor;
    let phase = this.phase;
    for (let n = 0; n < available; n++) {
      const taps = this.phases[phase] as Float32Array;
      const start = cursor - k + 1;
      let acc = 0;
      for (let t = 0; t < taps.length; t++) acc += (taps[t] as number) * (buf[start + t] as number);
      out[n] = acc;
      phase += this.down;
      cursor += Math.floor(phase / this.up);
      phase %= this.up;
    }
    this.cursor = cursor;
    this.phase = phase;
    this.compact(k);
    return out;
  }

  /** How many outputs fit: positions p with cursor(p) + K < length and cursor(p) < end. */
  private countOutputs(k: number, end: number): number {
    const limit = Math.min(this.length - k, end); // exclusive bound on the integer position
    if (limit <= this.cursor) return 0;
    // Output j sits at (cursor·up + phase + j·down)/up; it fits while that is < limit.
    return (limit * this.up - (this.cursor * this.up + this.phase)) / this.down;
  }

  /** Drops input no future output can reach (anything before cursor − K + 1). */
  private compact(k: number): void {
    const drop = this.cursor - k + 1;
    if (drop <= 0) return;
    this.buffer.copyWithin(0, drop, this.length);
    this.length -= drop;
    this.cursor -= drop;
  }
}

/** Resamples a whole buffer in one go (a fresh stream, flushed). */
export function resample(
  input: Float32Array,
  inputRate: number,
  outputRate = PCM16_RATE,
): Float32Array {
  const r = new StreamingResampler({ inputRate, outputRate });
  const head = r.process(input);
  const tail = r.flush();
  const out = new Float32Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}
