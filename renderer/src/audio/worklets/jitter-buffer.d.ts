/** Types for jitter-buffer.js (plain JS so the player AudioWorklet can import it). */

/** Cumulative samples of one item played, in source samples. */
export interface PlayedReport {
  itemId: string;
  playedSamples: number;
}

/** Options for {@link JitterBuffer}. */
export interface JitterBufferOptions {
  /** Samples an item needs buffered before it starts (unless ended); default 1920 (80 ms @ 24 kHz). */
  startThreshold?: number;
  /** sourceRate / playbackRate, for reporting in source samples; default 1. */
  reportRatio?: number;
}

/** Per-item FIFO jitter buffer with start threshold, underrun counting and played reports. */
export declare class JitterBuffer {
  constructor(options?: JitterBufferOptions);
  readonly startThreshold: number;
  /** Times a started item ran dry before its end. */
  readonly underruns: number;
  readonly bufferedSamples: number;
  readonly currentItemId: string | null;
  /** Appends audio for an item; `sourceSamples` is its length before rate conversion. */
  push(itemId: string, samples: Float32Array, sourceSamples?: number): void;
  /** Signals that no more audio will come for the item. */
  end(itemId: string): void;
  /** Fills `out` completely with queued audio, then silence. */
  read(out: Float32Array): void;
  /** Clears everything; returns the final played reports. */
  stop(): PlayedReport[];
  /** Changed reports since the last call plus the current item's. */
  takeReports(): PlayedReport[];
  /** Items whose first sample was played since the last call, at `offset` of that read's `out`. */
  takeStarts(): readonly { itemId: string; offset: number }[];
}
