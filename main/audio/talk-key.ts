import type { Clock, TimerHandle } from '../base/clock';
import type { Logger } from '../base/logger';

/** A talk key held this long is taken to be stuck (its key-up was lost). */
export const STUCK_TALK_KEY_MS = 60_000;

/** Options of {@link TalkKey}. */
export interface TalkKeyOptions {
  clock: Clock;
  log: Logger;
  /** The key's state changed (never called twice with the same value). */
  onChange(pressed: boolean): void;
  stuckAfterMs?: number;
}

/**
 * The talk key as the renderer reports it. Repeated downs or ups change nothing; a key held
 * longer than {@link STUCK_TALK_KEY_MS} counts as stuck and is released, so a lost key-up cannot
 * hold every result back forever.
 */
export class TalkKey {
  private down = false;
  private stuckTimer: TimerHandle | null = null;

  constructor(private readonly options: TalkKeyOptions) {}

  get pressed(): boolean {
    return this.down;
  }

  set(pressed: boolean): void {
    this.clearTimer();
    if (pressed === this.down) return;
    this.down = pressed;
    this.options.onChange(pressed);
    if (!pressed) return;
    const afterMs = this.options.stuckAfterMs ?? STUCK_TALK_KEY_MS;
    this.stuckTimer = this.options.clock.setTimeout(() => {
      this.options.log('warn', 'talk.stuck_key_released', { afterMs });
      this.set(false);
    }, afterMs);
  }

  /** Release the key (its renderer went away, or the app stops). */
  release(): void {
    this.set(false);
  }

  private clearTimer(): void {
    if (this.stuckTimer !== null) this.options.clock.clearTimeout(this.stuckTimer);
    this.stuckTimer = null;
  }
}
