import type { ClientRequest, IncomingMessage } from 'node:http';
import { WebSocket, type RawData } from 'ws';
import { systemClock, type Clock, type TimerHandle } from '../base/clock';
import { TypedEmitter } from '../base/typed-emitter';
import { Keepalive } from './keepalive';
import {
  TransportConnectError,
  TransportNotOpenError,
  type RealtimeTransport,
  type TransportCloseReason,
  type TransportConnectFailure,
  type TransportEvents,
  type TransportState,
} from './transport';
import { describeUpgradeRefusal } from './upgrade-refusal';
import {
  DEFAULT_CLOSE_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_PAYLOAD,
  defaultSocketFactory,
  type WsTransportOptions,
} from './ws-transport-options';

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
  private readonly keepalive: Keepalive | null;

  constructor(private readonly options: WsTransportOptions) {
    this.clock = options.clock ?? systemClock;
    this.emitter = new TypedEmitter<TransportEvents>(
      options.onListenerError ?? ((error) => console.error('[ws-transport] listener threw', error)),
    );
    this.keepalive = options.keepalive
      ? new Keepalive(
          this.clock,
          options.keepalive,
          () => this.ping(),
          (timeoutMs) => this.onKeepaliveTimeout(timeoutMs),
        )
      : null;
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
      const timeoutMs = this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
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
        this.keepalive?.stop();
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
    return this.options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
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
    this.keepalive?.alive();
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
    this.keepalive?.stop();
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
    void describeUpgradeRefusal(res, this.clock).then((message) => {
      req.destroy();
      this.failConnect('http_status', message, status);
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

  /** Ping the peer when the socket is open; false when it is not. */
  private ping(): boolean {
    if (this.currentState !== 'open' || !this.socket) return false;
    this.socket.ping();
    return true;
  }

  /** Any inbound frame proves the peer alive. */
  private onAlive(): void {
    if (this.currentState === 'open') this.keepalive?.alive();
  }

  private onKeepaliveTimeout(timeoutMs: number): void {
    if (this.currentState !== 'open') return;
    const error = new Error(`Realtime keepalive: no reply to ping within ${timeoutMs} ms`);
    this.failure ??= error;
    this.emitter.emit('error', error);
    this.socket?.terminate();
  }

  private clearTimer(name: 'connectTimer' | 'closeTimer'): void {
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
