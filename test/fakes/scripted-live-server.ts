import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { LiveServerSession, type LiveStartPlan } from './live-server-session';

/** One step of a connection's script, run in order once its session has started. */
export type LiveStep =
  /** Send a server event (objects get an `event_id`; a string goes raw, for junk). */
  | { send: Record<string, unknown> | string }
  | { delayMs: number }
  /** Wait until the appended input audio has moved the timeline this far. */
  | { atTimelineMs: number; timeoutMs?: number }
  /** Wait for a client event of this type (or matching the predicate) after the last one. */
  | { waitFor: string | ((message: LiveMessage) => boolean); timeoutMs?: number }
  /** End with `session.closed {reason}` and a clean close. */
  | { sessionClosed: string }
  /** Drop the TCP connection without a close frame. */
  | { terminate: true };

/** How one connection behaves: its start and its script. */
export interface LiveConnectionPlan extends LiveStartPlan {
  script?: LiveStep[];
}

/** One client frame as the server recorded it. */
export interface LiveMessage {
  connectionIndex: number;
  /** `performance.now()` at arrival. */
  at: number;
  raw: string;
  json: Record<string, unknown> | null;
  type: string | null;
  /** Whether `session.started` had gone out on this connection when it arrived. */
  afterStarted: boolean;
}

/** One upgrade and its session. */
export interface LiveConnection {
  index: number;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  socket: WebSocket;
  session: LiveServerSession;
  messages: LiveMessage[];
  /** `performance.now()` when `session.started` went out, or null. */
  startedAt: number | null;
  /** Why the script stopped early, or null. */
  scriptError: Error | null;
  /** Send a server event now. */
  send(event: Record<string, unknown> | string): void;
}

/** A running fake Live server; see {@link startScriptedLiveServer}. */
export interface ScriptedLiveServer {
  /** `ws://127.0.0.1:PORT/v1`, the base URL to configure. */
  readonly url: string;
  readonly connections: LiveConnection[];
  /** Every client frame over every connection, in arrival order. */
  readonly messages: LiveMessage[];
  waitForConnection(index: number, timeoutMs?: number): Promise<LiveConnection>;
  /** Resolves with `probe()` once it is defined, re-probing whenever the server changes. */
  until<T>(probe: () => T | undefined | null | false, what: string, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/**
 * A fake of OpenAI's Live API on `127.0.0.1:0`, behaving as the Live guides describe (see
 * {@link LiveServerSession}) and recording every client frame. Each connection takes the plan
 * `plans[i]`, else `plan`; its script runs once its session has started.
 */
export async function startScriptedLiveServer(
  options: { plan?: LiveConnectionPlan; plans?: LiveConnectionPlan[] } = {},
): Promise<ScriptedLiveServer> {
  const connections: LiveConnection[] = [];
  const messages: LiveMessage[] = [];
  const listeners = new Set<() => void>();
  const notify = (): void => listeners.forEach((listener) => listener());
  const until = waiterOn(listeners);
  const wss = new WebSocketServer({ noServer: true });
  const http = createServer((_req, res) => res.writeHead(426).end('WebSocket only'));
  const seq = { next: 0 };

  http.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => {
      const index = connections.length;
      const plan = options.plans?.[index] ?? options.plan ?? {};
      const connection = openConnection({ index, request, ws, plan, notify, until, seq });
      connections.push(connection);
      ws.on('message', (data, isBinary) => {
        const raw = toBuffer(data).toString(isBinary ? 'base64' : 'utf8');
        const message = record(connection, raw);
        connection.messages.push(message);
        messages.push(message);
        if (!isBinary) connection.session.receive(raw);
        notify();
      });
      notify();
    });
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    url: `ws://127.0.0.1:${port}/v1`,
    connections,
    messages,
    waitForConnection: (index, timeoutMs) =>
      until(() => connections[index], `connection #${index}`, timeoutMs),
    until,
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

/** A waiter that re-probes whenever one of `listeners` is called. */
function waiterOn(listeners: Set<() => void>): ScriptedLiveServer['until'] {
  return <T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 5000) =>
    new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const value = probe();
        if (value === undefined || value === null || value === false) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
}

/** One accepted socket: its session under the Live rules, and its script once started. */
function openConnection(deps: {
  index: number;
  request: IncomingMessage;
  ws: WebSocket;
  plan: LiveConnectionPlan;
  notify: () => void;
  until: ScriptedLiveServer['until'];
  seq: { next: number };
}): LiveConnection {
  const { index, request, ws, plan, notify, until, seq } = deps;
  const url = new URL(request.url ?? '/', 'http://localhost');
  const send = (event: Record<string, unknown> | string): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (typeof event === 'string') return ws.send(event);
    // Every server event has an event_id, except the output audio delta.
    const audio = event.type === 'session.output_audio.delta';
    ws.send(JSON.stringify(audio ? event : { event_id: `evt_${++seq.next}`, ...event }));
  };
  const onStarted = (): void => {
    connection.startedAt = performance.now();
    notify();
    void runScript(connection, plan.script ?? [], until).catch((error: unknown) => {
      connection.scriptError = error instanceof Error ? error : new Error(String(error));
    });
  };
  const io = { send, close: (code: number, reason: string) => ws.close(code, reason) };
  const connection: LiveConnection = {
    index,
    path: url.pathname,
    query: url.search,
    headers: request.headers,
    socket: ws,
    messages: [],
    startedAt: null,
    scriptError: null,
    send,
    session: new LiveServerSession(io, plan, onStarted),
  };
  ws.on('close', () => {
    connection.session.closed = true;
    notify();
  });
  ws.on('error', () => {});
  return connection;
}

type Until = ScriptedLiveServer['until'];

async function runScript(
  connection: LiveConnection,
  steps: LiveStep[],
  until: Until,
): Promise<void> {
  let cursor = connection.messages.length;
  for (const step of steps) {
    if (connection.session.closed) throw new Error('socket closed before the script finished');
    if ('send' in step) connection.send(step.send);
    else if ('delayMs' in step) await new Promise((r) => setTimeout(r, step.delayMs));
    else if ('atTimelineMs' in step) {
      const { session } = connection;
      const what = `the timeline to reach ${step.atTimelineMs} ms`;
      await until(
        () => session.closed || session.timelineMs >= step.atTimelineMs,
        what,
        step.timeoutMs,
      );
      if (session.timelineMs < step.atTimelineMs) throw new Error(`closed before ${what}`);
    } else if ('waitFor' in step) {
      const match = step.waitFor;
      const matches = (m: LiveMessage): boolean =>
        typeof match === 'string' ? m.type === match : match(m);
      const found = await until(
        () => {
          const i = connection.messages.findIndex((m, k) => k >= cursor && matches(m));
          return i >= 0 ? i + 1 : undefined;
        },
        `a client event matching ${typeof match === 'string' ? match : 'a predicate'}`,
        step.timeoutMs,
      );
      cursor = found;
    } else if ('sessionClosed' in step) connection.session.end(step.sessionClosed);
    else if ('terminate' in step) connection.socket.terminate();
  }
}

function record(connection: LiveConnection, raw: string): LiveMessage {
  let json: Record<string, unknown> | null = null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      json = value as Record<string, unknown>;
    }
  } catch {
    json = null;
  }
  const type = typeof json?.type === 'string' ? json.type : null;
  const afterStarted = connection.startedAt !== null;
  return {
    connectionIndex: connection.index,
    at: performance.now(),
    raw,
    json,
    type,
    afterStarted,
  };
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/** Server events as the Live API sends them, for scripts. */
export const liveEvents = {
  input: (delta: string, startMs: number, endMs: number) => ({
    type: 'session.input_transcript.delta',
    delta,
    start_ms: startMs,
    end_ms: endMs,
  }),
  output: (delta: string, startMs: number, endMs: number) => ({
    type: 'session.output_transcript.delta',
    delta,
    start_ms: startMs,
    end_ms: endMs,
  }),
  delegation: (id: string, offsetMs: number) => ({
    type: 'session.delegation.created',
    offset_ms: offsetMs,
    delegation: { id, type: 'delegation', target: 'client' },
  }),
  audio: (base64: string) => ({ type: 'session.output_audio.delta', delta: base64 }),
};
