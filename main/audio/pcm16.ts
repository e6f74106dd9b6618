/**
 * PCM16 helpers: Float32 ↔ Int16 sample conversion, little-endian bytes ↔ base64 (the wire
 * format of `input_audio_buffer.append` and output audio deltas), and sample/ms arithmetic.
 */

/** The realtime API's PCM rate: mono, 24 kHz. */
export const PCM16_RATE = 24_000;
/** One capture frame lasts 20 ms. */
export const FRAME_MS = 20;
/** Samples in one 20 ms frame at 24 kHz. */
export const FRAME_SAMPLES = (PCM16_RATE * FRAME_MS) / 1000;

/** Full scale of the symmetric mapping: ±1.0 ↔ ±32767 (−32768 decodes to −1.0 too). */
const FULL_SCALE = 32_767;

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Round half away from zero, so +x and −x map to mirrored integers. */
function roundSymmetric(x: number): number {
  return x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5);
}

/**
 * Converts float samples to Int16: clamped to [−1, 1] (NaN → 0), scaled by 32767 and rounded
 * half away from zero, so the mapping is symmetric around 0.
 */
export function floatToInt16(input: Float32Array): Int16Array {
  const out = new Int16Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const v = input[i] ?? 0;
    const clamped = v > 1 ? 1 : v < -1 ? -1 : v === v ? v : 0;
    out[i] = roundSymmetric(clamped * FULL_SCALE);
  }
  return out;
}

/** Converts Int16 samples to floats in [−1, 1] (the inverse of {@link floatToInt16}). */
export function int16ToFloat(input: Int16Array): Float32Array {
  const out = new Float32Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const v = (input[i] ?? 0) / FULL_SCALE;
    out[i] = v < -1 ? -1 : v;
  }
  return out;
}

/** Serialises Int16 samples as little-endian bytes (a copy, whatever the host's endianness). */
export function int16ToBytesLE(samples: Int16Array): Uint8Array {
  if (HOST_IS_LITTLE_ENDIAN) {
    return new Uint8Array(
      samples.buffer.slice(samples.byteOffset, samples.byteOffset + samples.byteLength),
    );
  }
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i] ?? 0, true);
  return out;
}

/**
 * Parses little-endian PCM16 bytes. A trailing odd byte (half a sample, which a well-formed
 * delta never has) is ignored rather than thrown on: bad wire input must not end a session.
 * On a little-endian host with `bytes` at an even offset the result is a view of the same
 * memory (no copy), so it changes with `bytes`.
 */
export function bytesLEToInt16(bytes: Uint8Array): Int16Array {
  const count = bytes.length >> 1;
  if (HOST_IS_LITTLE_ENDIAN) {
    if (bytes.byteOffset % 2 === 0) return new Int16Array(bytes.buffer, bytes.byteOffset, count);
    // An odd offset cannot back an Int16Array: copy into a fresh, aligned buffer.
    const copy = new Uint8Array(count * 2);
    copy.set(bytes.subarray(0, count * 2));
    return new Int16Array(copy.buffer);
  }
  const out = new Int16Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 2);
  for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

/** Encodes Int16 samples as base64 of their little-endian bytes (`input_audio_buffer.append`). */
export function encodePcm16Base64(samples: Int16Array): string {
  // The samples' memory already holds little-endian bytes: encode it in place, no copy.
  if (HOST_IS_LITTLE_ENDIAN) {
    return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString('base64');
  }
  const bytes = int16ToBytesLE(samples);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Decodes a base64 PCM16 LE payload (an output audio delta). Invalid base64 characters are
 * skipped by Node's decoder; an odd trailing byte is ignored (see {@link bytesLEToInt16}).
 */
export function decodePcm16Base64(base64: string): Int16Array {
  const buf = Buffer.from(base64, 'base64');
  return bytesLEToInt16(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
}

/** Duration in milliseconds of `samples` at `sampleRate` (not rounded). */
export function samplesToMs(samples: number, sampleRate: number = PCM16_RATE): number {
  return (samples * 1000) / sampleRate;
}
