import type { Clock, TimerHandle } from '../base/clock';

/** Client keepalive: ping every `intervalMs` of silence; no frame within `timeoutMs` → dead. */
export interface KeepaliveOptions {
  intervalMs: number;
  timeoutMs: number;
}

/**
 * The client side of a keepalive: after `intervalMs` without an inbound frame it pings, and when
 * nothing arrives within `timeoutMs` of the ping it reports the peer dead. An inbound frame only
 * stamps the time (frames come ~60 times a second); one timer checks the stamp when it falls
 * due and re-arms itself, so a busy socket costs one timer wake-up per interval. Pure: time from
 * the clock, the ping and the verdict are the owner's.
 */
export class Keepalive {
  private timer: TimerHandle | null = null;
  private lastFrameAt = 0;
  /** When the unanswered ping went out, or null when none is outstanding. */
  private pingedAt: number | null = null;
  private frameSincePing = false;

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

  /** An inbound frame (or the open) proves the peer alive; the first call starts the checks. */
  alive(): void {
    this.lastFrameAt = this.clock.now();
    this.frameSincePing = true;
    if (this.timer === null) this.arm(this.options.intervalMs);
  }

  /** Cancel the check. Idempotent; a later {@link alive} starts over. */
  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.pingedAt = null;
  }

  private arm(delayMs: number): void {
    this.timer = this.clock.setTimeout(() => this.check(), Math.max(0, delayMs));
  }

  /** The timer fell due: ping after a quiet interval, judge an outstanding ping, or re-arm. */
  private check(): void {
    this.timer = null;
    const now = this.clock.now();
    const { intervalMs, timeoutMs } = this.options;
    if (this.pingedAt !== null) {
      if (!this.frameSincePing) return this.onTimeout(timeoutMs);
      this.pingedAt = null;
    }
    const quietFor = now - this.lastFrameAt;
    if (quietFor < intervalMs) return this.arm(intervalMs - quietFor);
    if (!this.ping()) return;
    this.pingedAt = now;
    this.frameSincePing = false;
    this.arm(timeoutMs);
  }
}
