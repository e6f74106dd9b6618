/**
 * The talk key's turn state: press starts a turn, release ends it
 * after a short tail, so the frames captured just before the release (which reach main a little
 * after the key event) still belong to the turn. Key auto-repeat (presses while held) is ignored.
 * A turn with less audio than the server accepts (100 ms) is discarded instead of committed.
 */
import type { Clock, TimerHandle } from '../base/clock';

/** Options for {@link HoldToTalk}. */
export interface HoldToTalkOptions {
  clock: Clock;
  /** Keep sending this long after the release before committing [80 ms]. */
  releaseTailMs?: number;
  /** Fewest frames a turn needs to be committed [5 = 100 ms]. */
  minTurnFrames?: number;
  /** Frames sent since the turn started. */
  framesInTurn(): number;
  /** A turn starts: barge-in, clear the input buffer, open capture. */
  onTurnStart(): void;
  /** A turn ends: commit it (and ask for a response) when `commit`, else discard it. */
  onTurnEnd(commit: boolean): void;
}

/** Where the talk key is. */
export type HoldToTalkState = 'idle' | 'held' | 'releasing';

/** Hold-to-talk turn machine with a release tail. */
export class HoldToTalk {
  private current: HoldToTalkState = 'idle';
  private timer: TimerHandle | null = null;
  private readonly tailMs: number;
  private readonly minFrames: number;

  constructor(private readonly options: HoldToTalkOptions) {
    this.tailMs = Math.max(0, options.releaseTailMs ?? 80);
    this.minFrames = Math.max(0, options.minTurnFrames ?? 5);
  }

  get state(): HoldToTalkState {
    return this.current;
  }

  /** The key went down. Ignored while held (auto-repeat); ends a releasing turn first. */
  press(): void {
    if (this.current === 'held') return;
    if (this.current === 'releasing') this.finish();
    this.current = 'held';
    this.options.onTurnStart();
  }

  /** The key came up. Ignored unless held. */
  release(): void {
    if (this.current !== 'held') return;
    if (this.tailMs === 0) {
      this.finish();
      return;
    }
    this.current = 'releasing';
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      this.finish();
    }, this.tailMs);
  }

  /** Ends a held or releasing turn with nothing committed (a brush of the key, mute). */
  discard(): void {
    if (this.current === 'idle') return;
    this.clearTimer();
    this.current = 'idle';
    this.options.onTurnEnd(false);
  }

  /** Drops the turn without effects (session replaced or stopped). */
  cancel(): void {
    this.clearTimer();
    this.current = 'idle';
  }

  private finish(): void {
    this.clearTimer();
    this.current = 'idle';
    this.options.onTurnEnd(this.options.framesInTurn() >= this.minFrames);
  }

  private clearTimer(): void {
    if (this.timer === null) return;
    this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
