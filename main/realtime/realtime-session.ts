import { TypedEmitter } from '../core/typed-emitter';
import type { RealtimeEndpoint } from './endpoint';
import { parseV1 } from './parse-v1';
import { parseV2 } from './parse-v2';
import type { ParseProblem, ProtocolVersion, RealtimeEvent } from './realtime-events';
import { ReconnectTimers } from './reconnect-timers';
import { ResponseArbiter } from './response-arbiter';
import { buildSessionUpdate } from './session-config';
import { SessionOutbox } from './session-outbox';
import { buildSessionEndpoint, preflightSession, withRecap } from './session-preflight';
import {
  NoSessionError,
  type RealtimeSessionOptions,
  type SessionEvents,
  type SessionStartConfig,
  type SessionState,
} from './session-types';
import type { RealtimeTransport, TransportClose } from './transport';

export * from './session-types';

interface Connection {
  transport: RealtimeTransport;
  generation: number;
  offs: (() => void)[];
}

/**
 * One realtime conversation over WebSocket, for V1 and V2. Owns the transport, the parser,
 * the response arbiter, the bounded input queues, reconnect with backoff, and rotation.
 */
export class RealtimeSession {
  private readonly emitter = new TypedEmitter<SessionEvents>();
  private readonly timers: ReconnectTimers;
  private readonly outbox = new SessionOutbox(() =>
    this.current === 'live' ? (this.connection?.transport ?? null) : null,
  );
  private readonly arbiter: ResponseArbiter;
  private current: SessionState = 'idle';
  private config: SessionStartConfig | null = null;
  private connection: Connection | null = null;
  /** A connection still in its handshake, so a stop can abort it. */
  private pending: Connection | null = null;
  private generation = 0;

  private readonly newSessionId: () => string;

  constructor(private readonly options: RealtimeSessionOptions) {
    this.newSessionId = options.newSessionId ?? (() => crypto.randomUUID());
    this.timers = new ReconnectTimers(options.clock, {
      random: options.random,
      rotateAfterMs: options.rotateAfterMs,
      maxAttempts: options.maxReconnectAttempts,
    });
    this.arbiter = new ResponseArbiter((event) => this.sendNow(event), {
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
    this.timers.reset();
    this.setState('connecting');
    try {
      await this.connect(endpoint, 'start');
    } catch (error) {
      if (this.config === resolved) {
        this.config = null;
        this.setState('idle', (error as Error).message);
      }
      throw error;
    }
  }

  /** Close the session (reason `requested`). Safe when already stopped. */
  stop(): void {
    if (this.current === 'idle' || this.current === 'closed') return;
    this.teardown();
    this.config = null;
    this.setState('closed', 'requested');
    this.emitter.emit('closed', { reason: 'requested', detail: '' });
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
    void this.arbiter.request();
  }

  dispose(): void {
    this.stop();
    this.arbiter.dispose();
    this.emitter.dispose();
  }

  private async connect(
    endpoint: RealtimeEndpoint,
    why: 'start' | 'reconnect' | 'rotation',
  ): Promise<void> {
    const config = this.config;
    if (!config) return;
    const generation = ++this.generation;
    const transport = this.options.createTransport(endpoint);
    const connection: Connection = { transport, generation, offs: [] };
    const parse = config.protocol === 'v1' ? parseV1 : parseV2;
    connection.offs.push(
      transport.on('message', (text) => {
        if (this.connection !== connection) return;
        const parsed = parse(text);
        if (!parsed.ok) return this.reportProblem(parsed.problem);
        for (const event of parsed.events) this.handleServerEvent(event);
      }),
      transport.on('binary', (frame) =>
        this.reportProblem({
          reason: 'bad_fields',
          eventType: null,
          detail: `binary frame of ${frame.byteLength} bytes ignored`,
        }),
      ),
      transport.on('close', (close) => {
        if (this.connection === connection) this.onTransportClosed(close);
      }),
    );
    this.pending = connection;
    try {
      await transport.connect();
    } catch (error) {
      this.dropConnection(connection);
      throw error;
    } finally {
      if (this.pending === connection) this.pending = null;
    }
    if (this.generation !== generation) {
      this.dropConnection(connection);
      return;
    }
    // Only now does the new socket take over: during a rotation the old one kept working.
    const previous = this.connection;
    this.connection = connection;
    if (previous && previous !== connection) this.dropConnection(previous);
    const instructions =
      why === 'start' ? config.instructions : withRecap(config.instructions, config.recap?.());
    this.sendNow(
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
      url: endpoint.url,
    });
    this.timers.scheduleRotation(() => this.rotate());
    if (why !== 'start') {
      this.emitter.emit('socket_replaced', {
        attempt: this.timers.attempt,
        reason: why === 'rotation' ? 'rotation' : 'reconnect',
      });
    }
    this.timers.connected();
    this.setState('live');
    this.outbox.drain();
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

  private onTransportClosed(close: TransportClose): void {
    const connection = this.connection;
    if (connection) this.dropConnection(connection);
    this.connection = null;
    this.timers.clear();
    this.arbiter.resetForNewSocket();
    if (close.reason === 'requested' || !this.config) return;
    this.options.log('warn', 'session.dropped', {
      reason: close.reason,
      code: close.code,
      detail: close.detail,
    });
    this.scheduleReconnect(
      close.detail
        ? `The connection dropped: ${close.detail}`
        : 'The connection to the realtime server dropped.',
    );
  }

  private scheduleReconnect(detail: string): void {
    const delay = this.timers.scheduleReconnect(() => void this.reconnect('reconnect'));
    if (delay === null) {
      this.config = null;
      this.setState('closed', `Gave up after ${this.timers.attempt} reconnect attempts: ${detail}`);
      this.emitter.emit('closed', { reason: 'transport_closed', detail });
      return;
    }
    this.setState('reconnecting', detail, delay);
  }

  private async reconnect(why: 'reconnect' | 'rotation'): Promise<void> {
    const config = this.config;
    if (!config) return;
    try {
      await this.connect(buildSessionEndpoint(config, this.newSessionId), why);
    } catch (error) {
      if (this.config !== config) return;
      const message = (error as Error).message;
      if (why === 'rotation' && this.current === 'live') {
        // The old socket still works: keep it and try rotating again later.
        this.options.log('warn', 'session.rotation_failed', { message });
        this.timers.scheduleRotation(() => this.rotate(), true);
        return;
      }
      const status = (error as { status?: number | null }).status ?? null;
      // Auth and request errors will not fix themselves: stop instead of retrying forever.
      if (status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429) {
        this.config = null;
        this.setState('closed', message);
        this.emitter.emit('closed', { reason: 'error', detail: message });
        return;
      }
      this.options.log('warn', 'session.reconnect_failed', {
        attempt: this.timers.attempt,
        message,
      });
      this.scheduleReconnect(message);
    }
  }

  private rotate(): void {
    this.options.log('info', 'session.rotating', {});
    void this.reconnect('rotation');
  }

  private sendNow(event: object): void {
    const transport = this.connection?.transport;
    if (!transport || transport.state !== 'open') {
      throw new NoSessionError('The realtime session is not connected.');
    }
    transport.send(JSON.stringify(event));
  }

  private assertSession(): void {
    if (this.current === 'idle' || this.current === 'closed' || !this.config) {
      throw new NoSessionError('No realtime session: start the conversation first.');
    }
  }

  private dropConnection(connection: Connection): void {
    for (const off of connection.offs) off();
    connection.transport.dispose();
  }

  private teardown(): void {
    this.timers.clear();
    this.generation++;
    if (this.pending) this.dropConnection(this.pending);
    this.pending = null;
    if (this.connection) this.dropConnection(this.connection);
    this.connection = null;
    this.arbiter.resetForNewSocket();
    this.outbox.clear();
  }

  private setState(
    state: SessionState,
    detail: string | null = null,
    retryInMs: number | null = null,
  ): void {
    this.current = state;
    this.options.log('info', 'session.state', {
      state,
      detail,
      attempt: state === 'reconnecting' ? this.timers.attempt : null,
    });
    this.emitter.emit('state', {
      state,
      attempt: state === 'reconnecting' ? this.timers.attempt : null,
      retryInMs,
      detail,
    });
  }
}
