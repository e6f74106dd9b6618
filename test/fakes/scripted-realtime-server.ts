import {
  createServer,
  STATUS_CODES,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

/** Which client message to wait for: an event `type`, or a predicate on the recorded message. */
export type MessageMatch = string | ((message: RecordedMessage) => boolean);

/** One step of a per-connection script, run in order once the socket is open. */
export type ScriptStep =
  /** Objects are JSON-stringified; a string is sent raw (for garbage frames). */
  | { send: object | string }
  | { sendBinary: Uint8Array }
  | { delayMs: number }
  /** Wait for the next client message (after the previous `waitFor`'s match) that matches. */
  | { waitFor: MessageMatch; timeoutMs?: number }
  /** Close cleanly; `true` means code 1000. */
  | { close: number | true; reason?: string }
  /** Drop the TCP connection without a close frame. */
  | { terminate: true };

/** A message the client sent, as recorded by the server. */
export interface RecordedMessage {
  connectionIndex: number;
  /** `performance.now()` when the server received it. */
  at: number;
  raw: string;
  binary: boolean;
  /** The parsed frame when it is a JSON object, else null. */
  json: Record<string, unknown> | null;
  /** `json.type` when it is a string, else null. */
  type: string | null;
}

/** An HTTP refusal of the upgrade. */
export interface Refusal {
  status: number;
  body?: string;
}

/** Options of {@link startScriptedRealtimeServer}. */
export interface ScriptedServerOptions {
  /** Script for every connection (or built per connection) not covered by `scripts`. */
  script?: ScriptStep[] | ((connection: ScriptedConnection) => ScriptStep[]);
  /** `scripts[i]` is the script of the i-th upgrade request (0-based, refused ones count). */
  scripts?: ScriptStep[][];
  /** Refuse upgrades with an HTTP status: always, or per request (null lets it through). */
  refuse?: number | Refusal | ((connection: ScriptedConnection) => number | Refusal | null);
  /** Answer client pings (ws default). Set false to play a dead peer. */
  autoPong?: boolean;
  /** Timeout of a script `waitFor` without its own; default 5 000 ms. */
  waitTimeoutMs?: number;
}

type Probe<T> = () => T | undefined;

/** Wakes pending waits whenever the server's recorded state changes. */
class ChangeWaiters {
  private readonly listeners = new Set<() => void>();

  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves with the first defined `probe()` value, re-probing on every change. */
  waitUntil<T>(probe: Probe<T>, timeoutMs: number, what: string): Promise<T> {
    const found = probe();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const value = probe();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }
}

/** One upgrade request and, unless refused, its WebSocket. */
export class ScriptedConnection {
  /** Pathname of the upgrade request, e.g. `/v1/realtime`. */
  readonly path: string;
  /** Query parameters of the upgrade request. */
  readonly query: Record<string, string>;
  readonly headers: IncomingHttpHeaders;
  /** `performance.now()` of the upgrade request. */
  readonly at = performance.now();
  /** HTTP status the upgrade was refused with, or null. */
  refusedWith: number | null = null;
  socket: WebSocket | null = null;
  readonly messages: RecordedMessage[] = [];
  /** Pings received from the client. */
  pings = 0;
  /** Set once the socket has closed. */
  closeInfo: { code: number; reason: string; at: number } | null = null;
  /** Why the script stopped early (a `waitFor` timed out or the socket closed), or null. */
  scriptError: Error | null = null;
  scriptDone: Promise<void> = Promise.resolve();

  constructor(
    readonly index: number,
    request: IncomingMessage,
    private readonly waiters: ChangeWaiters,
  ) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    this.path = url.pathname;
    this.query = Object.fromEntries(url.searchParams);
    this.headers = request.headers;
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Send an event (objects JSON-stringified, strings raw); ignored once closed. */
  send(event: object | string): void {
    if (this.isOpen) this.socket?.send(typeof event === 'string' ? event : JSON.stringify(event));
  }

  sendBinary(data: Uint8Array): void {
    if (this.isOpen) this.socket?.send(data, { binary: true });
  }

  close(code = 1000, reason = ''): void {
    this.socket?.close(code, reason);
  }

  terminate(): void {
    this.socket?.terminate();
  }

  /** Ping the client; resolves when its pong arrives. */
  ping(timeoutMs = 2000): Promise<void> {
    const socket = this.socket;
    if (!socket || !this.isOpen) return Promise.reject(new Error('connection is not open'));
    return withTimeout(
      new Promise<void>((resolve) => {
        socket.once('pong', () => resolve());
        socket.ping();
      }),
      timeoutMs,
      `no pong from client #${this.index}`,
    );
  }

  /** Resolves once the socket has closed (or at once for a refused request). */
  waitForClose(timeoutMs = 2000): Promise<{ code: number; reason: string }> {
    return this.waitUntil(() => this.closeInfo ?? undefined, timeoutMs, 'close');
  }

  /** A message on this connection matching `match`, searching from `fromIndex` of `messages`. */
  waitForMessage(match: MessageMatch, timeoutMs = 2000, fromIndex = 0): Promise<RecordedMessage> {
    return this.waitUntil(
      () => this.messages.slice(fromIndex).find(matcher(match)),
      timeoutMs,
      `a message matching ${describeMatch(match)} (got ${typesOf(this.messages)})`,
    );
  }

  /** @internal Resolves when `probe` returns a value; re-probed whenever the server changes. */
  waitUntil<T>(probe: Probe<T>, timeoutMs: number, what: string): Promise<T> {
    return this.waiters.waitUntil(probe, timeoutMs, `connection #${this.index}: ${what}`);
  }

  /** @internal Record one client frame; the caller notifies. */
  record(raw: string, binary: boolean): RecordedMessage {
    const json = binary ? null : parseObject(raw);
    const type = typeof json?.type === 'string' ? json.type : null;
    const message = { connectionIndex: this.index, at: performance.now(), raw, binary, json, type };
    this.messages.push(message);
    return message;
  }
}

/** A running scripted server; see {@link startScriptedRealtimeServer}. */
export interface ScriptedRealtimeServer {
  /** `ws://127.0.0.1:PORT/v1`. */
  readonly url: string;
  readonly port: number;
  /** Every upgrade request in arrival order, refused ones included. */
  readonly connections: ScriptedConnection[];
  /** Every client message over every connection, in arrival order. */
  readonly messages: RecordedMessage[];
  /** Resolves once connection `index` is open (or refused). */
  waitForConnection(index: number, timeoutMs?: number): Promise<ScriptedConnection>;
  /** The first message matching `match` at or after `fromIndex` of `messages` (past included). */
  waitForMessage(
    match: MessageMatch,
    timeoutMs?: number,
    fromIndex?: number,
  ): Promise<RecordedMessage>;
  /** Recorded messages whose `type` is `type`. */
  messagesOfType(type: string): RecordedMessage[];
  /** Send to every open connection. */
  sendToAll(event: object | string): void;
  /** Terminate every connection and stop listening. Idempotent. */
  close(): Promise<void>;
}

/** Start a scripted realtime server on `127.0.0.1:0`. */
export async function startScriptedRealtimeServer(
  options: ScriptedServerOptions = {},
): Promise<ScriptedRealtimeServer> {
  const waiters = new ChangeWaiters();
  const notify = (): void => waiters.notify();
  const connections: ScriptedConnection[] = [];
  const messages: RecordedMessage[] = [];
  const wss = new WebSocketServer({ noServer: true, autoPong: options.autoPong ?? true });
  const http = createServer((_req, res) => res.writeHead(426).end('WebSocket only'));

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const connection = new ScriptedConnection(connections.length, request, waiters);
    connections.push(connection);
    const refusal = toRefusal(
      typeof options.refuse === 'function' ? options.refuse(connection) : options.refuse,
    );
    if (refusal) {
      connection.refusedWith = refusal.status;
      connection.closeInfo = { code: 0, reason: 'refused', at: performance.now() };
      socket.end(httpResponse(refusal));
      notify();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      connection.socket = ws;
      ws.on('message', (data, isBinary) => {
        const raw = toBuffer(data).toString(isBinary ? 'base64' : 'utf8');
        messages.push(connection.record(raw, isBinary));
        notify();
      });
      ws.on('ping', () => {
        connection.pings++;
        notify();
      });
      ws.on('close', (code, reason) => {
        connection.closeInfo = { code, reason: reason.toString('utf8'), at: performance.now() };
        notify();
      });
      ws.on('error', () => {});
      const script =
        options.scripts?.[connection.index] ?? resolveScript(options.script, connection);
      connection.scriptDone = runScript(connection, script, options.waitTimeoutMs ?? 5000);
      notify();
    });
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;

  return {
    url: `ws://127.0.0.1:${port}/v1`,
    port,
    connections,
    messages,
    waitForConnection: (index, timeoutMs = 2000) =>
      waiters.waitUntil(
        () => {
          const c = connections[index];
          return c && (c.socket || c.refusedWith !== null) ? c : undefined;
        },
        timeoutMs,
        `connection #${index} (have ${connections.length})`,
      ),
    waitForMessage: (match, timeoutMs = 2000, fromIndex = 0) =>
      waiters.waitUntil(
        () => messages.slice(fromIndex).find(matcher(match)),
        timeoutMs,
        `a message matching ${describeMatch(match)} (got ${typesOf(messages)})`,
      ),
    messagesOfType: (type) => messages.filter((m) => m.type === type),
    sendToAll: (event) => connections.forEach((c) => c.send(event)),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.closeAllConnections();
        http.close(() => resolve());
      });
      return closing;
    },
  };
}

async function runScript(
  connection: ScriptedConnection,
  steps: ScriptStep[],
  waitTimeoutMs: number,
): Promise<void> {
  let cursor = 0;
  try {
    for (const step of steps) {
      if (!connection.isOpen) throw new Error('socket closed before the script finished');
      if ('send' in step) connection.send(step.send);
      else if ('sendBinary' in step) connection.sendBinary(step.sendBinary);
      else if ('delayMs' in step) await new Promise((r) => setTimeout(r, step.delayMs));
      else if ('waitFor' in step) {
        const timeoutMs = step.timeoutMs ?? waitTimeoutMs;
        const what = `script step waitFor ${describeMatch(step.waitFor)}`;
        const match = matcher(step.waitFor);
        const found = await connection.waitUntil(
          () => {
            const index = connection.messages.findIndex((m, i) => i >= cursor && match(m));
            if (index >= 0) return index;
            return connection.closeInfo ? -1 : undefined;
          },
          timeoutMs,
          what,
        );
        if (found < 0) throw new Error(`socket closed during ${what}`);
        cursor = found + 1;
      } else if ('close' in step)
        connection.close(step.close === true ? 1000 : step.close, step.reason);
      else if ('terminate' in step) connection.terminate();
    }
  } catch (error) {
    connection.scriptError = error instanceof Error ? error : new Error(String(error));
  }
}

function resolveScript(
  script: ScriptedServerOptions['script'],
  connection: ScriptedConnection,
): ScriptStep[] {
  return typeof script === 'function' ? script(connection) : (script ?? []);
}

function toRefusal(value: number | Refusal | null | undefined): Refusal | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? { status: value } : value;
}

function httpResponse({ status, body }: Refusal): string {
  const text =
    body ?? JSON.stringify({ error: { message: `refused with ${status}`, code: status } });
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Refused'}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
    `Connection: close\r\n\r\n${text}`
  );
}

function matcher(match: MessageMatch): (message: RecordedMessage) => boolean {
  return typeof match === 'string' ? (m) => m.type === match : match;
}

function describeMatch(match: MessageMatch): string {
  return typeof match === 'string' ? `type "${match}"` : 'a predicate';
}

function typesOf(messages: RecordedMessage[]): string {
  return `[${messages.map((m) => m.type ?? (m.binary ? '<binary>' : '<raw>')).join(', ')}]`;
}

function parseObject(raw: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Timed out after ${timeoutMs} ms: ${what}`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
