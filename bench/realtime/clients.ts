import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from '../../bin/ensure-build.mjs';
import { kindIs, spawnBenchChild, type BenchChild } from './bench-child';
import type { MockMessage } from './mock-server-process';
import type { PageMessage } from './fake-page-process';
import type { ClientMessage } from './ws-floor-process';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
/** The repository root. */
export const REPO = here('../../');
/** The built browser host. */
export const HOST_ENTRY = join(REPO, 'out', 'main', 'host.js');

/**
 * `PARLEY_BENCH_PROFILE=<dir>`: every measured client writes a V8 CPU profile there when it
 * stops (`<name>.cpuprofile`), to see where its time goes. Profiling slows them down: the
 * figures of such a run are not comparable.
 */
function profileFlags(name: string): string[] {
  const dir = process.env.PARLEY_BENCH_PROFILE;
  if (!dir) return [];
  return [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
    `--cpu-prof-name=${name}.cpuprofile`,
    '--cpu-prof-interval=250',
  ];
}

/** The mock server process. */
export interface MockProcess extends BenchChild {
  port: number;
  /** Base URL a client of `role` connects to (its role in the query). */
  url(role: string): string;
}

/** Starts the loopback mock in its own process. */
export async function startMock(): Promise<MockProcess> {
  const child = spawnBenchChild(here('./mock-server-process.ts'));
  const { port } = await child.next(kindIs<{ ready: true; port: number }>('ready'));
  return {
    ...child,
    port,
    url: (role) => `ws://127.0.0.1:${port}/v1/realtime?bench=${role}`,
  };
}

/** One client under measurement: the process whose CPU counts, and how to drive it. */
export interface MeasuredClient {
  name: string;
  role: string;
  /** The measured process (Parley's host, the peer, a floor). */
  main: BenchChild;
  /** The fake page, when the client has one (not measured). */
  page: BenchChild | null;
  /** Capture `frames` 20 ms frames, starting at the next audio that reaches the client. */
  arm(frames: number): void;
  stop(): Promise<void>;
}

/** Parley's built host (`parley serve`), started, on a fresh data dir `home`, talking to the mock. */
export async function spawnParleyHost(
  mock: MockProcess,
  role: string,
  home: string,
  probe = true,
): Promise<BenchChild> {
  // The figures are of the current sources: build first when the build is older.
  await ensureBuild(REPO);
  return spawnBenchChild(HOST_ENTRY, ['serve', '--log-json'], {
    flags: profileFlags(role),
    probe,
    plain: !probe,
    cwd: REPO,
    env: {
      HOME: home,
      PARLEY_DATA_DIR: join(home, 'data'),
      PARLEY_PORT: '0',
      OPENAI_API_KEY: 'sk-bench-not-a-real-key',
      PARLEY_REALTIME_URL: mock.url(role),
      PARLEY_LISTEN_ON_START: '1',
      PARLEY_TALK_MODE: 'hands-free',
      PARLEY_DELEGATE: 'command',
      PARLEY_DELEGATE_COMMAND: 'cat',
      PARLEY_WORKSPACE: home,
    },
  });
}

/** Parley's built host (`parley serve`) with its fake page, on a fresh data dir. */
export async function startParley(mock: MockProcess, role = 'parley'): Promise<MeasuredClient> {
  const home = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const host = await spawnParleyHost(mock, role, home);
  const listening = await host.line(/"host\.listening"/);
  const { url } = JSON.parse(listening) as { url: string };
  const page = spawnBenchChild(here('./fake-page-process.ts'), [
    `${url.replace(/^http/, 'ws').replace('/?', '/parley?')}`,
    'parley',
  ]);
  // The host starts the conversation at launch; the page's ready lets capture flow.
  await Promise.all([
    page.next(kindIs<PageMessage>('page_ready'), 20_000, 'page ready'),
    mock.seen(kindIs<MockMessage>('session', role), 20_000, `${role} session`),
  ]);
  return {
    name: 'Parley (host + page link)',
    role,
    main: host,
    page,
    arm: (frames) => page.send({ cmd: 'capture', frames }),
    stop: async () => {
      await page.stop();
      await host.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A client script of the benchmark (peer or floor) connected to the mock. */
export async function startScriptClient(
  mock: MockProcess,
  name: string,
  role: string,
  script: string,
): Promise<MeasuredClient> {
  const main = spawnBenchChild(here(script), [mock.url(role)], {
    probe: true,
    flags: profileFlags(role),
  });
  await Promise.all([
    main.next(kindIs<ClientMessage>('client_ready'), 20_000, `${role} ready`),
    mock.seen(kindIs<MockMessage>('session', role), 20_000, `${role} session`),
  ]);
  return {
    name,
    role,
    main,
    page: null,
    arm: (frames) => main.send({ cmd: 'capture', frames }),
    stop: () => main.stop(),
  };
}

/** `@openai/agents-realtime`'s WebSocket transport. */
export function startPeer(mock: MockProcess, version: string): Promise<MeasuredClient> {
  return startScriptClient(mock, `agents-realtime ${version}`, 'peer', './peer-client-process.ts');
}

/** Plain `ws`, one socket. */
export function startFloor(mock: MockProcess): Promise<MeasuredClient> {
  return startScriptClient(mock, 'plain ws, 1 socket', 'floor', './ws-floor-process.ts');
}

/** Plain `ws` relay with a page socket, and its fake page. */
export async function startRelay(mock: MockProcess): Promise<MeasuredClient> {
  const role = 'relay';
  const main = spawnBenchChild(here('./ws-relay-process.ts'), [mock.url(role)], {
    probe: true,
    flags: profileFlags(role),
  });
  const [ready] = await Promise.all([
    main.next(kindIs<ClientMessage & { kind: 'client_ready' }>('client_ready'), 20_000, 'relay'),
    mock.seen(kindIs<MockMessage>('session', role), 20_000, 'relay session'),
  ]);
  const page = spawnBenchChild(here('./fake-page-process.ts'), [
    `ws://127.0.0.1:${ready.pagePort}/`,
    'relay',
  ]);
  await page.next(kindIs<PageMessage>('page_ready'), 20_000, 'relay page ready');
  return {
    name: 'plain ws relay, 2 sockets',
    role,
    main,
    page,
    arm: (frames) => page.send({ cmd: 'capture', frames }),
    stop: async () => {
      await page.stop();
      await main.stop();
    },
  };
}
