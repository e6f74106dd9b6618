import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket, type RawData } from 'ws';
import type { ConversationState } from '../../../preload/schemas/conversation';
import type { Logger, LogRecord } from '../../../main/base/logger';
import type { ParleyApp } from '../../../main/app/parley-app';
import { createAccessToken } from '../../../main/host/access-token';
import { CONTRACT_PATH, startBrowserHost, type BrowserHost } from '../../../main/host/browser-host';
import { parseEnvConfig } from '../../../main/config/env-config';
import { createTestApp, invoke } from '../../support/app-harness';

const WAIT_MS = 2000;
const INDEX_HTML = '<!doctype html><title>Parley test page</title>';

let base: string;
let core: ParleyApp;
/** Listeners the test harness itself keeps on the app. */
let baseListeners = 0;
let host: BrowserHost;
let token: string;
let origin: string;
const logs: Omit<LogRecord, 'ts'>[] = [];
const sockets: WebSocket[] = [];

/** Records log lines instead of printing them. */
const recordingLog: Logger = (level, event, fields = {}) => logs.push({ level, event, ...fields });

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'parley-host-'));
  const rendererDir = join(base, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), INDEX_HTML);
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(base, 'secret.txt'), 'outside the renderer');
  // The whole app with recording fakes and an empty environment (no key from the CI box): this
  // test is about the host's surface.
  core = createTestApp({
    overrides: { log: recordingLog, platform: process.platform, env: parseEnvConfig({}) },
  }).app;
  await core.start();
  baseListeners = core.listenerCount('conversation.state');
  token = createAccessToken();
  host = await startBrowserHost({ app: core, rendererDir, port: 0, token, log: recordingLog });
  origin = `http://127.0.0.1:${host.port}`;
});

afterEach(async () => {
  const open = sockets.splice(0).filter((s) => s.readyState !== WebSocket.CLOSED);
  const closed = open.map((s) => new Promise((resolve) => s.once('close', resolve)));
  for (const socket of open) socket.terminate();
  await Promise.all(closed);
  // Let the server side see the closes before the next test counts subscriptions.
  await vi.waitFor(() => expect(core.listenerCount('conversation.state')).toBe(baseListeners));
});

afterAll(async () => {
  await host?.close();
  await core?.dispose();
  await rm(base, { recursive: true, force: true });
});

/** A raw GET, so the path reaches the server exactly as written (fetch would normalise it). */
function get(
  path: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface Client {
  ws: WebSocket;
  messages: Record<string, unknown>[];
  /** The next message (from `from` on) matching `match`. */
  waitFor(match: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  invoke(channel: string, payload?: unknown): Promise<Record<string, unknown>>;
}

let nextId = 1;

async function connect(path = `${CONTRACT_PATH}?token=${token}`): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, { origin });
  sockets.push(ws);
  const messages: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return;
    messages.push(JSON.parse(data.toString()) as Record<string, unknown>);
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const waitFor: Client['waitFor'] = (match) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = messages.find(match);
        if (!found) return false;
        waiters.delete(wake);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const wake = () => void check();
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`no matching message; got ${JSON.stringify(messages)}`));
      }, WAIT_MS);
      waiters.add(wake);
      check();
    });
  const invoke: Client['invoke'] = (channel, payload) => {
    const id = nextId++;
    ws.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
    return waitFor((m) => m.type === 'result' && m.id === id);
  };
  return { ws, messages, waitFor, invoke };
}

/** The HTTP status a refused upgrade answered with. */
function refusedStatus(
  path: string,
  headers: Record<string, string> = { origin },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, { headers });
    sockets.push(ws);
    ws.once('open', () => reject(new Error('the socket was accepted')));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('browser host: HTTP', () => {
  it('binds loopback and gives a URL with the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${token}`);
    expect(host.port).toBeGreaterThan(0);
  });

  it.each(['/', '/index.html', '/?token=', '/?token=wrong', `/?token=${token}x`, `/?tok=${token}`])(
    'refuses the page at %s with 403',
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(403);
      expect(res.body).toMatch(/access token/);
      expect(res.body).not.toContain('Parley test page');
    },
  );

  it.each(['/%69ndex.html', '/INDEX.HTML', '/Index.html', '/index.html/', '//index.html'])(
    'does not serve the page without the token when spelled %s',
    async (path) => {
      const res = await get(path);
      expect(res.status).not.toBe(200);
      expect(res.body).not.toContain('Parley test page');
    },
  );

  it.each(['/', '/index.html'])('serves the page at %s with the token, with a CSP', async (p) => {
    const res = await get(`${p}?token=${encodeURIComponent(token)}`);
    expect(res.status).toBe(200);
    expect(res.body).toBe(INDEX_HTML);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('sends the security headers on refusals too', async () => {
    const res = await get('/');
    expect(res.headers['content-security-policy']).toBeDefined();
  });

  it('serves assets without the token', async () => {
    const res = await get('/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.body).toBe('console.log(1)');
  });

  it.each([
    '/assets/..%2f..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/../secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/missing.js',
    '/assets/app.js%00',
  ])('answers 404 for %s', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('outside the renderer');
  });

  it.each(['POST', 'PUT', 'DELETE'])('refuses %s with 405', async (method) => {
    expect((await get(`/?token=${token}`, method)).status).toBe(405);
  });
});

describe('browser host: contract socket admission', () => {
  it.each([
    ['no token', CONTRACT_PATH],
    ['an empty token', `${CONTRACT_PATH}?token=`],
    ['a wrong token', `${CONTRACT_PATH}?token=wrong`],
    ['a wrong path', `/other?token=TOKEN`],
    ['the page path', `/?token=TOKEN`],
  ])('refuses %s with 403', async (_name, path) => {
    expect(await refusedStatus(path.replace('TOKEN', token))).toBe(403);
  });

  it.each([
    'http://evil.example',
    'null',
    `https://127.0.0.1:PORT`,
    `http://localhost:PORT`,
    `http://127.0.0.1:1`,
  ])('refuses the Origin %s even with the token', async (bad) => {
    const path = `${CONTRACT_PATH}?token=${token}`;
    expect(await refusedStatus(path, { origin: bad.replace('PORT', String(host.port)) })).toBe(403);
  });

  it('logs refusals without the token', async () => {
    logs.length = 0;
    await refusedStatus(`${CONTRACT_PATH}?token=wrong`);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', event: 'host.refused' }));
    expect(JSON.stringify(logs)).not.toContain(token);
  });
});

describe('browser host: contract socket', () => {
  it('answers app.info', async () => {
    const client = await connect();
    expect(await client.invoke('app.info')).toEqual({
      type: 'result',
      id: expect.any(Number),
      result: {
        ok: true,
        value: {
          name: 'Parley',
          version: '0.0.0-test',
          host: 'browser',
          platform: process.platform,
          restartCommand: null,
        },
      },
    });
  });

  it('answers settings.get without any key material', async () => {
    const client = await connect();
    const reply = await client.invoke('settings.get');
    expect(reply.result).toMatchObject({ ok: true, value: { apiKey: { source: 'none' } } });
  });

  it('rejects an invalid payload as a value', async () => {
    const client = await connect();
    const reply = await client.invoke('settings.update', { colour: 'dark' });
    expect(reply.result).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid_payload',
        message: expect.stringMatching(/settings\.update.*colour/),
      },
    });
  });

  it('rejects an unknown channel as a value', async () => {
    const client = await connect();
    expect((await client.invoke('app.shutdown')).result).toMatchObject({
      ok: false,
      error: { kind: 'unknown_channel' },
    });
  });

  it.each([
    ['a wrong type', { type: 'call', id: 41, channel: 'app.info' }, 'type'],
    ['a string channel missing', { type: 'invoke', id: 42 }, 'channel'],
    ['a non-string channel', { type: 'invoke', id: 43, channel: 7 }, 'channel'],
    ['a huge channel name', { type: 'invoke', id: 44, channel: 'x'.repeat(300) }, 'channel'],
    ['a negative id', { type: 'invoke', id: -1, channel: 'app.info' }, 'id'],
    ['a fractional id', { type: 'invoke', id: 1.5, channel: 'app.info' }, 'id'],
  ])(
    'answers a message with %s (and an id) with an error naming the field',
    async (_name, message, field) => {
      const client = await connect();
      client.ws.send(JSON.stringify(message));
      const reply = await client.waitFor((m) => m.type === 'result' && m.id === message.id);
      expect(reply.result).toEqual({
        ok: false,
        error: {
          kind: 'invalid_payload',
          message: expect.stringMatching(new RegExp(`^Malformed invoke message: ${field}: `)),
        },
      });
      expect((await client.invoke('app.info')).result).toMatchObject({ ok: true });
    },
  );

  it.each([
    ['not JSON', 'this is not json', 'not_json', /^A text frame that is not JSON: /],
    ['JSON null', 'null', 'bad_envelope', /not an object \(got null\)/],
    ['a JSON number', '42', 'bad_envelope', /not an object \(got number\)/],
    ['a JSON array', '[1,2]', 'bad_envelope', /not an object \(got an array\)/],
    ['a wrong shape without an id', '{"type":"invoke"}', 'no_id', /without an id: id: .*channel: /],
    [
      'a string id',
      '{"type":"invoke","id":"1","channel":"app.info"}',
      'bad_envelope',
      /^Malformed invoke message: id: /,
    ],
  ])(
    'answers %s with a connection.error naming what is wrong, and stays usable',
    async (_name, text, problem, message) => {
      const client = await connect();
      client.ws.send(text);
      const error = await client.waitFor((m) => m.event === 'connection.error');
      expect(error).toEqual({
        type: 'event',
        event: 'connection.error',
        payload: { problem, message: expect.stringMatching(message) },
      });
      const reply = await client.invoke('app.info');
      expect(reply.result).toMatchObject({ ok: true });
      expect(client.messages.filter((m) => m.type === 'result')).toHaveLength(1);
    },
  );

  it('answers a binary frame before app.ready with a connection.error, and stays usable', async () => {
    const client = await connect();
    client.ws.send(Buffer.from(JSON.stringify({ type: 'invoke', id: 99, channel: 'app.info' })));
    const error = await client.waitFor((m) => m.event === 'connection.error');
    expect(error.payload).toEqual({
      problem: 'binary',
      message: expect.stringMatching(/^A binary frame before app\.ready \(\d+ bytes\)/),
    });
    const reply = await client.invoke('app.info');
    expect(reply.result).toMatchObject({ ok: true });
    expect(client.messages.some((m) => m.id === 99)).toBe(false);
  });

  it('answers a binary frame that is not audio after app.ready with a connection.error', async () => {
    const client = await connect();
    await client.invoke('app.ready');
    client.ws.send(Buffer.from('{"type":"invoke"}'));
    const error = await client.waitFor((m) => m.event === 'connection.error');
    expect(error.payload).toEqual({
      problem: 'binary',
      message: expect.stringMatching(/^A binary frame that is not audio \(17 bytes\)/),
    });
  });

  it('closes a socket that sends an oversized message, and keeps serving others', async () => {
    const client = await connect();
    const closed = new Promise<number>((resolve) => client.ws.once('close', resolve));
    client.ws.send('x'.repeat(1024 * 1024 + 16));
    expect(await closed).toBe(1009);
    await vi.waitFor(() =>
      expect(logs).toContainEqual(expect.objectContaining({ event: 'host.socket_error' })),
    );
    const other = await connect();
    expect((await other.invoke('app.info')).result).toMatchObject({ ok: true });
  });
});

describe('browser host: events', () => {
  /** With no key a start fails at once: the state says why (a real event, no server needed). */
  const NO_KEY = /API key/;
  const isNoKeyState = (m: Record<string, unknown>) =>
    m.type === 'event' && NO_KEY.test(String((m.payload as ConversationState).error?.summary));

  it('queues events until app.ready, then delivers them in order', async () => {
    const client = await connect();
    await invoke(core, 'conversation.start');
    await delay(100);
    expect(client.messages.filter((m) => m.type === 'event')).toEqual([]);

    const ready = await client.invoke('app.ready');
    expect(ready.result).toEqual({ ok: true, value: null });
    await client.waitFor(isNoKeyState);
    const events = client.messages.filter((m) => m.type === 'event');
    expect(new Set(events.map((m) => m.event))).toEqual(new Set(['conversation.state']));
    // First the state when the socket attached, then what happened while it was not ready: the
    // start announcing its settings, then its failure.
    const errors = events.map((m) => (m.payload as ConversationState).error?.summary ?? null);
    expect(errors).toEqual([null, null, expect.stringMatching(NO_KEY)]);
    // The result of app.ready comes before the flushed events.
    expect(client.messages.indexOf(ready)).toBeLessThan(client.messages.indexOf(events[0]!));

    const before = events.length;
    await invoke(core, 'conversation.start');
    await client.waitFor(
      (m) =>
        isNoKeyState(m) && client.messages.filter((x) => x.type === 'event').length > before + 1,
    );
  });

  it('gives each socket its own queue', async () => {
    const ready = await connect();
    await ready.invoke('app.ready');
    const notReady = await connect();
    await invoke(core, 'conversation.start');
    await ready.waitFor(isNoKeyState);
    await delay(50);
    expect(notReady.messages).toEqual([]);
  });

  it('unsubscribes from the app when a socket closes', async () => {
    const count = () => core.listenerCount('conversation.state');
    expect(count()).toBe(baseListeners);
    const client = await connect();
    expect(count()).toBe(baseListeners + 1);
    client.ws.close();
    await vi.waitFor(() => expect(count()).toBe(baseListeners));
  });
});
