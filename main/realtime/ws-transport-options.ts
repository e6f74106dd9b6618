import { WebSocket } from 'ws';
import type { Clock } from '../base/clock';
import type { KeepaliveOptions } from './keepalive';
import type { SocketFactory } from './transport';

/**
 * Frame size limit handed to ws. Deliberately high: a frame above it makes ws close the whole
 * socket with 1009, while a frame under it reaches the parser, which drops an oversized event
 * as a `ParseProblem` and keeps the session alive. Realtime audio deltas are well below 1 MiB.
 */
export const DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024;

/** Options of `WsTransport`. */
export interface WsTransportOptions {
  /** ws:// or wss:// URL, already built. */
  url: string;
  /** Upgrade request headers (Authorization, x-session-id, ...). Never logged. */
  headers?: Record<string, string>;
  /** How the ws socket is created; defaults to {@link defaultSocketFactory}. */
  socketFactory?: SocketFactory;
  /** Time source for every timer here; defaults to the system clock. */
  clock?: Clock;
  /** Defaults to {@link DEFAULT_MAX_PAYLOAD}. */
  maxPayload?: number;
  /** Handshake deadline; 0 disables. Default {@link DEFAULT_CONNECT_TIMEOUT_MS}. */
  connectTimeoutMs?: number;
  /**
   * After `close()`, drop the socket if the peer has not finished the close.
   * Default {@link DEFAULT_CLOSE_TIMEOUT_MS}.
   */
  closeTimeoutMs?: number;
  /** Off when absent: the server pings us and ws answers those automatically. */
  keepalive?: KeepaliveOptions;
  /** Where a throwing event listener is reported; defaults to `console.error`. */
  onListenerError?: (error: unknown) => void;
}

/** The production socket factory: `new WebSocket(url, { headers, maxPayload })`. */
export const defaultSocketFactory: SocketFactory = (url, { headers, maxPayload }) =>
  new WebSocket(url, { headers, maxPayload });

/** How long the handshake may take before `connect()` rejects with `timeout`. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
/** How long a requested close waits for the peer's close frame before dropping the socket. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 2000;
