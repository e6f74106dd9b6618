import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
  type ScriptedServerOptions,
} from '../../fakes/scripted-realtime-server';

const WAIT_MS = 2000;
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(options: ScriptedServerOptions = {}): Promise<ScriptedRealtimeServer> {
  const server = await startScriptedRealtimeServer(options);
  cleanups.push(() => server.close());
  return server;
}

interface Frame {
  data: string;
  binary: boolean;
  at: number;
}

/** A plain ws client recording what it receives, independent of the transport under test. */
class RecordingClient {
  readonly frames: Frame[] = [];
  closeInfo: { code: number; reason: string } | null = null;
  private readonly waiters = new Set<() => void>();

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, binary) => {
      const text = Buffer.from(data as Buffer).toString(binary ? 'hex' : 'utf8');
      this.frames.push({ data: text, binary, at: performance.now() });
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closeInfo = { code, reason: reason.toString() };
      this.wake();
    });
    ws.on('error', () => {});
    cleanups.push(() => ws.terminate());
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<RecordingClient> {
    const ws = new WebSocket(url, { headers });
    const client = new RecordingClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  send(event: object | string): void {
    this.ws.send(typeof event === 'string' ? event : JSON.stringify(event));
  }

  waitFrames(count: number, timeoutMs = WAIT_MS): Promise<Frame[]> {
    return this.until(
      () => (this.frames.length >= count ? this.frames : undefined),
      timeoutMs,
      `${count} frames`,
    );
  }

  waitClose(timeoutMs = WAIT_MS): Promise<{ code: number; reason: string }> {
    return this.until(() => this.closeInfo ?? undefined, timeoutMs, 'close');
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const value = probe();
        if (value === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`client: no ${what} within ${timeoutMs} ms (have ${this.frames.length})`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}

const json = (frame: Frame | undefined): unknown => JSON.parse(frame?.data ?? 'null');

describe('scripted realtime server (the test fake itself)', () => {
  it('listens on loopback and records path, query and headers of each connection', async () => {
    const server = await startServer();
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(server.url).toBe(`ws://127.0.0.1:${server.port}/v1`);
    await RecordingClient.open(`${server.url}/realtime?model=m1&intent=quicksilver`, {
      Authorization: 'Bearer k',
    });
    const connection = await server.waitForConnection(0);
    expect(connection.index).toBe(0);
    expect(connection.path).toBe('/v1/realtime');
    expect(connection.query).toEqual({ model: 'm1', intent: 'quicksilver' });
    expect(connection.headers.authorization).toBe('Bearer k');
    expect(connection.refusedWith).toBeNull();
  });

  it('replays send, raw send, binary, delay, waitFor and close steps in order', async () => {
    const server = await startServer({
      script: [
        { send: { type: 'session.created' } },
        { waitFor: 'session.update' },
        { send: 'not json{' },
        { sendBinary: Uint8Array.from([0xde, 0xad]) },
        { delayMs: 50 },
        { send: { type: 'after.delay' } },
        { waitFor: (m) => m.json?.['n'] === 2 },
        { close: 4002, reason: 'script done' },
      ],
    });
    const client = await RecordingClient.open(server.url);
    const [first] = await client.waitFrames(1);
    expect(json(first)).toEqual({ type: 'session.created' });
    // Nothing more until the client sends the awaited message.
    client.send({ type: 'other' });
    await server.waitForMessage('other');
    expect(client.frames).toHaveLength(1);

    client.send({ type: 'session.update' });
    const frames = await client.waitFrames(4);
    expect(frames[1]).toMatchObject({ data: 'not json{', binary: false });
    expect(frames[2]).toMatchObject({ data: 'dead', binary: true });
    expect(json(frames[3])).toEqual({ type: 'after.delay' });
    expect((frames[3]?.at ?? 0) - (frames[2]?.at ?? 0)).toBeGreaterThanOrEqual(40);

    client.send({ type: 'count', n: 1 });
    client.send({ type: 'count', n: 2 });
    expect(await client.waitClose()).toEqual({ code: 4002, reason: 'script done' });
    const connection = await server.waitForConnection(0);
    await connection.scriptDone;
    expect(connection.scriptError).toBeNull();
    expect(await connection.waitForClose()).toMatchObject({ code: 4002, reason: 'script done' });
  });

  it('matches waitFor steps against messages already received, each message once', async () => {
    const server = await startServer({
      script: [{ waitFor: 'a' }, { waitFor: 'a' }, { send: { type: 'two a seen' } }],
    });
    const client = await RecordingClient.open(server.url);
    client.send({ type: 'a' });
    const connection = await server.waitForConnection(0);
    await server.waitForMessage('a');
    await new Promise<void>((resolve) => client.ws.ping(undefined, undefined, () => resolve()));
    expect(client.frames).toHaveLength(0);
    client.send({ type: 'a' });
    expect(json((await client.waitFrames(1))[0])).toEqual({ type: 'two a seen' });
    await connection.scriptDone;
    expect(connection.scriptError).toBeNull();
  });

  it('records every client message with a timestamp, parsed JSON and type', async () => {
    const server = await startServer();
    const client = await RecordingClient.open(server.url);
    const before = performance.now();
    client.send({ type: 'input_audio_buffer.append', audio: 'AAAA' });
    client.send('garbage');
    client.send('[1,2]');
    const last = await server.waitForMessage((m) => m.raw === '[1,2]');
    const [first, second] = server.messages;
    expect(first).toMatchObject({
      connectionIndex: 0,
      type: 'input_audio_buffer.append',
      json: { type: 'input_audio_buffer.append', audio: 'AAAA' },
      binary: false,
    });
    expect(first?.at).toBeGreaterThanOrEqual(before);
    expect(second).toMatchObject({ raw: 'garbage', json: null, type: null });
    expect(last).toMatchObject({ json: null, type: null });
    expect(server.messages).toHaveLength(3);
    expect(server.connections[0]?.messages).toEqual(server.messages);
    expect(server.messagesOfType('input_audio_buffer.append')).toHaveLength(1);
  });

  it('waitForMessage searches from an index and times out with what it got', async () => {
    const server = await startServer();
    const client = await RecordingClient.open(server.url);
    client.send({ type: 'x', n: 1 });
    await server.waitForMessage('x');
    const next = server.waitForMessage('x', WAIT_MS, server.messages.length);
    client.send({ type: 'x', n: 2 });
    expect((await next).json).toEqual({ type: 'x', n: 2 });
    await expect(server.waitForMessage('never', 50)).rejects.toThrow(
      /Timed out after 50 ms .*"never".*\[x, x\]/,
    );
  });

  it('gives the 1st, 2nd and later connections their own scripts', async () => {
    const server = await startServer({
      scripts: [[{ terminate: true }], [{ send: { type: 'second' } }]],
      script: [{ send: { type: 'default' } }],
    });
    const first = await RecordingClient.open(server.url);
    expect((await first.waitClose()).code).toBe(1006);
    const second = await RecordingClient.open(server.url);
    expect(json((await second.waitFrames(1))[0])).toEqual({ type: 'second' });
    const third = await RecordingClient.open(server.url);
    expect(json((await third.waitFrames(1))[0])).toEqual({ type: 'default' });
    expect(server.connections.map((c) => c.index)).toEqual([0, 1, 2]);
  });

  it('builds a script per connection from a function', async () => {
    const server = await startServer({
      script: (c) => [{ send: { type: 'hello', index: c.index } }],
    });
    const client = await RecordingClient.open(server.url);
    expect(json((await client.waitFrames(1))[0])).toEqual({ type: 'hello', index: 0 });
  });

  it('refuses upgrades with an HTTP status, per connection', async () => {
    const server = await startServer({ refuse: (c) => (c.index === 0 ? 401 : null) });
    const refused = new WebSocket(server.url);
    const status = await new Promise<number>((resolve, reject) => {
      refused.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => {
          expect(JSON.parse(body)).toMatchObject({ error: { code: 401 } });
          resolve(res.statusCode ?? 0);
        });
      });
      refused.on('open', () => reject(new Error('upgrade was not refused')));
      refused.on('error', () => {});
    });
    refused.terminate();
    expect(status).toBe(401);
    expect((await server.waitForConnection(0)).refusedWith).toBe(401);
    await RecordingClient.open(server.url);
    expect((await server.waitForConnection(1)).refusedWith).toBeNull();
  });

  it('lets the test push events live to one connection or all', async () => {
    const server = await startServer();
    const a = await RecordingClient.open(server.url);
    const b = await RecordingClient.open(server.url);
    await server.waitForConnection(1);
    server.sendToAll({ type: 'broadcast' });
    server.connections[1]?.send({ type: 'only b' });
    server.connections[0]?.send('raw');
    expect((await a.waitFrames(2)).map((f) => f.data)).toEqual(['{"type":"broadcast"}', 'raw']);
    expect((await b.waitFrames(2)).map((f) => json(f))).toEqual([
      { type: 'broadcast' },
      { type: 'only b' },
    ]);
  });

  it('pings the client and counts client pings; autoPong false leaves pings unanswered', async () => {
    const server = await startServer({ autoPong: false });
    const client = await RecordingClient.open(server.url);
    const connection = await server.waitForConnection(0);
    await connection.ping(WAIT_MS);
    let ponged = false;
    client.ws.on('pong', () => (ponged = true));
    client.ws.ping();
    await connection.waitUntil(() => (connection.pings === 1 ? true : undefined), WAIT_MS, 'ping');
    // A frame sent after the ping arrives after any pong would have.
    connection.send({ type: 'marker' });
    await client.waitFrames(1);
    expect(ponged).toBe(false);
  });

  it('records a script error when a waitFor times out or the socket closes', async () => {
    const server = await startServer({
      scripts: [[{ waitFor: 'never', timeoutMs: 30 }], [{ waitFor: 'never' }]],
    });
    await RecordingClient.open(server.url);
    const timedOut = await server.waitForConnection(0);
    await timedOut.scriptDone;
    expect(timedOut.scriptError?.message).toMatch(/Timed out after 30 ms .*"never"/);

    const client = await RecordingClient.open(server.url);
    const closed = await server.waitForConnection(1);
    client.ws.close();
    await closed.scriptDone;
    expect(closed.scriptError?.message).toMatch(/socket closed/);
  });

  it('close() drops clients, stops listening and is idempotent', async () => {
    const server = await startServer();
    const client = await RecordingClient.open(server.url);
    await Promise.all([server.close(), server.close()]);
    expect((await client.waitClose()).code).toBe(1006);
    await expect(RecordingClient.open(server.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
