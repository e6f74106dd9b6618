/**
 * Streaming polyphase windowed-sinc (Kaiser) resampler, the one implementation both sides use:
 * plain JS so the AudioWorklets can import it, typed by polyphase-resampler.d.ts for main
 * (main/audio/resampler.ts wraps it for server audio).
 *
 * - Anti-aliasing: flat to 5/6 of the narrower Nyquist minus half the transition band, stopband
 *   from 11/12 of it (48 kHz → 24 kHz: flat to 9 kHz, ≥ 70 dB down from 11 kHz).
 * - Streaming: input history is kept across `process` calls, so chunk boundaries are invisible.
 * - Zero group delay: output n sits at input time n·in/out; each output waits for
 *   `lookaheadSamples` later inputs (52 at 48 kHz ≈ 1.1 ms), which `flush` releases.
 */

function gcd(a, b) {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function besselI0(x) {
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

function sinc(x) {
  return x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
}

/** Kaiser β for a stopband attenuation in dB (Kaiser's empirical formula). */
function kaiserBeta(attenuationDb) {
  if (attenuationDb > 50) return 0.1102 * (attenuationDb - 8.7);
  if (attenuationDb >= 21)
    return 0.5842 * (attenuationDb - 21) ** 0.4 + 0.07886 * (attenuationDb - 21);
  return 0;
}

function designPhases(inputRate, outputRate, up, attenuationDb) {
  const narrowNyquist = Math.min(inputRate, outputRate) / 2;
  const cutoff = (narrowNyquist * 10) / 12 / inputRate;
  const transition = (narrowNyquist * 2) / 12 / inputRate;
  const halfTaps = Math.ceil((attenuationDb - 7.95) / (14.36 * transition) / 2) + 1;
  const beta = kaiserBeta(attenuationDb);
  const i0Beta = besselI0(beta);
  const phases = [];
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
    for (let k = 0; k < set.length; k++) set[k] /= sum;
    phases.push(set);
  }
  return { phases, halfTaps };
}

/** Filter designs by rates and attenuation: streams of one rate share one (it is read-only). */
const designs = new Map();

function sharedDesign(inputRate, outputRate, up, attenuationDb) {
  const key = `${inputRate}:${outputRate}:${attenuationDb}`;
  let design = designs.get(key);
  if (!design) {
    design = designPhases(inputRate, outputRate, up, attenuationDb);
    designs.set(key, design);
  }
  return design;
}

/** One continuous mono stream from `inputRate` to `outputRate` (both positive integers). */
export class PolyphaseResampler {
  constructor(inputRate, outputRate = 24000, attenuationDb = 70) {
    if (
      !Number.isInteger(inputRate) ||
      inputRate <= 0 ||
      !Number.isInteger(outputRate) ||
      outputRate <= 0
    ) {
      throw new RangeError(`Rates must be positive integers, got ${inputRate} → ${outputRate}.`);
    }
    const g = gcd(inputRate, outputRate);
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.up = outputRate / g;
    this.down = inputRate / g;
    const design =
      inputRate === outputRate
        ? { phases: [], halfTaps: 0 }
        : sharedDesign(inputRate, outputRate, this.up, attenuationDb);
    this.phases = design.phases;
    this.lookaheadSamples = design.halfTaps;
    this.buffer = new Float32Array(4096);
    this.reset();
  }

  /** Forgets all history. */
  reset() {
    const history = Math.max(0, this.lookaheadSamples - 1);
    this.buffer.fill(0, 0, history);
    this.length = history;
    this.cursor = history;
    this.phase = 0;
  }

  /** Resamples the next chunk; returns the outputs computable so far. */
  process(input) {
    if (this.phases.length === 0) return input.slice();
    this.append(input);
    return this.drain(Number.POSITIVE_INFINITY);
  }

  /** Ends the stream (pads the look-ahead with silence), returns the last outputs, resets. */
  flush() {
    if (this.phases.length === 0) return new Float32Array(0);
    const end = this.length;
    this.append(new Float32Array(this.lookaheadSamples));
    const out = this.drain(end);
    this.reset();
    return out;
  }

  append(input) {
    const needed = this.length + input.length;
    if (needed > this.buffer.length) {
      const grown = new Float32Array(Math.max(needed, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(input, this.length);
    this.length = needed;
  }

  drain(end) {
    const k = this.lookaheadSamples;
    const limit = Math.min(this.length - k, end);
    const count =
      limit <= this.cursor
        ? 0
        : Math.ceil((limit * this.up - (this.cursor * this.up + this.phase)) / this.down);
    const out = new Float32Array(count);
    const buf = this.buffer;
    let cursor = this.cursor;
    let phase = this.phase;
    for (let n = 0; n < count; n++) {
      const taps = this.phases[phase];
      const start = cursor - k + 1;
      let acc = 0;
      for (let t = 0; t < taps.length; t++) acc += taps[t] * buf[start + t];
      out[n] = acc;
      phase += this.down;
      cursor += Math.floor(phase / this.up);
      phase %= this.up;
    }
    this.cursor = cursor;
    this.phase = phase;
    const drop = cursor - k + 1;
    if (drop > 0) {
      buf.copyWithin(0, drop, this.length);
      this.length -= drop;
      this.cursor -= drop;
    }
    return out;
  }
}
