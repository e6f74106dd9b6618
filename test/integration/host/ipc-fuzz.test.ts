import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { encodeAudioMessage } from '../../../preload/audio-wire';
import { DEFAULT_SETTINGS } from '../../../preload/schemas/settings';
import type { Result } from '../../../preload/contract';
import { createRandom, type Random } from '../../../bench/seeded-random';
import type { AppEvent } from '../../../main/app/parley-app';
import { createAccessToken } from '../../../main/host/access-token';
import { CONTRACT_PATH, startBrowserHost, type BrowserHost } from '../../../main/host/browser-host';
import { connectRenderer, type RendererConnection } from '../../../main/ipc/renderer-connection';
import { createTestApp, invoke } from '../../support/app-harness';
import { connectContractClient, type ContractClient } from '../../support/contract-client';
import {
  fuzzSeed,
  fuzzTargets,
  mutate,
  MUTATIONS,
  revealsInternals,
  sampleOf,
  type FuzzTarget,
} from '../../support/contract-fuzz';
import { runV2Handoff } from '../../support/handoff-probe';

const SEED = fuzzSeed(0x5eed_1c);
/** Payloads handed to the renderer connection in process (what Electron's IPC delivers). */
const IN_PROCESS_PAYLOADS = 10_000;
/** Frames sent over the browser host's contract socket. */
const SOCKET_FRAMES = 3_000;
/** WebSocket upgrades with a wrong token, Origin, Host or path (and a few right ones). */
const UPGRADES = 300;
/** Plain HTTP requests with a wrong Host or method. */
const HTTP_REQUESTS = 100;

const harness = createTestApp({
  env: {
    PARLEY_DELEGATE: 'command',
    PARLEY_DELEGATE_COMMAND: 'cat',
    PARLEY_TALK_MODE: 'hands-free',
  },
  overrides: { log: () => {} },
});
const { app } = harness;
const targets = fuzzTargets();
const tally = {
  inProcess: 0,
  errors: 0,
  validByChance: 0,
  frames: 0,
  connectionErrors: 0,
  upgrades: 0,
  refused: 0,
  http: 0,
};
const messages: string[] = [];
let host: BrowserHost;
let token: string;
let rendererDir: string;

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'parley-fuzz-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>fuzz</title>');
  expect((await app.start()).ok).toBe(true);
  token = createAccessToken();
  host = await startBrowserHost({ app, rendererDir, port: 0, token, log: () => {} });
});

afterAll(async () => {
  await host?.close();
  await app.dispose();
  await rm(rendererDir, { recursive: true, force: true });
  const total = tally.inProcess + tally.frames + tally.upgrades + tally.http;
  console.log(
    `ipc fuzz seed=${SEED} (set PARLEY_FUZZ_SEED to replay): ${total} inputs — ` +
      `${tally.inProcess} payloads in process and ${tally.frames} socket frames over ` +
      `${targets.length} invokes (${tally.errors} error results, ${tally.connectionErrors} ` +
      `connection.error events, ${tally.validByChance} valid by chance), ${tally.upgrades} ` +
      `upgrades (${tally.refused} refused), ${tally.http} HTTP requests`,
  );
});

/** One generated payload for `target`: usually broken, sometimes left valid. */
function payloadFor(target: FuzzTarget, random: Random, json: boolean): unknown {
  const seed = target.empty ? undefined : sampleOf(target.schema, random);
  if (random.chance(0.03)) return seed;
  const mutation = random.pick(MUTATIONS);
  return mutate(seed, mutation, random, { json, hugeChars: json ? 200_000 : 1_000_000 });
}

/** What every answer must be: a Result, an error when the payload breaks its schema. */
function checkAnswer(target: FuzzTarget | null, payload: unknown, result: Result<unknown>): void {
  expect(typeof result.ok).toBe('boolean');
  const valid = target !== null && target.request.safeParse(payload).success;
  if (!valid) {
    expect(result.ok, `${target?.channel ?? 'unknown channel'} accepted a broken payload`).toBe(
      false,
    );
  }
  if (!result.ok) {
    tally.errors++;
    if (target === null) expect(result.error.kind).toBe('unknown_channel');
    else if (!valid) expect(result.error.kind).toBe('invalid_payload');
    expect(result.error.message.length).toBeLessThan(2_000);
    expect(revealsInternals(result.error.message), result.error.message).toBe(false);
    messages.push(result.error.message);
  } else {
    tally.validByChance++;
  }
}

describe(`IPC fuzz (seed ${SEED})`, () => {
  it(`${IN_PROCESS_PAYLOADS} payloads over every invoke, through the renderer connection`, async () => {
    const random = createRandom(SEED);
    const sent: AppEvent[] = [];
    const connection: RendererConnection = connectRenderer(
      app,
      {
        sendEvent: (event) => sent.push(event),
        openAudio: () => ({ link: { send: () => {} }, close: () => {} }),
      },
      () => {},
    );
    for (let i = 0; i < IN_PROCESS_PAYLOADS; i++) {
      const wrongChannel = random.chance(0.04);
      const target = wrongChannel ? null : random.pick(targets);
      const channel =
        target?.channel ??
        random.pick([
          '',
          'app',
          'app.',
          '__proto__',
          'toString',
          'constructor.prototype',
          'tasks.cancel ',
          'x'.repeat(10_000),
        ]);
      const payload = payloadFor(target ?? random.pick(targets), random, false);
      const result = await connection.invoke(channel, payload);
      checkAnswer(target, payload, result);
      tally.inProcess++;
    }
    connection.detach();
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(sent.every((event) => !revealsInternals(JSON.stringify(event)))).toBe(true);
  });
});

/** One frame for the contract socket and the answer it must get. */
interface Frame {
  data: string | Buffer;
  /** `result`: a result with `id`; `error`: a connection.error; `either`: one of them; `none`. */
  answer: 'result' | 'error' | 'either' | 'none';
  id?: number;
  target?: FuzzTarget | null;
  payload?: unknown;
}

let nextId = 1_000_000;

function invokeFrame(random: Random): Frame {
  const id = nextId++;
  const target = random.chance(0.05) ? null : random.pick(targets);
  const channel = target?.channel ?? random.pick(['app.nope', 'tasks', '__proto__', 'valueOf']);
  const payload = payloadFor(target ?? random.pick(targets), random, true);
  const data = JSON.stringify({ type: 'invoke', id, channel, payload });
  return { data, answer: 'result', id, target, payload };
}

function envelopeFrame(random: Random): Frame {
  const id = nextId++;
  const base = { type: 'invoke', channel: 'app.info' };
  const kind = random.int(0, 7);
  if (kind === 0)
    return { data: JSON.stringify({ ...base, type: 'call', id }), answer: 'result', id };
  if (kind === 1) return { data: JSON.stringify({ ...base, id: -id }), answer: 'result', id: -id };
  if (kind === 2)
    return { data: JSON.stringify({ ...base, id: id + 0.5 }), answer: 'result', id: id + 0.5 };
  if (kind === 3) {
    const channel = random.pick<unknown>([7, null, ['app.info'], 'x'.repeat(500)]);
    return { data: JSON.stringify({ ...base, id, channel }), answer: 'result', id };
  }
  if (kind === 4) return { data: JSON.stringify(base), answer: 'error' };
  if (kind === 5) {
    const bad = random.pick<unknown>(['1', true, null, {}, [1]]);
    return { data: JSON.stringify({ ...base, id: bad }), answer: 'error' };
  }
  if (kind === 6)
    return {
      data: `{"__proto__":{"id":${id}},"type":"invoke","channel":"app.info"}`,
      answer: 'error',
    };
  // Extra envelope fields are allowed: this one is a valid app.info.
  const target = targets.find((t) => t.channel === 'app.info')!;
  const data = JSON.stringify({ ...base, id, extra: { __proto__: 1 } });
  return { data, answer: 'result', id, target, payload: undefined };
}

function garbageFrame(random: Random): Frame {
  const valid = JSON.stringify({ type: 'invoke', id: nextId++, channel: 'app.info' });
  const texts = [
    '',
    ' ',
    'not json',
    valid.slice(0, random.int(1, valid.length - 1)),
    `\ufeff${valid}`,
    '{"type":"invoke",}',
    "{'type':'invoke'}",
    'NaN',
    Array.from({ length: random.int(1, 200) }, () =>
      String.fromCharCode(random.int(1, 0xd7ff)),
    ).join(''),
  ];
  const scalars = ['null', '0', '-1', '"invoke"', 'true', '[]', '[{"type":"invoke","id":1}]'];
  return random.chance(0.7)
    ? { data: random.pick(texts), answer: 'error' }
    : { data: random.pick(scalars), answer: 'error' };
}

function binaryFrame(random: Random, ready: boolean): Frame {
  if (random.chance(0.5)) {
    const bytes = Buffer.from(
      Array.from({ length: random.int(1, 2_000) }, () => random.int(0, 255)),
    );
    if (bytes[0] === 0xa7) bytes[0] = 0;
    return { data: bytes, answer: 'error' };
  }
  // Audio-shaped: the magic byte, then a real capture frame or garbage.
  const data = random.chance(0.5)
    ? Buffer.from(encodeAudioMessage({ kind: 'capture', pcm: new Int16Array(480) }))
    : Buffer.from([0xa7, ...Array.from({ length: random.int(0, 64) }, () => random.int(0, 255))]);
  return { data, answer: ready ? 'none' : 'error' };
}

function deepFrame(random: Random): Frame {
  const id = nextId++;
  const depth = random.int(1_000, 100_000);
  const [open, close] = random.chance(0.5) ? ['[', ']'] : ['{"a":', '}'];
  const payload = `${open.repeat(depth)}1${close.repeat(depth)}`;
  const data = `{"type":"invoke","id":${id},"channel":"settings.update","payload":${payload}}`;
  // Deep enough JSON makes the parser give up: then there is no id to answer by.
  return { data, answer: 'either', id };
}

/** Sends `frame` and waits for the one answer it must get; returns what came. */
async function exchange(
  client: ContractClient,
  frame: Frame,
): Promise<Record<string, unknown> | null> {
  const errorsBefore = client.messages.filter((m) => m.event === 'connection.error').length;
  const resultFor = (m: Record<string, unknown>) => m.type === 'result' && m.id === frame.id;
  const newError = () =>
    client.messages.filter((m) => m.event === 'connection.error').length > errorsBefore;
  client.ws.send(frame.data, { binary: Buffer.isBuffer(frame.data) });
  if (frame.answer === 'none') return null;
  if (frame.answer === 'result') return client.waitFor(resultFor);
  if (frame.answer === 'error') {
    await client.waitFor(() => newError());
    return client.messages.filter((m) => m.event === 'connection.error').at(-1)!;
  }
  return client.waitFor((m) => resultFor(m) || newError());
}

function checkFrameAnswer(frame: Frame, answer: Record<string, unknown> | null): void {
  if (!answer) return;
  expect(revealsInternals(JSON.stringify(answer)), JSON.stringify(answer).slice(0, 500)).toBe(
    false,
  );
  if (answer.event === 'connection.error') {
    tally.connectionErrors++;
    const payload = answer.payload as { problem: string; message: string };
    expect(['not_json', 'binary', 'no_id', 'bad_envelope']).toContain(payload.problem);
    expect(payload.message.length).toBeGreaterThan(10);
    expect(payload.message.length).toBeLessThan(2_000);
    return;
  }
  const result = answer.result as Result<unknown>;
  if (frame.target !== undefined) return checkAnswer(frame.target, frame.payload, result);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  tally.errors++;
  expect(result.error.message).toMatch(/^Malformed invoke message: |^Unknown|^Invalid/);
}

describe(`IPC fuzz over the browser host's socket (seed ${SEED})`, () => {
  it(`${SOCKET_FRAMES} frames: broken invokes and envelopes, garbage, binary, deep nesting, oversized`, async () => {
    const random = createRandom(SEED + 1);
    let client = await connectContractClient(host, token);
    let ready = false;
    const oversizedAt = new Set([400, 1_200, 2_000, 2_800]);
    for (let i = 0; i < SOCKET_FRAMES; i++) {
      if (oversizedAt.has(i)) {
        const closed = new Promise<number>((resolve) => client.ws.once('close', resolve));
        client.ws.send('x'.repeat(1024 * 1024 + random.int(1, 1000)));
        expect(await closed).toBe(1009);
        client = await connectContractClient(host, token);
        ready = false;
        tally.frames++;
        continue;
      }
      if (i === 1_500 && !ready) {
        expect((await client.invoke('app.ready')).result).toEqual({ ok: true, value: null });
        ready = true;
      }
      const roll = random.next();
      const frame =
        roll < 0.55
          ? invokeFrame(random)
          : roll < 0.7
            ? envelopeFrame(random)
            : roll < 0.85
              ? garbageFrame(random)
              : roll < 0.97
                ? binaryFrame(random, ready)
                : deepFrame(random);
      const answer = await exchange(client, frame);
      checkFrameAnswer(frame, answer);
      if (frame.target?.channel === 'app.ready' && (answer?.result as Result<unknown>)?.ok)
        ready = true;
      tally.frames++;
    }
    expect((await client.invoke('app.info')).result).toMatchObject({ ok: true });
    await client.close();
  });

  it(`${UPGRADES} upgrades: only the right token, path, Host and Origin get in`, async () => {
    const random = createRandom(SEED + 2);
    const port = host.port;
    let accepted = 0;
    for (let i = 0; i < UPGRADES; i++) {
      const hostHeader = random.pick([
        `127.0.0.1:${port}`,
        `localhost:${port}`,
        `127.0.0.1:${port}`,
        'evil.example',
        `127.0.0.1:${port + 1}`,
        `[::1]:${port}`,
        `127.0.0.1`,
        `attacker.example:${port}`,
      ]);
      const goodToken = random.chance(0.5);
      const tokenText = goodToken
        ? token
        : random.pick([
            '',
            'wrong',
            token.slice(1),
            `${token}x`,
            token.toUpperCase(),
            encodeURIComponent(`${token} `),
          ]);
      const path = random.pick([
        CONTRACT_PATH,
        CONTRACT_PATH,
        `${CONTRACT_PATH}/`,
        CONTRACT_PATH.toUpperCase(),
        '/',
        '/parley/../parley',
      ]);
      const query = random.chance(0.9) ? `?token=${tokenText}` : '';
      const origin = choose<string | undefined>(random, [
        undefined,
        `http://${hostHeader}`,
        `http://${hostHeader}`,
        'http://evil.example',
        'null',
        `https://${hostHeader}`,
        'file://',
      ]);
      const loopback = hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
      const shouldOpen =
        loopback &&
        new URL(path, 'http://x').pathname === CONTRACT_PATH &&
        query !== '' &&
        tokenText === token &&
        (origin === undefined || origin === `http://${hostHeader}`);
      const outcome = await tryUpgrade(port, `${path}${query}`, hostHeader, origin);
      expect(
        outcome,
        `host ${hostHeader} path ${path}${query ? '?token…' : ''} origin ${origin}`,
      ).toBe(shouldOpen ? 'open' : 403);
      if (outcome === 'open') accepted++;
      else tally.refused++;
      tally.upgrades++;
    }
    expect(accepted).toBeGreaterThan(0);
  });

  it(`${HTTP_REQUESTS} HTTP requests with a wrong Host, method or token are refused`, async () => {
    const random = createRandom(SEED + 3);
    const port = host.port;
    for (let i = 0; i < HTTP_REQUESTS; i++) {
      const hostHeader = random.pick([
        `127.0.0.1:${port}`,
        'evil.example',
        `localhost:${port}`,
        `rebind.example:${port}`,
      ]);
      const method = random.pick(['GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS']);
      const withToken = random.chance(0.5);
      const path =
        random.pick(['/', '/index.html', '/%69ndex.html']) + (withToken ? `?token=${token}` : '');
      const status = await httpStatus(port, method, path, hostHeader);
      const loopback = hostHeader.endsWith(`:${port}`) && !hostHeader.startsWith('rebind');
      const expected = !loopback
        ? 421
        : !['GET', 'HEAD'].includes(method)
          ? 405
          : withToken
            ? 200
            : 403;
      expect(status, `${method} ${hostHeader} ${path.replace(token, 'TOKEN')}`).toBe(expected);
      tally.http++;
    }
  });

  it('leaves the app working: settings restored, a conversation, a handoff to the delegate', async () => {
    const client = await connectContractClient(host, token);
    const { apiKey: _none, ...defaults } = { ...DEFAULT_SETTINGS, apiKey: undefined };
    const restored = await client.invoke('settings.update', {
      ...defaults,
      delegate: 'command',
      delegateCommand: 'cat',
      talkMode: 'hands-free',
    });
    expect(restored.result).toMatchObject({ ok: true });
    expect((await client.invoke('conversation.talk', { pressed: false })).result).toMatchObject({
      ok: true,
    });
    expect((await client.invoke('conversation.start')).result).toEqual({ ok: true, value: null });
    expect((await invoke(app, 'conversation.state')).phase).toBe('live');
    const outcome = await runV2Handoff(harness.transports.latest!, harness.clock, 'after-fuzz');
    expect(JSON.stringify(outcome.output)).toContain('please echo after-fuzz');
    await client.close();
  });
});

/** One of `items`, `undefined` included. */
function choose<T>(random: Random, items: readonly T[]): T {
  return items[random.int(0, items.length - 1)] as T;
}

/** Opens a contract socket with exactly these headers: `open`, or the refusal's status. */
function tryUpgrade(
  port: number,
  path: string,
  hostHeader: string,
  origin: string | undefined,
): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, {
      headers: { Host: hostHeader, ...(origin === undefined ? {} : { Origin: origin }) },
    });
    ws.once('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

function httpStatus(
  port: number,
  method: string,
  path: string,
  hostHeader: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method, headers: { Host: hostHeader } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
