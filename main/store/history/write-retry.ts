import { describeFailure, type HistoryFailure } from './sqlite-failure';

/** How long to wait between retries of a failing write. */
export interface RetryDelays {
  first: number;
  max: number;
}

/**
 * Whether writes are failing, why, and when to try again: the wait doubles on each failure up
 * to `max`, and only a new kind of failure is worth telling the user about again.
 */
export class WriteRetry {
  private failure: HistoryFailure | null = null;
  private wait = 0;

  constructor(private readonly delays: RetryDelays) {}

  get failing(): boolean {
    return this.failure !== null;
  }

  /** Milliseconds until the next try. */
  get delayMs(): number {
    return this.wait;
  }

  /** The sentence for the UI while writes fail; null when they succeed. */
  get message(): string | null {
    return this.failure && `History could not be saved: ${describeFailure(this.failure)}.`;
  }

  /** A write failed; true when this is news (writes were fine, or failed differently). */
  failed(failure: HistoryFailure): boolean {
    const news = this.failure?.tag !== failure.tag;
    this.wait = this.failure ? Math.min(this.delays.max, this.wait * 2) : this.delays.first;
    this.failure = failure;
    return news;
  }

  /** A write succeeded; true when writes had been failing. */
  succeeded(): boolean {
    const was = this.failure !== null;
    this.failure = null;
    return was;
  }
}
