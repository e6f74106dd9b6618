import type { Clock, TimerHandle } from '../base/clock';

/** Client keepalive: ping every `intervalMs` of silence; no frame within `timeoutMs` → dead. */
export interface KeepaliveOptions {
  intervalMs: number;
  timeoutMs: number;
}

/**
 * The client side of a keepalive: after `intervalMs` without an inbound frame it pings, and when
 * nothing arrives within `timeoutMs` of the ping it reports the peer dead. Pure: time from the
 * clock, the ping and the verdict are the owner's.
 */
export class Keepalive {
  private intervalTimer: TimerHandle | null = null;
  private deadlineTimer: TimerHandle | null = null;

  /**
   * @param ping sends a ping; returns false when it could not (the socket is no longer open)
   * @param onTimeout no frame arrived within `timeoutMs` of a ping
   */
  constructor(
    private readonly clock: Clock,
    private readonly options: KeepaliveOptions,
    private readonly ping: () => boolean,
    private readonly onTimeout: (timeoutMs: number) => void,
  ) {}

  /** An inbound frame (or the open) proves the peer alive: drop the deadline, restart the interval. */
  alive(): void {
    this.clearDeadline();
    this.clearInterval();
    const { intervalMs, timeoutMs } = this.options;
    this.intervalTimer = this.clock.setTimeout(() => {
      this.intervalTimer = null;
      if (!this.ping()) return;
      this.deadlineTimer = this.clock.setTimeout(() => {
        this.deadlineTimer = null;
        this.onTimeout(timeoutMs);
      }, timeoutMs);
    }, intervalMs);
  }

  /** Cancel both timers. Idempotent. */
  stop(): void {
    this.clearInterval();
    this.clearDeadline();
  }

  private clearInterval(): void {
    if (this.intervalTimer !== null) this.clock.clearTimeout(this.intervalTimer);
    this.intervalTimer = null;
  }

  private clearDeadline(): void {
    if (this.deadlineTimer !== null) this.clock.clearTimeout(this.deadlineTimer);
    this.deadlineTimer = null;
  }
}
