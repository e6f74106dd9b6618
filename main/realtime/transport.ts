import type { WebSocket } from 'ws';

/**
 * Why a transport that was open stopped being open.
 * - `requested`: this side called `close()`/`dispose()`.
 * - `transport_closed`: the peer closed the socket (clean close frame or dropped connection).
 * - `error`: this side detected a failure (protocol error, oversized frame, keepalive timeout).
 */
export type TransportCloseReason = 'requested' | 'transport_closed' | 'error';

/** Payload of the transport `close` event. */
export interface TransportClose {
  reason: TransportCloseReason;
  /** WebSocket close code (1000 normal, 1006 abnormal, 1009 too big, ...); null when unknown. */
  code: number | null;
  /** Human-readable detail: the peer's close reason or the failure; may be empty. */
  detail: string;
}

/** A binary frame: reported so it can be logged; the session ignores its content. */
export interface TransportBinaryFrame {
  byteLength: number;
  data: Uint8Array;
}

/**
 * Events of a {@link RealtimeTransport}. Every `open` is followed by exactly one `close`;
 * a transport that never opened emits neither (its `connect()` rejects instead).
 */
export type TransportEvents = {
  /** The socket is open; `send()` may be used. */
  open: undefined;
  /** One text frame, as a string (never parsed here). */
  message: string;
  /** One binary frame; the realtime protocol never sends these. */
  binary: TransportBinaryFrame;
  /** The socket is closed and will not reopen (a new transport is needed to reconnect). */
  close: TransportClose;
  /** A runtime failure after open; a `close` with reason `error` usually follows. */
  error: Error;
};

/** Lifecycle of a transport; it only ever moves forward. */
export type TransportState = 'idle' | 'connecting' | 'open' | 'closing' | 'closed';

/** Why `connect()` failed. */
export type TransportConnectFailure =
  /** Network-level failure before the HTTP upgrade (ECONNREFUSED, DNS, TLS...). */
  | 'network'
  /** The server answered the upgrade with a non-101 HTTP status (401, 403, 429, 5xx...). */
  | 'http_status'
  /** `close()`/`dispose()` was called while connecting. */
  | 'aborted'
  /** The handshake did not finish within the connect timeout. */
  | 'timeout';

/** The error `connect()` rejects with. The message never contains request headers. */
export class TransportConnectError extends Error {
  override readonly name = 'TransportConnectError';

  constructor(
    message: string,
    /** What kind of failure this was. */
    readonly failure: TransportConnectFailure,
    /** HTTP status for `http_status` failures, else null. */
    readonly status: number | null = null,
    /** System error code for `network` failures (e.g. `ECONNREFUSED`), else null. */
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

/**
 * True when retrying a failed connect cannot help: the server refused the request itself (auth,
 * bad request, a Live start it rejected), as opposed to a network failure, a timeout (408) or
 * a rate limit (429).
 */
export function isPermanentConnectFailure(error: unknown): boolean {
  // A Live start the server refused for its content fails the same way every time.
  if ((error as { permanent?: unknown } | null)?.permanent === true) return true;
  const status = (error as { status?: number | null } | null)?.status ?? null;
  return status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** Thrown by `send()` when the transport is not open (misuse: the caller must check first). */
export class TransportNotOpenError extends Error {
  override readonly name = 'TransportNotOpenError';
}

/**
 * A text-frame WebSocket connection to a realtime endpoint. One transport is one connection:
 * it connects once and, once closed, stays closed; reconnecting builds a new transport.
 */
export interface RealtimeTransport {
  /** Current lifecycle state. */
  readonly state: TransportState;
  /** Bytes queued by `send()` but not yet written to the network (for backpressure checks). */
  readonly bufferedAmount: number;
  /** Subscribe to an event; returns the unsubscribe function. */
  on<K extends keyof TransportEvents & string>(
    event: K,
    listener: (payload: TransportEvents[K]) => void,
  ): () => void;
  /**
   * Open the socket. Resolves once open (after the `open` event); rejects with a
   * {@link TransportConnectError} on any failure before open. May be called once.
   */
  connect(): Promise<void>;
  /**
   * Queue one text frame. Never waits on reads or on the network.
   * @throws {TransportNotOpenError} when the transport is not open.
   */
  send(text: string): void;
  /**
   * Close the socket (reason `requested`). Idempotent; while connecting it aborts the
   * handshake and `connect()` rejects with failure `aborted`. Frames arriving after this call
   * are dropped; if the peer does not finish the close handshake the socket is dropped.
   */
  close(): void;
  /** Close if needed and drop every listener. Idempotent. */
  dispose(): void;
}

/** Options handed to a {@link SocketFactory}. */
export interface SocketOptions {
  headers: Record<string, string>;
  /** Largest frame accepted before ws closes the socket with 1009. */
  maxPayload: number;
}

/**
 * Creates the underlying `ws` client socket. Injected so tests and hosts control it; the
 * default is `new WebSocket(url, { headers, maxPayload })`.
 */
export type SocketFactory = (url: string, options: SocketOptions) => WebSocket;
