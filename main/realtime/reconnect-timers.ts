import type { Clock, TimerHandle } from '../base/clock';
import { ReconnectBackoff } from './backoff';

/** Rotate to a fresh socket after this long (the server caps a session at 60 min). */
export const DEFAULT_ROTATE_AFTER_MS = 55 * 60_000;
/** After a failed rotation, try again this much later (the old socket is still live). */
export const ROTATION_RETRY_MS = 30_000;
/** A socket must stay up this long before the backoff starts over. */
export const STABLE_AFTER_MS = 10_000;
/** At most this many reconnect attempts start in any minute. */
export const MAX_ATTEMPTS_PER_MINUTE = 10;

/**
 * The session's two timers: reconnect attempts on the backoff schedule (counted, with an
 * optional limit) and the proactive rotation before the server's maximum session length.
 */
export class ReconnectTimers {
  private readonly backoff: ReconnectBackoff;
  private reconnectTimer: TimerHandle | null = null;
  private rotateTimer: TimerHandle | null = null;
  private stableTimer: TimerHandle | null = null;
  /** When recent attempts were scheduled to start (the per-minute bound). */
  private readonly recent: number[] = [];
  /** Reconnect attempts since the last successful connection. */
  attempt = 0;

  constructor(
    private readonly clock: Clock,
    options: { random?: () => number; rotateAfterMs?: number; maxAttempts?: number },
    private readonly rotateAfterMs = options.rotateAfterMs ?? DEFAULT_ROTATE_AFTER_MS,
    private readonly maxAttempts = options.maxAttempts ?? Infinity,
  ) {
    this.backoff = new ReconnectBackoff({ random: options.random });
  }

  /** Schedule the next attempt; returns its delay, or null when the limit is reached. */
  scheduleReconnect(run: () => void): number | null {
    if (this.attempt >= this.maxAttempts) return null;
    this.attempt++;
    const delay = this.withinMinuteBound(this.backoff.next());
    this.recent.push(this.clock.now() + delay);
    this.clearReconnect();
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = null;
      run();
    }, delay);
    return delay;
  }

  /** (Re)arm the rotation timer; `retry` uses the shorter delay after a failed rotation. */
  scheduleRotation(run: () => void, retry = false): void {
    if (this.rotateTimer) this.clock.clearTimeout(this.rotateTimer);
    this.rotateTimer = this.clock.setTimeout(
      () => {
        this.rotateTimer = null;
        run();
      },
      retry ? ROTATION_RETRY_MS : this.rotateAfterMs,
    );
  }

  /**
   * A connection succeeded. The schedule starts over only once it has stayed up for
   * {@link STABLE_AFTER_MS}: a server that accepts and at once closes gets ever longer waits, not
   * a storm. A reconnect still armed (the old socket dropped while a rotation was opening its
   * successor) must not replace this one.
   */
  connected(): void {
    this.clearReconnect();
    this.clearStable();
    this.stableTimer = this.clock.setTimeout(() => {
      this.stableTimer = null;
      this.startOver();
    }, STABLE_AFTER_MS);
  }

  /** A fresh start: no timers, the schedule from the beginning. */
  reset(): void {
    this.clear();
    this.startOver();
    this.recent.length = 0;
  }

  clear(): void {
    this.clearReconnect();
    this.clearStable();
    if (this.rotateTimer) this.clock.clearTimeout(this.rotateTimer);
    this.rotateTimer = null;
  }

  private startOver(): void {
    this.attempt = 0;
    this.backoff.reset();
  }

  /** Pushes `delay` out until fewer than the bound of attempts start in the minute before it. */
  private withinMinuteBound(delay: number): number {
    const now = this.clock.now();
    while (this.recent.length > 0 && this.recent[0]! <= now - 60_000) this.recent.shift();
    if (this.recent.length < MAX_ATTEMPTS_PER_MINUTE) return delay;
    const oldest = this.recent[this.recent.length - MAX_ATTEMPTS_PER_MINUTE]!;
    return Math.max(delay, oldest + 60_000 - now);
  }

  private clearStable(): void {
    if (this.stableTimer) this.clock.clearTimeout(this.stableTimer);
    this.stableTimer = null;
  }

  private clearReconnect(): void {
    if (this.reconnectTimer) this.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }
}
