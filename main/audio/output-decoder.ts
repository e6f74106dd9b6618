/**
 * Server audio deltas → PCM16 mono 24 kHz, the one format the renderer player, the playback
 * ledger and `audio_end_ms` work in. V2 sends 24 kHz mono; V1 may send 48 kHz and more than one
 * channel (interleaved), which is averaged to mono and resampled with one streaming resampler per
 * item (so chunk boundaries stay seamless), flushed when the item's audio ends.
 */
import { decodePcm16Base64, floatToInt16, int16ToFloat, PCM16_RATE } from './pcm16';
import { StreamingResampler } from './resampler';

/** The audio fields of an `audio_out` event. */
export interface AudioDelta {
  /** base64 PCM16 little-endian, channels interleaved */
  data: string;
  sampleRate: number;
  channels: number;
}

/**
 * The rates real servers send. Anything else is a reported, dropped delta: an arbitrary rate
 * would need a polyphase filter of up to 24,000 phases, seconds of CPU and hundreds of MB.
 */
export const OUTPUT_RATES: ReadonlySet<number> = new Set([
  8_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000,
]);
const MAX_CHANNELS = 8;

/** A delta that could not be used, and why. */
export interface DecodeRejection {
  rejected: string;
}

/** Averages interleaved channels to mono floats. */
export function downmixToMono(interleaved: Int16Array, channels: number): Float32Array {
  const frames = Math.floor(interleaved.length / channels);
  const out = new Float32Array(frames);
  const scale = 1 / (channels * 32_767);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += interleaved[f * channels + c] ?? 0;
    out[f] = Math.max(-1, sum * scale);
  }
  return out;
}

/** Decodes deltas per item, keeping each item's resampler state between deltas. */
export class OutputDecoder {
  private readonly resamplers = new Map<string, StreamingResampler>();

  /** Decodes one delta of `itemId` to 24 kHz mono (possibly empty while the resampler fills). */
  decode(itemId: string, delta: AudioDelta): Int16Array | DecodeRejection {
    const { sampleRate, channels } = delta;
    if (!OUTPUT_RATES.has(sampleRate)) {
      return { rejected: `unsupported sample rate ${sampleRate} Hz` };
    }
    if (!Number.isInteger(channels) || channels < 1 || channels > MAX_CHANNELS) {
      return { rejected: `channels ${channels}` };
    }
    const pcm = decodePcm16Base64(delta.data);
    if (channels === 1 && sampleRate === PCM16_RATE) return pcm;
    const mono = channels === 1 ? int16ToFloat(pcm) : downmixToMono(pcm, channels);
    if (sampleRate === PCM16_RATE) return floatToInt16(mono);
    return floatToInt16(this.resamplerFor(itemId, sampleRate).process(mono));
  }

  /** The item's audio ended: returns the resampler's held-back tail (null when there is none). */
  end(itemId: string): Int16Array | null {
    const resampler = this.resamplers.get(itemId);
    this.resamplers.delete(itemId);
    if (!resampler) return null;
    const tail = resampler.flush();
    return tail.length > 0 ? floatToInt16(tail) : null;
  }

  /** Forgets an item's state without output (barge-in). */
  drop(itemId: string): void {
    this.resamplers.delete(itemId);
  }

  /** Forgets every item (a new session). */
  clear(): void {
    this.resamplers.clear();
  }

  /** Items with resampler state (for tests and diagnostics). */
  get openItems(): number {
    return this.resamplers.size;
  }

  private resamplerFor(itemId: string, inputRate: number): StreamingResampler {
    let resampler = this.resamplers.get(itemId);
    if (resampler && resampler.inputRate !== inputRate) {
      // A rate change mid-item is a new stream; the old tail (~1 ms) is not worth splicing in.
      resampler = undefined;
    }
    if (!resampler) {
      resampler = new StreamingResampler({ inputRate, outputRate: PCM16_RATE });
      this.resamplers.set(itemId, resampler);
    }
    return resampler;
  }
}
