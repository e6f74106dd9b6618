import type { Protocol } from '../../preload/schemas/settings';
import { redactUrl } from '../base/redaction';
import { TypedEmitter } from '../base/typed-emitter';
import type { RealtimeEndpoint } from './endpoint';
import { LiveLink } from './live-link';
import type { ParseProblem, RealtimeEvent } from './realtime-events';
import { openProtocolSession } from './session-handshake';
import { SessionInput } from './session-input';
import { buildSessionEndpoint, preflightSession } from './session-preflight';
import { SessionRecovery, type ReopenReason } from './session-recovery';
import { SessionResponses } from './session-responses';
import { SessionSockets } from './session-sockets';
import {
  NoSessionError,
  type RealtimeSessionOptions,
  type SessionEvents,
  type SessionStartConfig,
  type SessionState,
} from './session-types';
import type { TransportClose, TransportCloseReason } from './transport';

/**
 * One realtime conversation over WebSocket, for V1, V2 and Live: its lifecycle (idle →
 * connecting → live → reconnecting → closed) and its client API. Its parts: the sockets and
 * their parser ({@link SessionSockets}), the client input and its queues ({@link SessionInput}),
 * response requests ({@link SessionResponses}), reconnect with backoff and rotation
 * ({@link SessionRecovery}), and for Live the `session.start` handshake ({@link LiveLink}).
 */
export class RealtimeSession {
  private readonly emitter = new TypedEmitter<SessionEvents>();
  private readonly recovery: SessionRecovery;
  private readonly input: SessionInput;
  private readonly live: LiveLink;
  private readonly responses: SessionResponses;
  private readonly sockets: SessionSockets;
  private current: SessionState = 'idle';
  private config: SessionStartConfig | null = null;

  private readonly newSessionId: () => string;

  constructor(private readonly options: RealtimeSessionOptions) {
    this.newSessionId = options.newSessionId ?? (() => crypto.randomUUID());
    this.live = new LiveLink(options.clock);
    this.input = new SessionInput(
      // A Live socket takes nothing but `session.start` until its session has started.
      () => (this.current === 'live' && !this.live.handshaking ? this.sockets.transport : null),
      () => this.protocol,
      options.createInputFiller,
    );
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
        isLive: () => this.current === 'live' && this.sockets.transport !== null,
        reconnecting: (detail, delayMs, cause) =>
          this.setState('reconnecting', detail, delayMs, cause),
        giveUp: (reason, detail, stateDetail, cause) =>
          this.end(reason, detail, stateDetail, cause),
      },
    );
    this.responses = new SessionResponses((event) => this.sockets.send(event), options);
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
    return this.input.droppedAudioFrames;
  }

  get protocol(): Protocol | null {
    return this.config?.protocol ?? null;
  }

  /** Live: billed seconds of this conversation over all its sessions; null for V1/V2. */
  get usageSeconds(): number | null {
    return this.isLive ? this.live.usageSeconds : null;
  }

  on<K extends keyof SessionEvents>(
    event: K,
    listener: (payload: SessionEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  /**
   * Check the configuration, then connect and send `session.update` (Live: `session.start`,
   * resolving once `session.started` came; a refused start rejects). A second start replaces
   * the first connection. Rejects with {@link SessionPreflightError} before any connection, or
   * with the connect error when the first connection fails (no `closed` event then).
   */
  async start(config: SessionStartConfig): Promise<void> {
    const { resolved, endpoint } = preflightSession(config, this.newSessionId);
    this.teardown();
    this.config = resolved;
    this.input.clear();
    this.recovery.reset();
    this.live.reset();
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
    if (this.isLive) this.live.closeGracefully((event) => this.sockets.send(event));
    this.end('requested', '', 'requested');
  }

  /** Queue one base64 PCM16 microphone frame (`input_audio_buffer.append`, Live's own on Live). */
  sendAudio(base64Frame: string): void {
    this.assertSession();
    this.input.pushAudio(base64Frame);
  }

  /**
   * Send the user's typed text in the form its protocol takes ({@link SessionInput.pushText});
   * on V2 a response is then asked for.
   */
  async sendText(text: string): Promise<void> {
    this.assertSession();
    if (await this.input.pushText(text)) this.requestResponse();
  }

  /** Send any client event now when live, else queue it (bounded; waits for space). */
  async sendEvent(event: object): Promise<void> {
    this.assertSession();
    await this.input.pushEvent(event);
  }

  /**
   * Ask for a `response.create` through the arbiter (the only sender of it). V2 only: V1 has no
   * `response.create` (its server decides turns itself), so there it does nothing.
   */
  requestResponse(): void {
    // V1 and Live have no response.create: their servers take turns themselves.
    if (this.config?.protocol !== 'v2') return;
    this.responses.request(this.current === 'live');
  }

  /**
   * Cancel the response the server is generating (V2, live socket), for a talk-key barge-in the
   * server does not act on by itself. Returns whether a `response.cancel` was sent.
   */
  cancelResponse(): boolean {
    if (this.current !== 'live' || this.config?.protocol !== 'v2') return false;
    return this.responses.cancelActive();
  }

  dispose(): void {
    this.stop();
    this.input.dispose();
    this.responses.dispose();
    this.emitter.dispose();
  }

  private async connect(endpoint: RealtimeEndpoint, why: 'start' | ReopenReason): Promise<void> {
    const config = this.config;
    if (!config) return;
    // Only once open does the new socket take over: during a rotation the old one kept working.
    if (!(await this.sockets.open(endpoint, config.protocol))) return;
    this.input.stopFiller();
    const handshake = {
      send: (event: object) => this.sockets.send(event),
      live: this.live,
      closeSockets: () => this.sockets.closeAll(),
    };
    if (!(await openProtocolSession(config, why, handshake)) || this.config !== config) return;
    this.responses.resetForNewSocket();
    this.options.log('info', 'session.connected', {
      protocol: config.protocol,
      why,
      url: redactUrl(endpoint.url),
    });
    // A Live session lasts about two hours and says so; a new one would void its delegations.
    if (config.protocol !== 'live') this.recovery.armRotation();
    const attempt = this.recovery.attempt;
    this.recovery.connected();
    // A rotation keeps the session live: no state change, so the UI's activity is untouched.
    if (this.current !== 'live') this.setState('live');
    // What waited for the socket goes first, then whatever reacts to the new socket (held
    // task results) lands behind it, and a response asked for meanwhile comes last.
    this.input.drain();
    if (config.protocol === 'live') this.input.startFiller();
    if (why !== 'start') this.emitter.emit('socket_replaced', { attempt, reason: why });
    this.responses.sendWanted();
  }

  private handleServerEvent(event: RealtimeEvent): void {
    if (this.isLive) this.live.observe(event);
    this.responses.observe(event);
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
    this.responses.resetForNewSocket();
    this.input.stopFiller();
    // A Live socket that closes before its session started is a failed start, not a drop.
    if (this.live.socketClosed(close)) return;
    if (close.reason === 'requested' || !this.config) return this.recovery.socketLost(null);
    this.recovery.socketDropped(close, this.live.closeDetail());
  }

  private get isLive(): boolean {
    return this.config?.protocol === 'live';
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
    this.input.stopFiller();
    this.live.abort();
    this.recovery.stop();
    this.sockets.closeAll();
    this.responses.clear();
    this.input.clear();
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
