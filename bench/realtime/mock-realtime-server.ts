import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { FRAME_MS, paced } from './mock-audio';
import { ReplyScript } from './mock-replies';

/** How the mock streams one connection's replies. */
export interface StreamPlan {
  /** Audio frames (20 ms deltas) in all. */
  frames: number;
  /** Frames per reply (a reply is a response with its item). */
  replyFrames: number;
  /** `realtime`: one delta per 20 ms; `burst`: every delta at once, as servers often send. */
  pace: 'realtime' | 'burst';
  /** Delay before the first frame, so connections do not all wake at the same instant. */
  phaseMs?: number;
}

/** What the mock reports to its driver; every `at` is `performance.timeOrigin + now()` (ms). */
export type MockReport =
  | { kind: 'session'; role: string; at: number }
  | { kind: 'streamed'; role: string; frames: number; at: number }
  | { kind: 'appends'; role: string; appends: number; at: number }
  | { kind: 'speech_started'; role: string; itemId: string; at: number }
  | { kind: 'truncate'; role: string; itemId: string; audioEndMs: number; at: number }
  | { kind: 'closed'; role: string; at: number };

/** An epoch time with sub-millisecond precision, comparable across processes. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

interface Connection {
  role: string;
  socket: WebSocket;
  script: ReplyScript;
  appends: number;
  /** Report once this many appends came in. */
  appendsGoal: number;
  stop: (() => void) | null;
}

/**
 * A loopback mock of the GA Realtime API for the benchmarks: it answers `session.update`,
 * streams scripted replies on command, counts the client's audio appends and reports
 * truncates. Each connection names its role in the query (`?bench=parley`).
 */
export class MockRealtimeServer {
  private readonly http: Server = createServer((_req, res) => res.writeHead(404).end());
  private readonly wss = new WebSocketServer({ server: this.http });
  private readonly connections = new Map<string, Connection>();

  constructor(private readonly report: (report: MockReport) => void) {
    this.wss.on('connection', (socket, req) => {
      const role = new URL(req.url ?? '/', 'http://mock').searchParams.get('bench') ?? 'unknown';
      const connection: Connection = {
        role,
        socket,
        script: new ReplyScript(role),
        appends: 0,
        appendsGoal: Number.POSITIVE_INFINITY,
        stop: null,
      };
      this.connections.set(role, connection);
      // The server opens with the session it made; the client configures it after.
      socket.send(
        JSON.stringify({
          type: 'session.created',
          event_id: 'ev_created',
          session: { id: `sess_${role}`, model: 'gpt-realtime' },
        }),
      );
      socket.on('message', (data, isBinary) => {
        if (!isBinary) this.onClientText(connection, data.toString());
      });
      socket.on('close', () => {
        connection.stop?.();
        if (this.connections.get(role) === connection) this.connections.delete(role);
        this.report({ kind: 'closed', role, at: epochNow() });
      });
    });
  }

  /** Listens on 127.0.0.1 and returns the port. */
  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    return (this.http.address() as AddressInfo).port;
  }

  /** Streams replies to `role`; reports `streamed` after the last frame and `appends` at `expectAppends`. */
  stream(role: string, plan: StreamPlan, expectAppends = 0): void {
    const connection = this.connections.get(role);
    if (!connection) throw new Error(`no connection for ${role}`);
    connection.stop?.();
    connection.appends = 0;
    connection.appendsGoal = expectAppends > 0 ? expectAppends : Number.POSITIVE_INFINITY;
    const send = (texts: string[]): void => {
      for (const text of texts) connection.socket.send(text);
    };
    let words = '';
    const emitFrame = (k: number): boolean => {
      if (k >= plan.frames) return false;
      const inReply = k % plan.replyFrames;
      if (inReply === 0) {
        words = '';
        send(connection.script.open());
      }
      const texts = connection.script.frame(inReply);
      if (texts.length > 1) words += ` word${inReply} and`;
      send(texts);
      const last = k === plan.frames - 1;
      if (inReply === plan.replyFrames - 1 || last) send(connection.script.close(words));
      if (last) this.report({ kind: 'streamed', role, frames: plan.frames, at: epochNow() });
      return !last;
    };
    if (plan.pace === 'burst') {
      for (let k = 0; emitFrame(k); k++);
      return;
    }
    const begin = (): void => {
      connection.stop = paced(FRAME_MS, emitFrame);
    };
    if (plan.phaseMs) {
      const timer = setTimeout(begin, plan.phaseMs);
      connection.stop = () => clearTimeout(timer);
    } else begin();
  }

  /** The user starts speaking now (server VAD), over whatever is playing. */
  speechStarted(role: string): void {
    const connection = this.connections.get(role);
    if (!connection) throw new Error(`no connection for ${role}`);
    const itemId = `user_${role}_barge_${Math.floor(epochNow())}`;
    const event = {
      type: 'input_audio_buffer.speech_started',
      event_id: `ev_${itemId}`,
      item_id: itemId,
      audio_start_ms: 0,
    };
    this.report({ kind: 'speech_started', role, itemId, at: epochNow() });
    connection.socket.send(JSON.stringify(event));
  }

  /** Stops streaming to `role`. */
  halt(role: string): void {
    this.connections.get(role)?.stop?.();
  }

  async close(): Promise<void> {
    for (const { socket, stop } of this.connections.values()) {
      stop?.();
      socket.terminate();
    }
    this.wss.close();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private onClientText(connection: Connection, text: string): void {
    // Appends are most of the traffic: counted without parsing.
    if (text.startsWith('{"type":"input_audio_buffer.append"')) {
      if (++connection.appends === connection.appendsGoal) {
        const { role, appends } = connection;
        this.report({ kind: 'appends', role, appends, at: epochNow() });
      }
      return;
    }
    const event = JSON.parse(text) as {
      type?: string;
      item_id?: string;
      audio_end_ms?: number;
      session?: object;
    };
    if (event.type === 'session.update') {
      // The session as the client configured it, as the real server echoes it.
      const session = { ...event.session, id: `sess_${connection.role}`, model: 'gpt-realtime' };
      connection.socket.send(
        JSON.stringify({ type: 'session.updated', event_id: 'ev_updated', session }),
      );
      this.report({ kind: 'session', role: connection.role, at: epochNow() });
    } else if (event.type === 'conversation.item.truncate') {
      this.report({
        kind: 'truncate',
        role: connection.role,
        itemId: String(event.item_id),
        audioEndMs: Number(event.audio_end_ms),
        at: epochNow(),
      });
    }
  }
}
