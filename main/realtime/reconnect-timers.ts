import type { Clock, TimerHandle } from '../base/clock';
import { ReconnectBackoff } from './backoff';

/** Rotate to a fresh socket after this long (the server caps a session at 60 min). */
export const DEFAULT_ROTATE_AFTER_MS = 55 * 60_000;
/** After a failed rotation, try again this much later (the old socket is still live). */
export const ROTATION_RETRY_MS = 30_000;

/**
 * The session's two timers: reconnect attempts on the backoff schedule (counted, with an
 * optional limit) and the proactive rotation before the server's maximum session length.
 */
export class ReconnectTimers {
  private readonly backoff: ReconnectBackoff;
  private reconnectTimer: TimerHandle | null = null;
  private rotateTimer: TimerHandle | null = null;
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
    const delay = this.backoff.next();
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
   * A connection succeeded: the next drop starts the schedule over. A reconnect still armed (the
   * old socket dropped while a rotation was opening its successor) must not replace this one.
   */
  connected(): void {
    this.clearReconnect();
    this.attempt = 0;
    this.backoff.reset();
  }

  reset(): void {
    this.clear();
    this.connected();
  }

  clear(): void {
    this.clearReconnect();
    if (this.rotateTimer) this.clock.clearTimeout(this.rotateTimer);
    this.rotateTimer = null;
  }

  private clearReconnect(): void {
    if (this.reconnectTimer) this.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }
}
