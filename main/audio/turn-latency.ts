import type { Clock } from '../base/clock';

/** Played samples per millisecond (24 kHz). */
const SAMPLES_PER_MS = 24;
/** Items remembered as "already playing" (older ones are long finished). */
const REMEMBERED_ITEMS = 64;

/**
 * Last-turn latency: from the end of the user's speech (the server's `speech_stopped`, or the
 * talk key let go) to the first assistant audio actually played, as the player's played reports
 * say. The report arrives after some samples have played; their duration is taken off.
 */
export class TurnLatency {
  private speechEndedAt: number | null = null;
  private readonly seen: string[] = [];

  constructor(private readonly clock: Clock) {}

  /** The user stopped speaking: the next new item that plays ends the measurement. */
  speechEnded(): void {
    this.speechEndedAt = this.clock.now();
  }

  /** A played report; returns the latency (ms) when it completes a measurement, else null. */
  played(report: { itemId: string; playedSamples: number }): number | null {
    if (report.playedSamples <= 0) return null;
    const known = this.seen.includes(report.itemId);
    if (!known) {
      this.seen.push(report.itemId);
      if (this.seen.length > REMEMBERED_ITEMS) this.seen.shift();
    }
    if (this.speechEndedAt === null || known) return null;
    const startedAt = this.clock.now() - report.playedSamples / SAMPLES_PER_MS;
    const latency = Math.max(0, Math.round(startedAt - this.speechEndedAt));
    this.speechEndedAt = null;
    return latency;
  }

  /** A new session: nothing pending. */
  reset(): void {
    this.speechEndedAt = null;
  }
}
