import type { RealtimeEvent } from '../realtime/realtime-events';
import type { SettleDecision, SettlePolicy, SettleRule } from './settle-policy';

/** Tuning of {@link V1TranscriptEvidence}. */
export interface V1SettleOptions {
  /** Never hold a handoff longer than this: Codex V1's fixed grace. Default 1,000 ms. */
  capMs?: number;
  /** Quiet after the last delta when the user's entry was finalised. Default 250 ms. */
  finalQuietMs?: number;
  /** Added to the largest delta-to-final lag seen to make the learned gap. Default 100 ms. */
  lagMarginMs?: number;
}

/**
 * V1 has no item ids, so it settles on the transcript's own timing. A finalising event for the
 * user's entry (`input_transcript.done`, `…transcription.completed`, `turn_marked`) is strong
 * evidence: route {@link V1SettleOptions.finalQuietMs} after its last delta. With deltas but no
 * finalising event, wait for a quiet gap learned from this session — the largest lag between an
 * utterance's last delta and its finalising event seen so far, plus a margin, at least the
 * final gap; before any utterance was finalised, and with no user words at all, wait for the
 * cap. Never longer than the cap, so it never routes later than Codex's fixed grace.
 */
export class V1TranscriptEvidence implements SettlePolicy {
  private readonly capMs: number;
  private readonly finalQuietMs: number;
  private readonly lagMarginMs: number;
  /** The user's words of the current utterance arrived last at (a delta, else its `done`). */
  private lastWordsAt: number | null = null;
  /** User deltas arrived since the last finalising event. */
  private open = false;
  private lastDeltaAt: number | null = null;
  /** User words arrived since the last routing. */
  private wordsSinceRouted = false;
  private maxLagMs: number | null = null;

  constructor(options: V1SettleOptions = {}) {
    this.capMs = options.capMs ?? 1_000;
    this.finalQuietMs = options.finalQuietMs ?? 250;
    this.lagMarginMs = options.lagMarginMs ?? 100;
  }

  /** The quiet gap learned from this session's finalised utterances, or null before one. */
  get learnedGapMs(): number | null {
    if (this.maxLagMs === null) return null;
    return Math.min(this.capMs, Math.max(this.finalQuietMs, this.maxLagMs + this.lagMarginMs));
  }

  observe(event: RealtimeEvent, now: number): void {
    if (event.type === 'input_transcript_delta') {
      if (event.delta === '') return;
      this.open = true;
      this.lastDeltaAt = now;
      this.lastWordsAt = now;
      this.wordsSinceRouted = true;
    } else if (event.type === 'input_transcript_done') {
      if (this.open && this.lastDeltaAt !== null) {
        this.maxLagMs = Math.max(this.maxLagMs ?? 0, now - this.lastDeltaAt);
      } else if (event.transcript.trim() !== '') {
        this.lastWordsAt = now; // finalised without deltas: the done brought the words
      }
      if (event.transcript.trim() !== '') this.wordsSinceRouted = true;
      this.open = false;
    }
  }

  openWindow(now: number): SettleRule {
    const openedAt = now;
    let quietGapMs: number | null = null;
    const decide = (at: number): SettleDecision => {
      const cap = openedAt + this.capMs;
      if (at >= cap) return { route: true, reason: 'cap' };
      if (!this.wordsSinceRouted || this.lastWordsAt === null) return { route: false, wakeAt: cap };
      quietGapMs = this.open ? this.learnedGapMs : this.finalQuietMs;
      if (quietGapMs === null) return { route: false, wakeAt: cap };
      const deadline = this.lastWordsAt + quietGapMs;
      if (deadline >= cap) return { route: false, wakeAt: cap };
      if (at >= deadline) return { route: true, reason: this.open ? 'quiet_gap' : 'finalised' };
      return { route: false, wakeAt: deadline };
    };
    return { decide, detail: () => ({ waitedFor: [], quietGapMs }) };
  }

  routed(): void {
    this.wordsSinceRouted = false;
  }
}
