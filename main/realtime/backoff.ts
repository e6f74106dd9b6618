/** Options of {@link ReconnectBackoff}; the defaults: 250 ms doubling to 8 s, with jitter. */
export interface BackoffOptions {
  /** First delay before jitter; default 250 ms. */
  baseMs?: number;
  /** Cap of the doubling; default 8,000 ms. */
  maxMs?: number;
  /**
   * Share of the nominal delay that jitter may take off, 0..1; default 0.25, so a delay lies in
   * [0.75 × nominal, nominal]. Jitter only shortens, so the cap is never exceeded.
   */
  jitterRatio?: number;
  /** Uniform random in [0, 1); injected for tests. Default `Math.random`. */
  random?: () => number;
}

/**
 * Reconnect delay schedule: 250 ms doubling to an 8 s cap, each delay jittered so many
 * clients dropped at once do not reconnect in lockstep; {@link reset} after a success.
 */
export class ReconnectBackoff {
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly jitterRatio: number;
  private readonly random: () => number;
  private attempt = 0;

  constructor(options: BackoffOptions = {}) {
    this.baseMs = Math.max(0, options.baseMs ?? 250);
    this.maxMs = Math.max(this.baseMs, options.maxMs ?? 8_000);
    this.jitterRatio = Math.min(1, Math.max(0, options.jitterRatio ?? 0.25));
    this.random = options.random ?? Math.random;
  }

  /** Delays handed out since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The nominal (un-jittered) delay of the next attempt. */
  nominal(): number {
    // Clamp the exponent so a long outage cannot overflow to Infinity.
    return Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.attempt, 30));
  }

  /** The delay before the next attempt, in ms; advances the schedule. */
  next(): number {
    const nominal = this.nominal();
    this.attempt++;
    const r = Math.min(1, Math.max(0, this.random()));
    return Math.round(nominal * (1 - this.jitterRatio * r));
  }

  /** Back to the first delay (call once a connection succeeds). */
  reset(): void {
    this.attempt = 0;
  }
}
