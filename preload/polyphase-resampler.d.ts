/** Types for polyphase-resampler.js (plain JS so AudioWorklets can import it). */
export declare class PolyphaseResampler {
  /** @param outputRate defaults to 24000; @param attenuationDb defaults to 70. */
  constructor(inputRate: number, outputRate?: number, attenuationDb?: number);
  readonly inputRate: number;
  readonly outputRate: number;
  /** Later input samples each output waits for (zero group delay; 0 when rates match). */
  readonly lookaheadSamples: number;
  /** The filter's phases; shared (read-only) by every stream of the same rates. */
  readonly phases: readonly Float32Array[];
  /** Forgets all history. */
  reset(): void;
  /** Resamples the next chunk; returns the outputs computable so far. */
  process(input: Float32Array): Float32Array;
  /** Ends the stream, returns the last outputs, resets. */
  flush(): Float32Array;
}
