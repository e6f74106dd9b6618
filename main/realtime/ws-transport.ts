import type { ClientRequest, IncomingMessage } from 'node:http';
import { WebSocket, type RawData } from 'ws';
import { systemClock, type Clock, type TimerHandle } from '../core/clock';
import { TypedEmitter } from '../core/typed-emitter';
import {
  TransportConnectError,
  TransportNotOpenError,
  type RealtimeTransport,
  type SocketFactory,
  type TransportCloseReason,
  type TransportConnectFailure,
  type TransportEvents,
  type TransportState,
} from './transport';

/**
 * Frame size limit handed to ws. Deliberately high: a frame above it makes ws close the whole
 * socket with 1009, while a frame under it reaches the parser, which drops an oversized event
 * as a `ParseProblem` and keeps the session alive. Realtime audio deltas are well below 1 MiB.
 */
export const DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024;

/** Client keepalive: ping every `intervalMs` of silence; no frame within `timeoutMs` → dead. */
export interface KeepaliveOptions {
  intervalMs: number;
  timeoutMs: number;
}

/** Options of {@link WsTransport}. */
export interface WsTransportOptions {
  /** ws:// or wss:// URL, already built (realtime.md §2). */
  url: string;
  /** Upgrade request headers (Authorization, x-session-id, ...). Never logged. */
  headers?: Record<string, string>;
  /** How the ws socket is created; defaults to {@link defaultSocketFactory}. */
  socketFactory?: SocketFactory;
  /** Time source for every timer here; defaults to the system clock. */
  clock?: Clock;
  /** Defaults to {@link DEFAULT_MAX_PAYLOAD}. */
  maxPayload?: number;
  /** Handshake deadline; 0 disables. Default 15 000 ms. */
  connectTimeoutMs?: number;
  /** After `close()`, drop the socket if the peer has not finished the close. Default 2 000 ms. */
  closeTimeoutMs?: number;
  /** Off when absent: the server pings us and ws answers those automatically. */
  keepalive?: KeepaliveOptions;
  /** Where a throwing event listener is reported; defaults to `console.error`. */
  onListenerError?: (error: unknown) => void;
}

/** The production socket factory: `new WebSocket(url, { headers, maxPayload })`. */
export const defaultSocketFactory: SocketFactory = (url, { headers, maxPayload }) =>
  new WebSocket(url, { headers, maxPayload });

const BODY_EXCERPT_LIMIT = 2048;
const BODY_READ_TIMEOUT_MS = 1000;

/** {@link RealtimeTransport} over the `ws` package. One instance is one connection. */
export class WsTransport implements RealtimeTransport {
  private readonly emitter: TypedEmitter<TransportEvents>;
  private readonly clock: Clock;
  private socket: WebSocket | null = null;
  private currentState: TransportState = 'idle';
  private settleConnect: ((error: TransportConnectError | null) => void) | null = null;
  private closeRequested = false;
  private failure: Error | null = null;
  private connectTimer: TimerHandle | null = null;
  private closeTimer: TimerHandle | null = null;
  private keepaliveTimer: TimerHandle | null = null;
  private livenessTimer: TimerHandle | null = null;

  constructor(private readonly options: WsTransportOptions) {
    this.clock = options.clock ?? systemClock;
    this.emitter = new TypedEmitter<TransportEvents>(
      options.onListenerError ?? ((error) => console.error('[ws-transport] listener threw', error)),
    );
  }

  get state(): TransportState {
    return this.currentState;
  }

  get bufferedAmount(): number {
    return this.socket?.bufferedAmount ?? 0;
  }

  on<K extends keyof TransportEvents & string>(
    event: K,
    listener: (payload: TransportEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  connect(): Promise<void> {
    if (this.currentState !== 'idle') {
      return Promise.reject(new Error(`connect() called on a transport that is ${this.state}`));
    }
    this.currentState = 'connecting';
    return new Promise<void>((resolve, reject) => {
      this.settleConnect = (error) => (error ? reject(error) : resolve());
      const factory = this.options.socketFactory ?? defaultSocketFactory;
      try {
        this.socket = factory(this.options.url, {
          headers: this.options.headers ?? {},
          maxPayload: this.options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
        });
      } catch (error) {
        this.failConnect('network', `Invalid realtime URL ${this.options.url}: ${describe(error)}`);
        return;
      }
      this.attach(this.socket);
      const timeoutMs = this.options.connectTimeoutMs ?? 15_000;
      if (timeoutMs > 0) {
        this.connectTimer = this.clock.setTimeout(() => {
          this.failConnect('timeout', `Realtime handshake timed out after ${timeoutMs} ms`);
        }, timeoutMs);
      }
    });
  }

  send(text: string): void {
    if (this.currentState !== 'open' || !this.socket) {
      throw new TransportNotOpenError(`Cannot send: the realtime transport is ${this.state}`);
    }
    // ws queues the frame and writes it when the socket is writable; reads never block this.
    this.socket.send(text);
  }

  close(): void {
    switch (this.currentState) {
      case 'idle':
        this.currentState = 'closed';
        return;
      case 'connecting':
        this.failConnect('aborted', 'Realtime connection closed before it opened');
        return;
      case 'open':
        this.currentState = 'closing';
        this.closeRequested = true;
        this.stopKeepalive();
        this.socket?.close(1000);
        this.closeTimer = this.clock.setTimeout(
          () => this.socket?.terminate(),
          this.closeTimeoutMs,
        );
        return;
      default:
        return;
    }
  }

  dispose(): void {
    this.close();
    this.emitter.dispose();
  }

  private get closeTimeoutMs(): number {
    return this.options.closeTimeoutMs ?? 2000;
  }

  private attach(socket: WebSocket): void {
    socket.on('open', () => this.onOpen());
    socket.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    socket.on('pong', () => this.onAlive());
    // Always listening: an 'error' without a listener would throw out of the ws emitter.
    socket.on('error', (error) => this.onSocketError(error));
    socket.on('close', (code, reason) => this.onSocketClose(code, reason.toString('utf8')));
    socket.on('unexpected-response', (req, res) => this.onUnexpectedResponse(req, res));
  }

  private onOpen(): void {
    if (this.currentState !== 'connecting') return;
    this.clearTimer('connectTimer');
    this.currentState = 'open';
    this.scheduleKeepalive();
    this.emitter.emit('open', undefined);
    this.settle(null);
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (this.currentState !== 'open') return;
    this.onAlive();
    const bytes = toBuffer(data);
    if (isBinary) {
      this.emitter.emit('binary', { byteLength: bytes.byteLength, data: bytes });
    } else {
      this.emitter.emit('message', bytes.toString('utf8'));
    }
  }

  private onSocketError(error: Error): void {
    if (this.currentState === 'connecting') {
      const code = (error as NodeJS.ErrnoException).code ?? null;
      const message = `Could not connect to ${this.options.url}: ${code ?? error.message}`;
      this.failConnect('network', message, null, code);
    } else if (this.currentState === 'open') {
      this.failure ??= error;
      this.emitter.emit('error', error);
    }
  }

  private onSocketClose(code: number, reason: string): void {
    if (this.currentState === 'connecting') {
      this.failConnect('network', `Realtime socket closed before it opened (code ${code})`);
      return;
    }
    if (this.currentState !== 'open' && this.currentState !== 'closing') return;
    this.currentState = 'closed';
    this.stopKeepalive();
    this.clearTimer('closeTimer');
    let closeReason: TransportCloseReason = 'transport_closed';
    let detail = reason;
    if (this.closeRequested) closeReason = 'requested';
    else if (this.failure) {
      closeReason = 'error';
      detail = this.failure.message;
    }
    this.emitter.emit('close', { reason: closeReason, code, detail });
  }

  private onUnexpectedResponse(req: ClientRequest, res: IncomingMessage): void {
    if (this.currentState !== 'connecting') return;
    const status = res.statusCode ?? 0;
    const head = `Realtime server refused the WebSocket upgrade: HTTP ${status} ${res.statusMessage ?? ''}`;
    void readBodyExcerpt(res, this.clock).then((body) => {
      req.destroy();
      this.failConnect('http_status', body ? `${head.trim()}: ${body}` : head.trim(), status);
    });
  }

  private failConnect(
    failure: TransportConnectFailure,
    message: string,
    status: number | null = null,
    code: string | null = null,
  ): void {
    if (this.currentState !== 'connecting') return;
    this.currentState = 'closed';
    this.clearTimer('connectTimer');
    // terminate() while CONNECTING aborts the handshake; its error/close events are ignored.
    if (this.socket && this.socket.readyState !== WebSocket.CLOSED) this.socket.terminate();
    this.settle(new TransportConnectError(message, failure, status, code));
  }

  private settle(error: TransportConnectError | null): void {
    const settle = this.settleConnect;
    this.settleConnect = null;
    settle?.(error);
  }

  private scheduleKeepalive(): void {
    const keepalive = this.options.keepalive;
    if (!keepalive || this.currentState !== 'open') return;
    this.clearTimer('keepaliveTimer');
    this.keepaliveTimer = this.clock.setTimeout(() => {
      this.keepaliveTimer = null;
      if (this.currentState !== 'open' || !this.socket) return;
      this.socket.ping();
      this.livenessTimer = this.clock.setTimeout(() => {
        this.livenessTimer = null;
        this.onKeepaliveTimeout(keepalive.timeoutMs);
      }, keepalive.timeoutMs);
    }, keepalive.intervalMs);
  }

  /** Any inbound frame proves the peer alive: cancel the pending deadline, restart the interval. */
  private onAlive(): void {
    if (this.currentState !== 'open') return;
    this.clearTimer('livenessTimer');
    this.scheduleKeepalive();
  }

  private onKeepaliveTimeout(timeoutMs: number): void {
    if (this.currentState !== 'open') return;
    const error = new Error(`Realtime keepalive: no reply to ping within ${timeoutMs} ms`);
    this.failure ??= error;
    this.emitter.emit('error', error);
    this.socket?.terminate();
  }

  private stopKeepalive(): void {
    this.clearTimer('keepaliveTimer');
    this.clearTimer('livenessTimer');
  }

  private clearTimer(
    name: 'connectTimer' | 'closeTimer' | 'keepaliveTimer' | 'livenessTimer',
  ): void {
    const handle = this[name];
    if (handle !== null) this.clock.clearTimeout(handle);
    this[name] = null;
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** First {@link BODY_EXCERPT_LIMIT} bytes of a refused upgrade's body (the server's reason). */
function readBodyExcerpt(res: IncomingMessage, clock: Clock): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clock.clearTimeout(timer);
      res.removeAllListeners('data');
      resolve(Buffer.concat(chunks).toString('utf8').slice(0, BODY_EXCERPT_LIMIT).trim());
    };
    const timer = clock.setTimeout(finish, BODY_READ_TIMEOUT_MS);
    res.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size >= BODY_EXCERPT_LIMIT) finish();
    });
    res.once('end', finish);
    res.once('error', finish);
    res.once('close', finish);
  });
}
