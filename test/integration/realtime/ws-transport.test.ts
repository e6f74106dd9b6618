import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import {
  TransportConnectError,
  TransportNotOpenError,
  type SocketFactory,
  type SocketOptions,
  type TransportClose,
  type TransportEvents,
} from '../../../main/realtime/transport';
import { WsTransport } from '../../../main/realtime/ws-transport';
import {
  DEFAULT_MAX_PAYLOAD,
  defaultSocketFactory,
  type WsTransportOptions,
} from '../../../main/realtime/ws-transport-options';
import { FakeClock } from '../../fakes/fake-clock';
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

/** A transport whose every event is recorded in `events`. */
function makeTransport(options: WsTransportOptions) {
  const transport = new WsTransport(options);
  const events: { event: keyof TransportEvents; payload: unknown }[] = [];
  for (const event of ['open', 'message', 'binary', 'close', 'error'] as const) {
    transport.on(event, (payload) => events.push({ event, payload }));
  }
  cleanups.push(() => transport.dispose());
  const of = <K extends keyof TransportEvents>(event: K) =>
    events.filter((e) => e.event === event).map((e) => e.payload as TransportEvents[K]);
  return { transport, events, of };
}

/** The next `event` from `transport`, failing after `timeoutMs`. */
function nextEvent<K extends keyof TransportEvents & string>(
  transport: WsTransport,
  event: K,
  timeoutMs = WAIT_MS,
): Promise<TransportEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = transport.on(event, (payload) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

async function connectedPair(
  serverOptions: ScriptedServerOptions = {},
  options: Partial<WsTransportOptions> = {},
) {
  const server = await startServer(serverOptions);
  const made = makeTransport({ url: `${server.url}/realtime?model=m`, ...options });
  await made.transport.connect();
  const connection = await server.waitForConnection(0);
  return { server, connection, ...made };
}

/** A TCP server that accepts connections and never answers: a handshake that hangs. */
async function startSilentServer(): Promise<{ url: string; connected: Promise<Socket> }> {
  const sockets: Socket[] = [];
  let onConnection: (socket: Socket) => void = () => {};
  const connected = new Promise<Socket>((resolve) => (onConnection = resolve));
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `ws://127.0.0.1:${address.port}/v1/realtime`, connected };
}

function connectError(promise: Promise<unknown>): Promise<TransportConnectError> {
  return promise.then(
    () => {
      throw new Error('connect() resolved but should have failed');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(TransportConnectError);
      return error as TransportConnectError;
    },
  );
}

describe('WsTransport over a real loopback server', () => {
  it('connects with the headers, path and query reaching the server', async () => {
    const server = await startServer();
    const { transport, of } = makeTransport({
      url: `${server.url}/realtime?intent=quicksilver&model=gpt-realtime-1.5`,
      headers: {
        Authorization: 'Bearer sk-test',
        'x-session-id': 'local-1',
        'openai-alpha': 'quicksilver=v1',
      },
    });
    expect(transport.state).toBe('idle');
    await transport.connect();
    expect(transport.state).toBe('open');
    expect(of('open')).toHaveLength(1);
    const connection = await server.waitForConnection(0);
    expect(connection.path).toBe('/v1/realtime');
    expect(connection.query).toEqual({ intent: 'quicksilver', model: 'gpt-realtime-1.5' });
    expect(connection.headers.authorization).toBe('Bearer sk-test');
    expect(connection.headers['x-session-id']).toBe('local-1');
    expect(connection.headers['openai-alpha']).toBe('quicksilver=v1');
  });

  it('passes headers and a 16 MiB maxPayload to the injected socket factory', async () => {
    const server = await startServer();
    const calls: { url: string; options: SocketOptions }[] = [];
    const factory: SocketFactory = (url, options) => {
      calls.push({ url, options });
      return defaultSocketFactory(url, options);
    };
    const { transport } = makeTransport({
      url: server.url,
      headers: { a: 'b' },
      socketFactory: factory,
    });
    await transport.connect();
    expect(calls).toEqual([
      { url: server.url, options: { headers: { a: 'b' }, maxPayload: DEFAULT_MAX_PAYLOAD } },
    ]);
    expect(DEFAULT_MAX_PAYLOAD).toBe(16 * 1024 * 1024);
  });

  it('carries text frames both ways', async () => {
    const { server, connection, transport } = await connectedPair();
    transport.send(JSON.stringify({ type: 'session.update', session: { voice: 'marin' } }));
    const received = await server.waitForMessage('session.update');
    expect(received.json).toEqual({ type: 'session.update', session: { voice: 'marin' } });

    const message = nextEvent(transport, 'message');
    connection.send({ type: 'session.updated', session: { id: 's1' } });
    expect(JSON.parse(await message)).toEqual({ type: 'session.updated', session: { id: 's1' } });
  });

  it('reports a binary frame through the binary event, not as a message', async () => {
    const { connection, transport, of } = await connectedPair();
    const marker = nextEvent(transport, 'message');
    connection.sendBinary(Uint8Array.from([1, 2, 3]));
    connection.send({ type: 'after.binary' });
    expect(JSON.parse(await marker)).toEqual({ type: 'after.binary' });
    expect(of('binary')).toHaveLength(1);
    expect(of('binary')[0]?.byteLength).toBe(3);
    expect([...(of('binary')[0]?.data ?? [])]).toEqual([1, 2, 3]);
    expect(of('message')).toHaveLength(1);
    expect(transport.state).toBe('open');
  });

  it('maps a server close to transport_closed with its code and reason', async () => {
    const { connection, transport, of } = await connectedPair();
    const closed = nextEvent(transport, 'close');
    connection.close(4000, 'server going away');
    expect(await closed).toEqual<TransportClose>({
      reason: 'transport_closed',
      code: 4000,
      detail: 'server going away',
    });
    expect(transport.state).toBe('closed');
    expect(of('close')).toHaveLength(1);
    expect(of('error')).toHaveLength(0);
  });

  it('maps a server terminate (dropped TCP) to transport_closed', async () => {
    const { connection, transport } = await connectedPair();
    const closed = nextEvent(transport, 'close');
    connection.terminate();
    expect(await closed).toMatchObject({ reason: 'transport_closed', code: 1006 });
  });

  it('closes on request with reason requested; close is idempotent and send then throws', async () => {
    const { connection, transport, of } = await connectedPair();
    const closed = nextEvent(transport, 'close');
    transport.close();
    transport.close();
    expect(transport.state).toBe('closing');
    expect(() => transport.send('{}')).toThrow(TransportNotOpenError);
    expect(await closed).toMatchObject({ reason: 'requested', code: 1000 });
    expect(await connection.waitForClose()).toMatchObject({ code: 1000 });
    transport.close();
    transport.dispose();
    transport.dispose();
    expect(of('close')).toHaveLength(1);
    expect(() => transport.send('{}')).toThrow(/closed/);
  });

  it('keeps reason requested when the server closes at the same time', async () => {
    const { connection, transport } = await connectedPair();
    const closed = nextEvent(transport, 'close');
    connection.close(4001, 'racing');
    transport.close();
    expect((await closed).reason).toBe('requested');
  });

  it('rejects send before connect with a clear error', () => {
    const { transport } = makeTransport({ url: 'ws://127.0.0.1:1/v1/realtime' });
    expect(() => transport.send('{}')).toThrow(TransportNotOpenError);
    expect(() => transport.send('{}')).toThrow('Cannot send: the realtime transport is idle');
  });

  it('rejects a second connect()', async () => {
    const { transport } = await connectedPair();
    await expect(transport.connect()).rejects.toThrow(/called on a transport that is open/);
  });

  it('aborts a hanging handshake on close(): connect rejects, no open/close events', async () => {
    const silent = await startSilentServer();
    const { transport, events } = makeTransport({ url: silent.url });
    const connecting = connectError(transport.connect());
    await silent.connected;
    expect(transport.state).toBe('connecting');
    transport.close();
    const error = await connecting;
    expect(error.failure).toBe('aborted');
    expect(transport.state).toBe('closed');
    expect(events).toEqual([]);
  });

  it('aborts when closed synchronously right after connect()', async () => {
    const server = await startServer();
    const { transport, events } = makeTransport({ url: server.url });
    const connecting = connectError(transport.connect());
    transport.dispose();
    expect((await connecting).failure).toBe('aborted');
    expect(events).toEqual([]);
  });

  it('times out a hanging handshake on the injected clock', async () => {
    const silent = await startSilentServer();
    const clock = new FakeClock();
    const { transport } = makeTransport({ url: silent.url, clock, connectTimeoutMs: 5000 });
    const connecting = connectError(transport.connect());
    await silent.connected;
    clock.advance(4999);
    expect(transport.state).toBe('connecting');
    clock.advance(1);
    const error = await connecting;
    expect(error.failure).toBe('timeout');
    expect(error.message).toContain('5000 ms');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('turns a 401 upgrade refusal into a clear error with the status and body', async () => {
    const body = JSON.stringify({ error: { message: 'Incorrect API key provided' } });
    const server = await startServer({ refuse: { status: 401, body } });
    const { transport, events } = makeTransport({
      url: server.url,
      headers: { Authorization: 'Bearer sk-secret' },
    });
    const error = await connectError(transport.connect());
    expect(error.failure).toBe('http_status');
    expect(error.status).toBe(401);
    expect(error.message).toContain('HTTP 401 Unauthorized');
    expect(error.message).toContain('Incorrect API key provided');
    expect(error.message).not.toContain('sk-secret');
    expect(transport.state).toBe('closed');
    expect(events).toEqual([]);
    expect(server.connections[0]?.refusedWith).toBe(401);
  });

  it('turns ECONNREFUSED into a clear network error', async () => {
    const server = await startScriptedRealtimeServer();
    const url = server.url;
    await server.close();
    const { transport, events } = makeTransport({ url });
    const error = await connectError(transport.connect());
    expect(error.failure).toBe('network');
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain(url);
    expect(events).toEqual([]);
  });

  it('rejects an unusable URL without throwing synchronously', async () => {
    const { transport } = makeTransport({ url: 'ftp://example.invalid/v1' });
    const error = await connectError(transport.connect());
    expect(error.failure).toBe('network');
    expect(error.message).toContain('ftp://example.invalid/v1');
  });

  it('answers server pings', async () => {
    const { connection } = await connectedPair();
    await expect(connection.ping(WAIT_MS)).resolves.toBeUndefined();
  });

  it('does not make sends wait for a read: the server receives them while it stays silent', async () => {
    const { server, transport } = await connectedPair({
      script: [{ waitFor: 'msg.4' }, { send: { type: 'late' } }],
    });
    const started = performance.now();
    for (let i = 0; i < 5; i++) transport.send(JSON.stringify({ type: `msg.${i}`, i }));
    await server.waitForMessage('msg.4', 1000);
    expect(server.messages.map((m) => m.type)).toEqual([
      'msg.0',
      'msg.1',
      'msg.2',
      'msg.3',
      'msg.4',
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(JSON.parse(await nextEvent(transport, 'message'))).toEqual({ type: 'late' });
  });

  it('closes with reason error (the server sees 1009) on a frame above maxPayload', async () => {
    const { connection, transport, of } = await connectedPair({}, { maxPayload: 1024 });
    const closed = nextEvent(transport, 'close');
    connection.send('x'.repeat(2048));
    expect(await closed).toMatchObject({
      reason: 'error',
      detail: expect.stringMatching(/max payload/i),
    });
    expect(await connection.waitForClose()).toMatchObject({ code: 1009 });
    expect(of('error')).toHaveLength(1);
    expect(of('message')).toHaveLength(0);
  });

  it('keeps a live peer open: a pong within the keepalive timeout restarts the interval', async () => {
    const clock = new FakeClock();
    const keepalive = { intervalMs: 10_000, timeoutMs: 5_000 };
    const sockets: WebSocket[] = [];
    const socketFactory: SocketFactory = (url, options) => {
      const socket = defaultSocketFactory(url, options);
      sockets.push(socket);
      return socket;
    };
    const { connection, transport } = await connectedPair({}, { clock, keepalive, socketFactory });
    const pings = (n: number) => () => (connection.pings === n ? true : undefined);
    // Only a pong comes back (no other frame), observed on the underlying socket.
    const pong = new Promise<void>((resolve) => sockets[0]?.once('pong', () => resolve()));
    clock.advance(10_000);
    await connection.waitUntil(pings(1), WAIT_MS, 'ping 1');
    await pong;
    clock.advance(5_000);
    expect(transport.state).toBe('open');
    clock.advance(5_000);
    await connection.waitUntil(pings(2), WAIT_MS, 'ping 2');
    expect(transport.state).toBe('open');
  });

  it('closes a dead peer with reason error when no pong comes back', async () => {
    const clock = new FakeClock();
    const keepalive = { intervalMs: 10_000, timeoutMs: 5_000 };
    const { connection, transport, of } = await connectedPair(
      { autoPong: false },
      { clock, keepalive },
    );
    const closed = nextEvent(transport, 'close');
    clock.advance(10_000);
    await connection.waitUntil(() => (connection.pings === 1 ? true : undefined), WAIT_MS, 'ping');
    clock.advance(4_999);
    expect(transport.state).toBe('open');
    clock.advance(1);
    expect(await closed).toMatchObject({
      reason: 'error',
      detail: expect.stringContaining('keepalive'),
    });
    expect(of('error')).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('drops the socket when the peer never finishes a requested close', async () => {
    const clock = new FakeClock();
    const { server, transport } = await connectedPair({}, { clock, closeTimeoutMs: 2000 });
    // A peer that stops reading: pause its TCP socket so the close frame is never answered.
    const serverSocket = server.connections[0]?.socket as WebSocket & {
      _socket: { pause(): void };
    };
    serverSocket._socket.pause();
    const closed = nextEvent(transport, 'close');
    transport.close();
    clock.advance(2000);
    expect(await closed).toMatchObject({ reason: 'requested', code: 1006 });
  });

  it('reports a throwing listener and still delivers to the others', async () => {
    const onListenerError = vi.fn();
    const { connection, transport } = await connectedPair({}, { onListenerError });
    transport.on('message', () => {
      throw new Error('listener bug');
    });
    const delivered = nextEvent(transport, 'message');
    connection.send({ type: 'x' });
    await delivered;
    expect(onListenerError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'listener bug' }),
    );
  });

  it('delivers nothing after dispose', async () => {
    const { connection, transport, events } = await connectedPair();
    const count = events.length;
    transport.dispose();
    await connection.waitForClose();
    expect(events.length).toBe(count);
    expect(transport.state).not.toBe('open');
  });
});
