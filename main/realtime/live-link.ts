import type { Clock, TimerHandle } from '../base/clock';
import { describeLiveClose } from './live-close-reasons';
import {
  buildLiveSessionStart,
  type LiveSessionStartEvent,
  type RecapMessage,
} from './live-session-start';
import type { RealtimeEvent } from './realtime-events';
import type { SessionStartConfig } from './session-types';
import type { TransportClose } from './transport';
import { cutUtf8 } from './utf8-text';

/** How long a new Live socket may take to answer `session.start`. */
export const LIVE_START_TIMEOUT_MS = 10_000;
/** Largest append content Parley sends: the Live API caps each at 500 tokens. */
export const LIVE_APPEND_MAX_BYTES = 1_600;

/** The client events Parley may send on a Live session besides `session.start` (its own). */
const SENDABLE = new Set([
  'session.update',
  'session.input_audio.append',
  'session.input_audio.mute',
  'session.input_audio.unmute',
  'session.instructions.append',
  'session.thinking.append',
  'session.commentary.append',
  'session.close',
]);

/** Error codes after which the same start may well work a little later. */
const TRANSIENT_CODES = new Set([
  'server_error',
  'internal_error',
  'rate_limit_exceeded',
  'overloaded',
  'service_unavailable',
  'timeout',
]);

/** A Live socket opened but the session did not start. */
export class LiveStartError extends Error {
  override readonly name = 'LiveStartError';

  constructor(
    message: string,
    /** Retrying the same start cannot help (the server refused its content). */
    readonly permanent: boolean,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

/**
 * What a session needs beyond V1/V2 to speak the Live protocol: the `session.start` handshake
 * (nothing else may be sent until `session.started`; an `error` before it fails the start),
 * which client events are Live ones, the plain words of the last `session.closed`, and the
 * billed seconds over every socket of the conversation. Time from the clock.
 */
export class LiveLink {
  private waiter: {
    resolve: (started: boolean) => void;
    reject: (error: LiveStartError) => void;
    timer: TimerHandle;
  } | null = null;
  private started = false;
  private closedReason: string | null = null;
  private secondsBefore = 0;
  private secondsNow = 0;

  constructor(
    private readonly clock: Clock,
    private readonly startTimeoutMs = LIVE_START_TIMEOUT_MS,
  ) {}

  /** True while the current socket waits for `session.started`: hold every other event. */
  get handshaking(): boolean {
    return this.waiter !== null;
  }

  /** True once the current socket's session has started. */
  get isStarted(): boolean {
    return this.started;
  }

  /** Billed seconds of this conversation: every earlier socket's plus the current one's. */
  get usageSeconds(): number {
    return this.secondsBefore + this.secondsNow;
  }

  /** A new conversation: usage starts from zero. */
  reset(): void {
    this.abort();
    this.secondsBefore = 0;
    this.secondsNow = 0;
  }

  /** `session.start` for a new socket; a replacement session starts with the recap. */
  startEvent(config: SessionStartConfig, replacing: boolean): LiveSessionStartEvent {
    return buildLiveSessionStart({
      model: config.model,
      instructions: config.instructions,
      voice: config.voice,
      recap: replacing ? recapOf(config) : [],
    });
  }

  /**
   * Sends `session.start` with `send` on a fresh socket and waits: resolves true at
   * `session.started`, false when {@link abort}ed (a stop or a newer start), and rejects with
   * a {@link LiveStartError} on an `error`, a close or the timeout.
   */
  begin(send: () => void): Promise<boolean> {
    this.abort();
    this.started = false;
    this.closedReason = null;
    this.secondsBefore += this.secondsNow;
    this.secondsNow = 0;
    return new Promise<boolean>((resolve, reject) => {
      const timer = this.clock.setTimeout(
        () =>
          this.fail(
            new LiveStartError(
              `The Live server did not start the session within ${this.startTimeoutMs / 1000} s.`,
              false,
            ),
          ),
        this.startTimeoutMs,
      );
      this.waiter = { resolve, reject, timer };
      send();
    });
  }

  /** Every server event of the current socket. */
  observe(event: RealtimeEvent): void {
    if (event.type === 'session_started' && this.waiter) {
      this.started = true;
      this.settle((w) => w.resolve(true));
    } else if (event.type === 'error' && this.waiter) {
      const code = event.code ?? null;
      const param = event.param ? `, field ${event.param}` : '';
      const message = `The Live server refused to start the session: ${event.message}${
        code ? ` (code ${code}${param})` : ''
      }`;
      this.fail(new LiveStartError(message, !code || !TRANSIENT_CODES.has(code), code));
    } else if (event.type === 'usage_updated') {
      this.secondsNow = event.seconds;
    } else if (event.type === 'session_closed') {
      this.closedReason = event.reason;
      if (event.usageSeconds !== null) this.secondsNow = event.usageSeconds;
    }
  }

  /** The current socket closed: true when that ended a handshake (a failed start, not a drop). */
  socketClosed(close: TransportClose): boolean {
    this.started = false;
    if (!this.waiter) return false;
    const why = close.detail ? `: ${close.detail}` : '';
    this.fail(
      new LiveStartError(
        `The Live server closed the connection before the session started${why}.`,
        false,
      ),
    );
    return true;
  }

  /** A pending handshake is given up quietly (its `begin` resolves false). Idempotent. */
  abort(): void {
    this.started = false;
    this.settle((w) => w.resolve(false));
  }

  /** Ends a started session on the server's side too (it drains, then `session.closed`). */
  closeGracefully(send: (event: object) => void): void {
    if (!this.started) return;
    try {
      send({ type: 'session.close' });
    } catch {
      // The socket is already gone: there is nothing left to close.
    }
  }

  /** Plain words for the last `session.closed` of this socket, if one came. */
  closeDetail(): string | null {
    return this.closedReason === null ? null : describeLiveClose(this.closedReason);
  }

  private fail(error: LiveStartError): void {
    this.started = false;
    this.settle((w) => w.reject(error));
  }

  private settle(finish: (waiter: NonNullable<LiveLink['waiter']>) => void): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = null;
    this.clock.clearTimeout(waiter.timer);
    finish(waiter);
  }
}

/** Misuse check: only Live client events go out on a Live session. */
export function assertLiveClientEvent(event: object): void {
  const type = (event as { type?: unknown }).type;
  if (typeof type === 'string' && SENDABLE.has(type)) return;
  throw new Error(`"${String(type)}" is not a client event of the Live protocol.`);
}

/**
 * What the user typed, as `session.instructions.append` events (the Live API has no user
 * message): framed so the model answers it, split under the append cap, nothing dropped.
 */
export function typedTextAppends(text: string): object[] {
  const events: object[] = [];
  let rest = `The user typed this instead of saying it; answer it as if spoken:\n${text}`;
  while (rest !== '') {
    const part = cutUtf8(rest, LIVE_APPEND_MAX_BYTES) || rest.slice(0, 1);
    events.push({ type: 'session.instructions.append', content: part, delegation_id: null });
    rest = rest.slice(part.length);
  }
  return events;
}

/** The recap a replacement session starts with: the structured one, else the text one. */
function recapOf(config: SessionStartConfig): RecapMessage[] {
  const messages = config.recapMessages?.();
  if (messages && messages.length > 0) return messages;
  const text = config.recap?.().trim() ?? '';
  return text === ''
    ? []
    : [{ role: 'developer', text: `Before the connection dropped:\n${text}` }];
}
