/**
 * Clean press/release edges from one talk key's raw down/up reports. A press takes effect at
 * once (the first word and barge-in cannot wait); a release waits out the debounce window, and
 * a press inside that window cancels it, so contact bounce and X11's release+press auto-repeat
 * pairs never end a turn. A second down without an up is key repeat and is ignored. A key
 * forgotten while down (its up was lost) stays `stuck`: downs that keep coming at auto-repeat
 * pace are still repeat, a down after a pause is a new press, and an up clears it.
 */
import type { Clock, TimerHandle } from '../base/clock';

/** Downs closer together than this are auto-repeat (repeat intervals are 25–100 ms). */
const REPEAT_GAP_MS = 500;

/** What {@link KeyEdges.down} made of a down report. */
export type DownOutcome = 'press' | 'repeat' | 'bounce';

/** Options for {@link KeyEdges}. */
export interface KeyEdgesOptions {
  clock: Clock;
  debounceMs: number;
  /** The key went down (clock time of the report). */
  onPress(at: number): void;
  /** The key came up; `at` is when the up was reported, before the debounce wait. */
  onRelease(at: number): void;
}

/** Edge filter of one key. */
export class KeyEdges {
  private phase: 'up' | 'down' | 'releasing' | 'stuck' = 'up';
  private timer: TimerHandle | null = null;
  private lastDownAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: KeyEdgesOptions) {}

  /** Whether the key counts as held (a pending release still counts; a stuck key does not). */
  get isDown(): boolean {
    return this.phase === 'down' || this.phase === 'releasing';
  }

  /** A down report. */
  down(): DownOutcome {
    const now = this.options.clock.now();
    const sinceLast = now - this.lastDownAt;
    this.lastDownAt = now;
    if (this.phase === 'down') return 'repeat';
    if (this.phase === 'stuck' && sinceLast < REPEAT_GAP_MS) return 'repeat';
    if (this.phase === 'releasing') {
      this.clearTimer();
      this.phase = 'down';
      return 'bounce';
    }
    this.phase = 'down';
    this.options.onPress(now);
    return 'press';
  }

  /** An up report; an up for a key that is not down is ignored (a stuck key becomes up). */
  up(): void {
    if (this.phase === 'stuck') this.phase = 'up';
    if (this.phase !== 'down') return;
    const at = this.options.clock.now();
    if (this.options.debounceMs <= 0) {
      this.phase = 'up';
      this.options.onRelease(at);
      return;
    }
    this.phase = 'releasing';
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      this.phase = 'up';
      this.options.onRelease(at);
    }, this.options.debounceMs);
  }

  /** The key counts as up without a report (stuck-key watchdog, screen lock); no callback. */
  forget(): void {
    this.clearTimer();
    this.phase = this.phase === 'down' ? 'stuck' : 'up';
  }

  private clearTimer(): void {
    if (this.timer === null) return;
    this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
