import { redactUrl } from '../base/redaction';
import { TypedEmitter } from '../base/typed-emitter';
import type { RealtimeEndpoint } from './endpoint';
import type { ParseProblem, ProtocolVersion, RealtimeEvent } from './realtime-events';
import { ResponseArbiter } from './response-arbiter';
import { buildSessionUpdate } from './session-config';
import { SessionOutbox } from './session-outbox';
import { buildSessionEndpoint, preflightSession, withRecap } from './session-preflight';
import { SessionRecovery, type ReopenReason } from './session-recovery';
import { SessionSockets } from './session-sockets';
import {
  NoSessionError,
  type RealtimeSessionOptions,
  type SessionEvents,
  type SessionStartConfig,
  type SessionState,
} from './session-types';
import type { TransportClose, TransportCloseReason } from './transport';

export * from './session-types';

/**
 * One realtime conversation over WebSocket, for V1 and V2: its lifecycle (idle → connecting →
 * live → reconnecting → closed) and its client API. Its parts: the sockets and their parser
 * ({@link SessionSockets}), the bounded input queues ({@link SessionOutbox}), the response
 * arbiter, and reconnect with backoff and rotation ({@link SessionRecovery}).
 */
export class RealtimeSession {
  private readonly emitter = new TypedEmitter<SessionEvents>();
  private readonly recovery: SessionRecovery;
  private readonly outbox = new SessionOutbox(() =>
    this.current === 'live' ? this.sockets.transport : null,
  );
  private readonly arbiter: ResponseArbiter;
  /** A response was asked for while no socket was live. */
  private responseWanted = false;
  private readonly sockets: SessionSockets;
  private current: SessionState = 'idle';
  private config: SessionStartConfig | null = null;

  private readonly newSessionId: () => string;

  constructor(private readonly options: RealtimeSessionOptions) {
    this.newSessionId = options.newSessionId ?? (() => crypto.randomUUID());
    this.sockets = new SessionSockets(options.createTransport, {
      onEvent: (event) => this.handleServerEvent(event),
      onProblem: (problem) => this.reportProblem(problem),
      onClose: (close) => this.onTransportClosed(close),
    });
    this.recovery = new SessionRecovery(
      {
        clock: options.clock,
        log: options.log,
        random: options.random,
        rotateAfterMs: options.rotateAfterMs,
        maxAttempts: options.maxReconnectAttempts,
      },
      {
        reopen: (why) => this.reopen(why),
        isLive: () => this.current === 'live',
        reconnecting: (detail, delayMs, cause) =>
          this.setState('reconnecting', detail, delayMs, cause),
        giveUp: (reason, detail, stateDetail, cause) =>
          this.end(reason, detail, stateDetail, cause),
      },
    );
    this.arbiter = new ResponseArbiter((event) => this.sockets.send(event), {
      clock: options.clock,
      onSendError: (error) =>
        options.log('warn', 'session.response_create_failed', {
          message: (error as Error).message,
        }),
    });
  }

  get state(): SessionState {
    return this.current;
  }

  /** Connecting, live or reconnecting: audio and events may be sent (they queue meanwhile). */
  get isActive(): boolean {
    return this.current !== 'idle' && this.current !== 'closed' && this.config !== null;
  }

  /** Input audio frames dropped because the queue was full. */
  get droppedAudioFrames(): number {
    return this.outbox.droppedAudioFrames;
  }

  get protocol(): ProtocolVersion | null {
    return this.config?.protocol ?? null;
  }

  on<K extends keyof SessionEvents>(
    event: K,
    listener: (payload: SessionEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  /**
   * Check the configuration, then connect and send `session.update`. A second start replaces
   * the first connection. Rejects with {@link SessionPreflightError} before any connection, or
   * with the connect error when the first connection fails (no `closed` event then).
   */
  async start(config: SessionStartConfig): Promise<void> {
    const { resolved, endpoint } = preflightSession(config, this.newSessionId);
    this.teardown();
    this.config = resolved;
    this.outbox.clear();
    this.recovery.reset();
    this.setState('connecting');
    try {
      await this.connect(endpoint, 'start');
    } catch (error) {
      if (this.config === resolved) {
        this.config = null;
        this.setState('idle', (error as Error).message, null, error);
      }
      throw error;
    }
  }

  /** Close the session (reason `requested`). Safe when already stopped. */
  stop(): void {
    if (this.current === 'idle' || this.current === 'closed') return;
    this.end('requested', '', 'requested');
  }

  /** Queue one base64 PCM16 frame for `input_audio_buffer.append`. */
  sendAudio(base64Frame: string): void {
    this.assertSession();
    this.outbox.pushAudio(base64Frame);
  }

  /** Send the user's typed text as a user message and ask for a response. */
  async sendText(text: string): Promise<void> {
    this.assertSession();
    const body = this.config?.protocol === 'v2' ? `[USER] ${text}` : text;
    await this.outbox.pushEvent({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: body }] },
    });
    this.requestResponse();
  }

  /** Send any client event now when live, else queue it (bounded; waits for space). */
  async sendEvent(event: object): Promise<void> {
    this.assertSession();
    await this.outbox.pushEvent(event);
  }

  /** Ask for a `response.create` through the arbiter (the only sender of it). */
  requestResponse(): void {
    // Without a live socket the request waits for the next one instead of being dropped.
    if (this.current !== 'live') {
      this.responseWanted = true;
      return;
    }
    void this.arbiter.request();
  }

  dispose(): void {
    this.stop();
    this.arbiter.dispose();
    this.emitter.dispose();
  }

  private async connect(endpoint: RealtimeEndpoint, why: 'start' | ReopenReason): Promise<void> {
    const config = this.config;
    if (!config) return;
    // Only once open does the new socket take over: during a rotation the old one kept working.
    if (!(await this.sockets.open(endpoint, config.protocol))) return;
    const instructions =
      why === 'start' ? config.instructions : withRecap(config.instructions, config.recap?.());
    this.sockets.send(
      buildSessionUpdate({
        protocol: config.protocol,
        instructions,
        voice: config.voice,
        talkMode: config.talkMode,
      }),
    );
    this.arbiter.resetForNewSocket();
    this.options.log('info', 'session.connected', {
      protocol: config.protocol,
      why,
      url: redactUrl(endpoint.url),
    });
    this.recovery.armRotation();
    const attempt = this.recovery.attempt;
    this.recovery.connected();
    // A rotation keeps the session live: no state change, so the UI's activity is untouched.
    if (this.current !== 'live') this.setState('live');
    // What waited for the socket goes first, then whatever reacts to the new socket (held
    // task results) lands behind it, and a response asked for meanwhile comes last.
    this.outbox.drain();
    if (why !== 'start') this.emitter.emit('socket_replaced', { attempt, reason: why });
    if (this.responseWanted) {
      this.responseWanted = false;
      void this.arbiter.request();
    }
  }

  private handleServerEvent(event: RealtimeEvent): void {
    this.arbiter.observe(event);
    if (event.type === 'error') {
      const requeued = this.arbiter.onServerError(event.message);
      this.options.log(requeued ? 'info' : 'warn', 'session.server_error', {
        message: event.message.slice(0, 500),
        code: event.code,
        requeued,
      });
    }
    this.emitter.emit('event', event);
  }

  private reportProblem(problem: ParseProblem): void {
    this.options.log('warn', 'session.dropped_frame', { ...problem });
    this.emitter.emit('problem', problem);
  }

  /** A fresh socket for the running session (reconnect or rotation). */
  private async reopen(why: ReopenReason): Promise<void> {
    const config = this.config;
    if (!config) return;
    await this.connect(buildSessionEndpoint(config, this.newSessionId), why);
  }

  /** The live socket closed (already released by the sockets). */
  private onTransportClosed(close: TransportClose): void {
    this.arbiter.resetForNewSocket();
    if (close.reason === 'requested' || !this.config) return this.recovery.socketLost(null);
    this.options.log('warn', 'session.dropped', {
      reason: close.reason,
      code: close.code,
      detail: close.detail,
    });
    this.recovery.socketLost(
      close.detail
        ? `The connection dropped: ${close.detail}`
        : 'The connection to the realtime server dropped.',
    );
  }

  private assertSession(): void {
    if (!this.isActive) {
      throw new NoSessionError('No realtime session: start the conversation first.');
    }
  }

  /** End for good: release the sockets, timers and queues (waiting senders resume), then report. */
  private end(
    reason: TransportCloseReason,
    detail: string,
    stateDetail = detail,
    cause?: unknown,
  ): void {
    this.teardown();
    this.config = null;
    this.setState('closed', stateDetail, null, cause);
    this.emitter.emit('closed', { reason, detail });
  }

  private teardown(): void {
    this.recovery.stop();
    this.sockets.closeAll();
    this.arbiter.resetForNewSocket();
    this.outbox.clear();
    this.responseWanted = false;
  }

  private setState(
    state: SessionState,
    detail: string | null = null,
    retryInMs: number | null = null,
    cause?: unknown,
  ): void {
    this.current = state;
    const attempt = state === 'reconnecting' ? this.recovery.attempt : null;
    this.options.log('info', 'session.state', { state, detail, attempt });
    this.emitter.emit('state', { state, attempt, retryInMs, detail, ...(cause ? { cause } : {}) });
  }
}
