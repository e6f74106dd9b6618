import type { Protocol } from '../../preload/schemas/settings';
import type { TalkMode } from '../../preload/schemas/settings';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import type { RealtimeEndpoint } from './endpoint';
import type { RecapMessage } from './live-session-start';
import type { ParseProblem, RealtimeEvent } from './realtime-events';
import type { RealtimeTransport, TransportClose } from './transport';

/** Lifecycle of a realtime session: idle → connecting → live → reconnecting → closed. */
export type SessionState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'closed';

/** What a start needs; everything is checked before any connection is attempted. */
export interface SessionStartConfig {
  baseUrl: string;
  protocol: Protocol;
  model: string;
  voice: string | null;
  apiKey: string | null;
  talkMode: TalkMode;
  /** Voice prompt + startup context, already bounded. */
  instructions: string;
  /** Bounded recap of the conversation and running tasks, appended on reconnect. */
  recap?: () => string;
  /**
   * Live: the conversation so far as messages (oldest first), the start-up history of a
   * session that replaces a dropped one; without it the text {@link recap} is sent instead.
   */
  recapMessages?: () => RecapMessage[];
}

/**
 * Keeps a Live session's input audio flowing while no microphone frames go out (the Live
 * timeline only moves while audio streams); `main/audio/silence-pacer.ts` is the one to use.
 */
export interface LiveInputFiller {
  /** The session can take audio now. */
  start(): void;
  /** No socket to stream to. */
  stop(): void;
  /** A real microphone frame was queued. */
  noteRealFrame(): void;
  dispose(): void;
}

export interface SessionStateChange {
  state: SessionState;
  /** Reconnect attempt number (1-based) while reconnecting. */
  attempt: number | null;
  /** Milliseconds until the next reconnect attempt. */
  retryInMs: number | null;
  /** Why the session closed or is reconnecting. */
  detail: string | null;
  /** The error behind `detail` (e.g. the connect error a reconnect gave up on), when known. */
  cause?: unknown;
}

export type SessionEvents = {
  state: SessionStateChange;
  /** Every parsed server event, in arrival order. */
  event: RealtimeEvent;
  /** A server frame that was dropped (bad JSON, wrong fields, unknown type, binary, oversized). */
  problem: ParseProblem;
  /** A new socket replaced the old one (reconnect or rotation): old call ids are void. */
  socket_replaced: { attempt: number; reason: 'reconnect' | 'rotation' };
  /** The session ended for good. */
  closed: { reason: TransportClose['reason']; detail: string };
};

/** Why a start was refused before connecting. */
export type PreflightReason =
  'missing_api_key' | 'unsupported_voice' | 'invalid_url' | 'unsupported_scheme' | 'missing_model';

/** A start that cannot succeed: one clear message, and no connection was attempted. */
export class SessionPreflightError extends Error {
  override readonly name = 'SessionPreflightError';

  constructor(
    message: string,
    readonly reason: PreflightReason,
  ) {
    super(message);
  }
}

/** Sending with no live or recovering session. */
export class NoSessionError extends Error {
  override readonly name = 'NoSessionError';
}

export interface RealtimeSessionOptions {
  clock: Clock;
  log: Logger;
  createTransport: (endpoint: RealtimeEndpoint) => RealtimeTransport;
  random?: () => number;
  /** New local session id per connection (sent as `x-session-id`). */
  newSessionId?: () => string;
  /** Rotate to a fresh socket after this long (the server caps a session at 60 min). */
  rotateAfterMs?: number;
  /** Reconnects allowed in a row before giving up; default unlimited. */
  maxReconnectAttempts?: number;
  /**
   * Live: builds the filler that streams silence with `send` while the microphone is quiet,
   * e.g. `(send) => new SilencePacer({ clock, send })`. Without one, nothing fills the gaps.
   */
  createInputFiller?: (send: (base64Frame: string) => void) => LiveInputFiller;
}
