import type { Clock, TimerHandle } from '../base/clock';
import type { KeySource } from './talk-input-types';

/** Fires once a held talk key has been down `afterMs` (its key-up was lost); one key at a time. */
export class StuckKeyWatchdog {
  private timer: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly afterMs: number,
    private readonly onStuck: (source: KeySource) => void,
  ) {}

  /** Watches `source` from now, replacing any earlier watch. */
  arm(source: KeySource): void {
    this.clear();
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.onStuck(source);
    }, this.afterMs);
  }

  /** Stops watching; safe when not armed. */
  clear(): void {
    if (this.timer === null) return;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
