/**
 * One client of the long-session benchmark, in a process of its own (`--expose-gc`): a loopback
 * mock in this process replays an hour of conversation to it as fast as it takes it, turn by
 * turn, while the client streams the microphone back. It sends one {@link LongSessionReport}.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { OpenAIRealtimeWebSocket } from '@openai/agents-realtime';
import { decodeAudioMessage } from '../../preload/audio-wire';
import { createRandom } from '../seeded-random';
import { FRAME_SAMPLES, tone } from './mock-audio';
import { buildTurn } from './long-session-script';
import { startInProcessApp } from './in-process-app';

/** The plan every client replays. */
export const LONG_SESSION = {
  seed: 0x10a9,
  simulatedMs: 60 * 60_000,
  taskEveryMs: 3 * 60_000,
  warmUpMs: 10 * 60_000,
};

/** Memory after a full GC, in MB. */
interface Memory {
  heapMb: number;
  rssMb: number;
}

/** What the process reports when the hour is done. */
export interface LongSessionReport {
  kind: 'long_session';
  client: string;
  turns: number;
  captureFrames: number;
  serverEvents: number;
  tasks: number | null;
  wallMs: number;
  warm: Memory;
  end: Memory;
  /** Emitter listeners still subscribed after dispose (null: the client cannot tell). */
  listenersLeft: number | null;
  /** Handles (timers, sockets, child processes) alive after dispose beyond those before start. */
  resourcesLeft: Record<string, number>;
}

/** The replayed client as the driver sees it. */
interface Client {
  capture(pcm: Int16Array): void;
  received(): number;
  tasksDone(): Promise<number | null>;
  listenerCount(): number | null;
  dispose(): Promise<void>;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const memory = (): Memory => {
  gc();
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapMb: heapUsed / 2 ** 20, rssMb: rss / 2 ** 20 };
};
const resources = (): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
};
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The cloud stand-in: answers `session.update`, counts appends, sends what it is given. */
class ReplayServer {
  readonly http = createServer((_req, res) => res.writeHead(404).end());
  readonly wss = new WebSocketServer({ server: this.http });
  socket: WebSocket | null = null;
  appends = 0;
  sent = 0;
  readonly session: Promise<void>;

  constructor() {
    this.session = new Promise((resolve) => {
      this.wss.on('connection', (socket) => {
        this.socket = socket;
        // The server opens with the session it made; the client configures it after.
        this.send(
          JSON.stringify({
            type: 'session.created',
            event_id: 'ev_c',
            session: { id: 'sess_long' },
          }),
        );
        socket.on('message', (data, isBinary) => {
          if (isBinary) return;
          const text = data.toString();
          if (text.startsWith('{"type":"input_audio_buffer.append"')) return void this.appends++;
          const event = JSON.parse(text) as { type?: string; session?: object };
          if (event.type !== 'session.update') return;
          const session = { ...event.session, id: 'sess_long', model: 'gpt-realtime' };
          this.send(JSON.stringify({ type: 'session.updated', event_id: 'ev_u', session }));
          resolve();
        });
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}/v1/realtime`;
  }

  send(text: string): void {
    this.sent++;
    this.socket?.send(text);
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

async function startParley(url: string): Promise<Client> {
  let received = 0;
  const played = new Map<string, number>();
  let report: ((itemId: string, samples: number) => void) | null = null;
  const parley = await startInProcessApp(url, {
    onPageMessage: (data) => {
      const msg = decodeAudioMessage(data);
      if (msg.kind !== 'play') return;
      // The page plays at once and says so, as a worklet with an empty buffer does.
      const total = (played.get(msg.itemId) ?? 0) + msg.pcm.length;
      played.set(msg.itemId, total);
      report?.(msg.itemId, total);
    },
    watchTransport: (transport) => void transport.on('message', () => received++),
  });
  report = parley.played;
  const tasks = () => {
    const result = parley.app.handlers['tasks.list'](undefined);
    if (result instanceof Promise || !result.ok)
      throw new Error('tasks.list did not answer at once');
    return result.value;
  };
  return {
    capture: (pcm) => parley.capture(pcm),
    received: () => received,
    tasksDone: async () => {
      for (let i = 0; i < 200 && !tasks().every((t) => t.status === 'done'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return tasks().filter((t) => t.status === 'done').length;
    },
    listenerCount: () => parley.app.listenerCount(),
    dispose: () => parley.dispose(),
  };
}

async function startPeer(url: string): Promise<Client> {
  let received = 0;
  const transport = new OpenAIRealtimeWebSocket({
    url,
    createWebSocket: async ({ url: target, apiKey }) => {
      const socket = new WebSocket(target, { headers: { Authorization: `Bearer ${apiKey}` } });
      socket.addEventListener('message', () => received++);
      return socket;
    },
  });
  transport.on('error', () => {});
  await transport.connect({ apiKey: 'sk-bench-not-a-real-key', model: 'gpt-realtime' });
  return {
    capture: (pcm) => transport.sendAudio(pcm.slice().buffer),
    received: () => received,
    tasksDone: async () => null,
    listenerCount: () => null,
    dispose: async () => transport.close(),
  };
}

async function waitFor(what: string, done: () => boolean): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`long session: ${what} did not arrive`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

async function run(which: string): Promise<LongSessionReport> {
  const server = new ReplayServer();
  const url = await server.listen();
  const before = resources();
  const client = which === 'parley' ? await startParley(url) : await startPeer(url);
  await server.session;
  const random = createRandom(LONG_SESSION.seed);
  const frame = tone(FRAME_SAMPLES);
  let simulated = 0;
  let turns = 0;
  let captureFrames = 0;
  let nextTask = LONG_SESSION.taskEveryMs;
  let warm: Memory | null = null;
  const started = performance.now();
  while (simulated < LONG_SESSION.simulatedMs) {
    const delegate = simulated >= nextTask;
    if (delegate) nextTask += LONG_SESSION.taskEveryMs;
    const turn = buildTurn(++turns, random, delegate);
    for (const event of turn.events) server.send(event);
    for (let f = 0; f < turn.captureFrames; f++) {
      client.capture(frame);
      if (f % 50 === 49) await tick();
    }
    captureFrames += turn.captureFrames;
    await waitFor('appends', () => server.appends >= captureFrames);
    await waitFor('server events', () => client.received() >= server.sent);
    simulated += turn.simulatedMs;
    if (!warm && simulated >= LONG_SESSION.warmUpMs) warm = memory();
  }
  const tasks = await client.tasksDone();
  const end = memory();
  const wallMs = performance.now() - started;
  await client.dispose();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const listenersLeft = client.listenerCount();
  const after = resources();
  await server.close();
  const resourcesLeft: Record<string, number> = {};
  for (const [kind, n] of Object.entries(after)) {
    const extra = n - (before[kind] ?? 0);
    if (extra > 0) resourcesLeft[kind] = extra;
  }
  return {
    kind: 'long_session',
    client: which,
    turns,
    captureFrames,
    serverEvents: server.sent,
    tasks,
    wallMs,
    warm: warm ?? end,
    end,
    listenersLeft,
    resourcesLeft,
  };
}

const which = process.argv[2] ?? 'parley';
run(which).then(
  (report) => {
    process.send?.(report);
    process.disconnect?.();
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
