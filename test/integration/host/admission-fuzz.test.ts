import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createRandom, type Random } from '../../../bench/seeded-random';
import { createAccessToken } from '../../../main/host/access-token';
import { CONTRACT_PATH, startBrowserHost, type BrowserHost } from '../../../main/host/browser-host';
import { createTestApp } from '../../support/app-harness';
import { connectContractClient } from '../../support/contract-client';
import { fuzzSeed } from '../../support/contract-fuzz';

const SEED = fuzzSeed(0xad31);
/** WebSocket upgrades with a wrong token, Origin, Host or path (and a few right ones). */
const UPGRADES = 300;
/** Plain HTTP requests with a wrong Host or method. */
const HTTP_REQUESTS = 100;

const { app } = createTestApp({ overrides: { log: () => {} } });
const tally = { upgrades: 0, refused: 0, http: 0 };
let host: BrowserHost;
let token: string;
let rendererDir: string;

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'parley-admission-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>fuzz</title>');
  await app.start();
  token = createAccessToken();
  host = await startBrowserHost({ app, rendererDir, port: 0, token, log: () => {} });
});

afterAll(async () => {
  await host?.close();
  await app.dispose();
  await rm(rendererDir, { recursive: true, force: true });
  console.log(
    `admission fuzz seed=${SEED} (set PARLEY_FUZZ_SEED to replay): ${tally.upgrades} upgrades ` +
      `(${tally.refused} refused), ${tally.http} HTTP requests`,
  );
});

describe(`browser host admission fuzz (seed ${SEED})`, () => {
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

  it('still serves the right client afterwards', async () => {
    const client = await connectContractClient(host, token);
    expect((await client.invoke('app.info')).result).toMatchObject({ ok: true });
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
