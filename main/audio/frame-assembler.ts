import { FRAME_SAMPLES } from './pcm16';

/**
 * Cuts a stream of arbitrary-length PCM16 chunks into exact fixed-size frames (20 ms = 480
 * samples at 24 kHz by default), carrying the remainder to the next chunk.
 */
export class FrameAssembler {
  private readonly pending: Int16Array;
  private pendingLength = 0;

  /** @param frameSamples samples per emitted frame; a positive integer. */
  constructor(readonly frameSamples: number = FRAME_SAMPLES) {
    if (!Number.isInteger(frameSamples) || frameSamples < 1) {
      throw new RangeError(`Frame size must be a positive integer, got ${frameSamples}.`);
    }
    this.pending = new Int16Array(frameSamples);
  }

  /** Samples held back, waiting for enough to fill a frame (always < frameSamples). */
  get pendingSamples(): number {
    return this.pendingLength;
  }

  /** Adds a chunk and returns every frame it completes (each a fresh, independent array). */
  push(chunk: Int16Array): Int16Array[] {
    const frames: Int16Array[] = [];
    let offset = 0;
    if (this.pendingLength > 0) {
      const take = Math.min(this.frameSamples - this.pendingLength, chunk.length);
      this.pending.set(chunk.subarray(0, take), this.pendingLength);
      this.pendingLength += take;
      offset = take;
      if (this.pendingLength < this.frameSamples) return frames;
      frames.push(this.pending.slice());
      this.pendingLength = 0;
    }
    while (chunk.length - offset >= this.frameSamples) {
      frames.push(chunk.slice(offset, offset + this.frameSamples));
      offset += this.frameSamples;
    }
    const rest = chunk.length - offset;
    if (rest > 0) {
      this.pending.set(chunk.subarray(offset), 0);
      this.pendingLength = rest;
    }
    return frames;
  }

  /**
   * Returns the held-back remainder and empties the assembler; `null` when nothing is held.
   * With `padToFrame`, the remainder is zero-padded to a whole frame (silence at the end).
   */
  flush(padToFrame = false): Int16Array | null {
    if (this.pendingLength === 0) return null;
    const out = padToFrame ? new Int16Array(this.frameSamples) : new Int16Array(this.pendingLength);
    out.set(this.pending.subarray(0, this.pendingLength));
    this.pendingLength = 0;
    return out;
  }

  /** Drops any held-back samples (e.g. on `input_audio_buffer.clear`). */
  reset(): void {
    this.pendingLength = 0;
  }
}
