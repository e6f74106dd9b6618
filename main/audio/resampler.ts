/**
 * The streaming resampler for main (server audio → 24 kHz): the shared polyphase windowed-sinc
 * design in preload/polyphase-resampler.js, which the renderer's worklets use too.
 *
 * Output audio decision: main normalises every server audio delta to 24 kHz (V1 may send
 * 48 kHz; one resampler per assistant item, flushed at the item's audio end), so the renderer
 * player, the playback ledger and `audio_end_ms` all work at one rate.
 */
import { PolyphaseResampler } from '../../preload/polyphase-resampler.js';
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

/**
 * A stateful resampler for one continuous mono stream. Use one instance per stream (per
 * assistant item); `reset()` before reusing it for another.
 */
export class StreamingResampler extends PolyphaseResampler {
  constructor(options: ResamplerOptions) {
    super(options.inputRate, options.outputRate ?? PCM16_RATE, options.attenuationDb ?? 70);
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
