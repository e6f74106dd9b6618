import { int16ToFloat } from '../audio/pcm16';

/** Mono PCM at its own rate. */
export interface SynthesizedSpeech {
  samples: Float32Array;
  sampleRate: number;
}

/** Parses a PCM16 mono WAV (the `fmt ` and `data` chunks). */
export function parseWav(bytes: Uint8Array): SynthesizedSpeech {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    throw new Error('not a WAV file');
  }
  let sampleRate = 0;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = tag(at);
    // Streamed WAVs write a placeholder size: the data chunk runs to the end then.
    const size = Math.min(view.getUint32(at + 4, true), bytes.length - at - 8);
    if (id === 'fmt ') {
      const bits = view.getUint16(at + 22, true);
      const channels = view.getUint16(at + 10, true);
      if (bits !== 16 || channels !== 1) throw new Error(`WAV is ${bits}-bit, ${channels} ch`);
      sampleRate = view.getUint32(at + 12, true);
    } else if (id === 'data') {
      if (sampleRate === 0) throw new Error('WAV data before its format');
      const pcm = new Int16Array(size >> 1);
      for (let i = 0; i < pcm.length; i++) pcm[i] = view.getInt16(at + 8 + i * 2, true);
      return { samples: int16ToFloat(pcm), sampleRate };
    }
    at += 8 + size + (size & 1);
  }
  throw new Error('WAV has no data chunk');
}
