import type { Clock, TimerHandle } from '../base/clock';

/**
 * What the transcript says about the user's words for a held handoff:
 * - `final`: the latest undelivered user entry was finalised by a `done`/`completed` (strong);
 * - `partial`: undelivered user words arrived as deltas, but no `done` yet (weak);
 * - `none`: no undelivered user words at all (transcription has not caught up yet).
 */
export type UserEvidence = 'final' | 'partial' | 'none';

/** Why a window ended. `settled`/`cap` come from the clock; the rest end it early. */
export type SettleReason = 'settled' | 'cap' | 'next_handoff' | 'closed' | 'socket_replaced';

/** How a window ended. */
export interface SettleOutcome {
  reason: SettleReason;
  /** Milliseconds from the handoff to the routing decision. */
  waitedMs: number;
  /** The evidence when it ended. */
  evidence: UserEvidence;
}

/**
 * Tuning of the settle rule. The quiet gap is measured from the later of the handoff and the
 * last transcript delta (user or assistant); which gap applies depends on the evidence.
 */
export interface SettleWindowOptions {
  /** Quiet gap when the user's entry was finalised (strong evidence). Default 250 ms. */
  finalQuietMs?: number;
  /**
   * Quiet gap when user deltas arrived but no `done` (weak evidence). Default 1,000 ms, i.e. the
   * cap: the handoff benchmark showed any shorter gap loses words the fixed grace catches.
   */
  partialQuietMs?: number;
  /** Quiet gap when no user words arrived at all. Default `Infinity`: wait for the cap. */
  emptyQuietMs?: number;
  /** Never hold a handoff longer than this. Default 1,000 ms (the fixed grace of Codex V1). */
  maxMs?: number;
}

/** Parley's rule: fast on a `completed`, cautious on a quiet gap alone. */
export const DEFAULT_SETTLE: Readonly<Required<SettleWindowOptions>> = {
  finalQuietMs: 250,
  partialQuietMs: 1_000,
  emptyQuietMs: Number.POSITIVE_INFINITY,
  maxMs: 1_000,
};

/**
 * Codex V1's fixed 1 s grace (`V1_HANDOFF_DELEGATION_GRACE`) expressed in the same terms, so a
 * benchmark can compare both rules on one corpus. Also the strictest choice: it never routes
 * before the cap, so it can never lose a word the fixed grace would have caught.
 */
export const FIXED_GRACE_SETTLE: Readonly<Required<SettleWindowOptions>> = {
  finalQuietMs: 1_000,
  partialQuietMs: 1_000,
  emptyQuietMs: 1_000,
  maxMs: 1_000,
};

/** The inputs of {@link settleDeadline}. */
export interface SettleState {
  /** When the handoff arrived. */
  openedAt: number;
  /** When the last transcript delta arrived, if any did (one before the handoff counts as none). */
  lastDeltaAt: number | null;
  evidence: UserEvidence;
}

/** The time a window in `state` settles, unless new transcript activity moves it. Pure. */
export function settleDeadline(
  state: SettleState,
  options: Readonly<Required<SettleWindowOptions>> = DEFAULT_SETTLE,
): number {
  const quiet = quietFor(state.evidence, options);
  const from = Math.max(state.openedAt, state.lastDeltaAt ?? state.openedAt);
  return Math.min(from + quiet, state.openedAt + options.maxMs);
}

function quietFor(evidence: UserEvidence, options: Required<SettleWindowOptions>): number {
  if (evidence === 'final') return options.finalQuietMs;
  if (evidence === 'partial') return options.partialQuietMs;
  return options.emptyQuietMs;
}

/** Fills the defaults of {@link SettleWindowOptions}. */
export function resolveSettleOptions(
  options: SettleWindowOptions = {},
): Readonly<Required<SettleWindowOptions>> {
  return { ...DEFAULT_SETTLE, ...options };
}

/**
 * Holds one handoff's routing decision until the transcript has settled. It
 * only delays a decision: it never holds events, so audio keeps flowing. The owner reports
 * transcript activity with {@link noteTranscript}; the window calls `onSettle` exactly once —
 * from a timer, synchronously from `noteTranscript` when new evidence shows it already settled,
 * or from {@link end} (a close or another handoff).
 */
export class SettleWindow {
  /** When the handoff arrived. */
  readonly openedAt: number;
  /** Deltas before the handoff do not count: the quiet gap starts at the handoff at the earliest. */
  private lastDeltaAt: number | null = null;
  private evidence: UserEvidence;
  private timer: TimerHandle | null = null;
  private open = true;
  private readonly options: Readonly<Required<SettleWindowOptions>>;

  /**
   * @param clock time source
   * @param onSettle called once when the window ends
   * @param evidence the evidence when the handoff arrived
   */
  constructor(
    private readonly clock: Clock,
    private readonly onSettle: (outcome: SettleOutcome) => void,
    evidence: UserEvidence,
    options: SettleWindowOptions = {},
  ) {
    this.options = resolveSettleOptions(options);
    this.openedAt = clock.now();
    this.evidence = evidence;
    this.arm(this.deadline - this.openedAt);
  }

  /** True until the window has ended. */
  get isOpen(): boolean {
    return this.open;
  }

  /** When the window will settle if nothing else arrives. */
  get deadline(): number {
    const state = {
      openedAt: this.openedAt,
      lastDeltaAt: this.lastDeltaAt,
      evidence: this.evidence,
    };
    return settleDeadline(state, this.options);
  }

  /** A transcript event arrived: `delta` when it was a delta, and the evidence after it. */
  noteTranscript(delta: boolean, evidence: UserEvidence): void {
    if (!this.open) return;
    if (delta) this.lastDeltaAt = this.clock.now();
    this.evidence = evidence;
    const wait = this.deadline - this.clock.now();
    if (wait <= 0) this.finish(this.timedReason());
    else this.arm(wait);
  }

  /** Ends the window now (a close, a socket replacement or another handoff). */
  end(reason: SettleReason): void {
    if (this.open) this.finish(reason);
  }

  /** Cancels the timer without settling. Idempotent. */
  dispose(): void {
    this.open = false;
    this.clearTimer();
  }

  private arm(waitMs: number): void {
    this.clearTimer();
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        if (!this.open) return;
        const wait = this.deadline - this.clock.now();
        if (wait <= 0) this.finish(this.timedReason());
        else this.arm(wait);
      },
      Math.max(0, waitMs),
    );
  }

  /** `cap` when the quiet rule alone would have waited longer than the cap allowed. */
  private timedReason(): SettleReason {
    const quiet = quietFor(this.evidence, this.options);
    const from = Math.max(this.openedAt, this.lastDeltaAt ?? this.openedAt);
    return from + quiet > this.openedAt + this.options.maxMs ? 'cap' : 'settled';
  }

  private finish(reason: SettleReason): void {
    this.open = false;
    this.clearTimer();
    const outcome = { reason, waitedMs: this.clock.now() - this.openedAt, evidence: this.evidence };
    this.onSettle(outcome);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
