import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { ReconnectTimers } from './reconnect-timers';
import {
  isPermanentConnectFailure,
  type TransportClose,
  type TransportCloseReason,
} from './transport';

/** Close codes after which reconnecting cannot help: policy, unsupported or invalid data, auth. */
const PERMANENT_CLOSE_CODES = new Set([1003, 1007, 1008, 4001, 4003, 4401, 4403]);
/** A socket that closes this soon after opening counts as refused at once. */
export const IMMEDIATE_CLOSE_MS = 2_000;
/** This many immediate closes in a row: the server will not keep us, stop trying. */
export const MAX_IMMEDIATE_CLOSES = 3;

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
  /** When the current socket went live, and how many sockets in a row closed right away. */
  private openedAt: number | null = null;
  private immediateCloses = 0;

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
    this.openedAt = null;
    this.immediateCloses = 0;
  }

  /** A socket went live: (re)arm the rotation before the server's session limit. */
  armRotation(): void {
    this.timers.scheduleRotation(() => this.rotate());
  }

  /** The connection is established; the backoff starts over once it proves stable. */
  connected(): void {
    this.openedAt = this.options.clock.now();
    this.timers.connected();
  }

  /**
   * The live socket dropped (not on request): logs it, then {@link socketLost} with `detail`, or
   * else the close's own detail, in words.
   */
  socketDropped(close: TransportClose, detail: string | null): void {
    this.options.log('warn', 'session.dropped', {
      reason: close.reason,
      code: close.code,
      detail: close.detail,
    });
    const words =
      detail ??
      (close.detail
        ? `The connection dropped: ${close.detail}`
        : 'The connection to the realtime server dropped.');
    this.socketLost(words, close);
  }

  /**
   * The live socket is gone: cancel its timers, and reconnect unless `detail` is null — or give
   * up when the close says reconnecting cannot help (its code, or a server that keeps closing
   * right after it opens).
   */
  socketLost(detail: string | null, close?: TransportClose): void {
    this.timers.clear();
    if (detail === null) return;
    const lived = this.openedAt === null ? Infinity : this.options.clock.now() - this.openedAt;
    this.openedAt = null;
    this.immediateCloses = lived < IMMEDIATE_CLOSE_MS ? this.immediateCloses + 1 : 0;
    if (close?.code !== undefined && close.code !== null && PERMANENT_CLOSE_CODES.has(close.code)) {
      const summary = `The server closed the connection for good (code ${close.code}): ${detail}`;
      return this.effects.giveUp('error', detail, summary);
    }
    if (this.immediateCloses >= MAX_IMMEDIATE_CLOSES) {
      const summary = `The server closed the connection right after it opened, ${this.immediateCloses} times in a row; not trying again: ${detail}`;
      return this.effects.giveUp('error', detail, summary);
    }
    this.scheduleReconnect(detail);
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
