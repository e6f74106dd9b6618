import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { ReconnectTimers } from './reconnect-timers';
import { isPermanentConnectFailure, type TransportCloseReason } from './transport';

/** Why a fresh socket is opened for a running session. */
export type ReopenReason = 'reconnect' | 'rotation';

/** What recovery does to its session. */
export interface RecoveryEffects {
  /** Open a fresh socket; resolves once it is live (or overtaken), rejects with the connect error. */
  reopen(why: ReopenReason): Promise<void>;
  /** True while the current socket is live (a failed rotation keeps it). */
  isLive(): boolean;
  /** The next attempt runs in `delayMs` (`cause`: the failed attempt's error, if any). */
  reconnecting(detail: string, delayMs: number, cause?: unknown): void;
  /**
   * Recovery is over: end the session (`stateDetail` for the state, `detail` for `closed`;
   * `cause` is the last connect error, when there was one).
   */
  giveUp(reason: TransportCloseReason, detail: string, stateDetail: string, cause?: unknown): void;
}

/** Options of {@link SessionRecovery}. */
export interface SessionRecoveryOptions {
  clock: Clock;
  log: Logger;
  random?: () => number;
  rotateAfterMs?: number;
  maxAttempts?: number;
}

/**
 * Getting a dropped session back, and replacing its socket before the server's session limit:
 * reconnect attempts on the backoff schedule until one succeeds, the attempt limit is reached or
 * the server refuses for good (auth, bad request); rotation that keeps the old socket when it
 * fails and tries again later. Time from the clock, sockets and state from the effects.
 */
export class SessionRecovery {
  private readonly timers: ReconnectTimers;
  /** Bumped by {@link stop}: an attempt still in flight from before must not act on its failure. */
  private epoch = 0;

  constructor(
    private readonly options: SessionRecoveryOptions,
    private readonly effects: RecoveryEffects,
  ) {
    this.timers = new ReconnectTimers(options.clock, {
      random: options.random,
      rotateAfterMs: options.rotateAfterMs,
      maxAttempts: options.maxAttempts,
    });
  }

  /** Reconnect attempts since the last successful connection. */
  get attempt(): number {
    return this.timers.attempt;
  }

  /** A fresh start: no timers, and the backoff schedule from the beginning. */
  reset(): void {
    this.timers.reset();
  }

  /** A socket went live: (re)arm the rotation before the server's session limit. */
  armRotation(): void {
    this.timers.scheduleRotation(() => this.rotate());
  }

  /** The connection is established: the next drop starts the backoff over. */
  connected(): void {
    this.timers.connected();
  }

  /** The live socket is gone: cancel its timers, and reconnect unless `detail` is null. */
  socketLost(detail: string | null): void {
    this.timers.clear();
    if (detail !== null) this.scheduleReconnect(detail);
  }

  /** The session stopped or restarted: cancel every timer and ignore attempts in flight. */
  stop(): void {
    this.epoch++;
    this.timers.clear();
  }

  private scheduleReconnect(detail: string, cause?: unknown): void {
    const delay = this.timers.scheduleReconnect(() => void this.reopen('reconnect'));
    if (delay === null) {
      const summary = `Gave up after ${this.timers.attempt} reconnect attempts: ${detail}`;
      this.effects.giveUp('transport_closed', detail, summary, cause);
      return;
    }
    this.effects.reconnecting(detail, delay, cause);
  }

  private async reopen(why: ReopenReason): Promise<void> {
    const epoch = this.epoch;
    try {
      await this.effects.reopen(why);
    } catch (error) {
      if (this.epoch !== epoch) return;
      const message = (error as Error).message;
      if (why === 'rotation' && this.effects.isLive()) {
        // The old socket still works: keep it and try rotating again later.
        this.options.log('warn', 'session.rotation_failed', { message });
        this.timers.scheduleRotation(() => this.rotate(), true);
        return;
      }
      // Auth and request errors will not fix themselves: stop instead of retrying forever.
      if (isPermanentConnectFailure(error)) {
        return this.effects.giveUp('error', message, message, error);
      }
      this.options.log('warn', 'session.reconnect_failed', {
        attempt: this.timers.attempt,
        message,
      });
      this.scheduleReconnect(message, error);
    }
  }

  private rotate(): void {
    this.options.log('info', 'session.rotating', {});
    void this.reopen('rotation');
  }
}
