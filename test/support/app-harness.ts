import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InvokeChannel, InvokeRequest, InvokeResult } from '../../preload/contract';
import type { TaskSnapshot } from '../../preload/schemas/tasks';
import { encodeAudioMessage } from '../../preload/audio-wire';
import { DEFAULT_SETTINGS, type SettingsFields } from '../../preload/schemas/settings';
import type { LogRecord } from '../../main/base/logger';
import { createProductionDeps } from '../../main/app/boot';
import { createParleyApp } from '../../main/app/create-parley-app';
import type { AppEvents, ParleyApp, ParleyAppDeps } from '../../main/app/parley-app';
import { parseEnvConfig } from '../../main/config/env-config';
import { createDelegate } from '../../main/delegate/index';
import type { SecretStore } from '../../main/store/secret-store';
import type { SettingsStorage } from '../../main/store/settings-store';
import { FileSecretStore } from '../../main/store/file-secret-store';
import { FakeClock } from '../fakes/fake-clock';
import { openHistory } from '../../main/store/history/index';
import { fakeTransports } from '../fakes/fake-transport';

/** Calls an invoke handler as a renderer would and returns its value; a failure throws. */
export async function invoke<C extends InvokeChannel>(
  app: ParleyApp,
  channel: C,
  ...request: undefined extends InvokeRequest<C> ? [InvokeRequest<C>?] : [InvokeRequest<C>]
): Promise<InvokeResult<C>> {
  const handler = app.handlers[channel] as (request: unknown) => unknown;
  const result = (await handler(request[0])) as
    { ok: true; value: InvokeResult<C> } | { ok: false; error: { tag: string; message: string } };
  if (!result.ok)
    throw new Error(`${channel} failed (${result.error.tag}): ${result.error.message}`);
  return result.value;
}

/** Records every renderer event of an app. */
function recordEvents(app: ParleyApp) {
  const events: { name: keyof AppEvents; payload: unknown; at: number }[] = [];
  for (const name of ['conversation.state', 'transcript.entry', 'task.updated'] as const) {
    app.on(name, (payload) => events.push({ name, payload, at: performance.now() }));
  }
  return events;
}

/** Settings kept in memory, as a fresh install would have them. */
export function memorySettings(initial: Partial<SettingsFields> = {}): SettingsStorage & {
  saved: SettingsFields[];
} {
  let current: SettingsFields = { ...DEFAULT_SETTINGS, ...initial };
  const saved: SettingsFields[] = [];
  return {
    saved,
    load: async () => ({ settings: { ...current }, warning: null }),
    save: async (settings) => {
      current = { ...settings };
      saved.push(current);
    },
  };
}

/** A key kept in memory. */
export function memorySecrets(key: string | null = null): SecretStore {
  let stored = key;
  return {
    description: 'memory',
    get: async () => stored,
    set: async (next) => void (stored = next),
  };
}

/**
 * The whole app with recording fakes: a fake clock, fake transports, settings and key in
 * memory, no data dir and no sockets. Delegates are the real ones unless given.
 */
export function createTestApp(
  options: {
    env?: Record<string, string>;
    overrides?: Partial<ParleyAppDeps>;
    /** Keep history in a file here (to reopen it later) instead of in memory. */
    historyDir?: string;
  } = {},
) {
  const clock = new FakeClock();
  const wallClock = new FakeClock(1_700_000_000_000);
  const historyClock = new FakeClock();
  const transports = fakeTransports();
  const logs: Omit<LogRecord, 'ts'>[] = [];
  const deps: ParleyAppDeps = {
    host: 'browser',
    version: '0.0.0-test',
    platform: 'test',
    clock,
    wallClock,
    log: (level, event, fields) => logs.push({ level, event, ...fields }),
    env: parseEnvConfig({ OPENAI_API_KEY: 'sk-app-test-00000001', ...options.env }),
    settingsStore: memorySettings(),
    secretStore: memorySecrets(),
    createTransport: transports.create,
    createDelegate,
    readStartupContext: async () => '',
    // History on a clock of its own: reads save what waits, so no test needs to advance it.
    openHistory: (redact, retention) =>
      openHistory({
        dataDir: options.historyDir ?? '(memory)',
        clock: historyClock,
        now: () => wallClock.now(),
        redact,
        retention,
        open: { memory: options.historyDir === undefined },
      }),
    homeDir: tmpdir(),
    dataDir: '(memory)',
    knownKeys: new Set(),
    environment: process.env,
    isFolder: async (path) => existsSync(path) && statSync(path).isDirectory(),
    ...options.overrides,
  };
  const app = createParleyApp(deps);
  return { app, deps, clock, wallClock, transports, logs, events: recordEvents(app) };
}

/** A started app with the real effects (ws sockets, settings file, delegates) on a temp dir. */
export async function startRealApp(
  env: Record<string, string>,
  overrides: Pick<Partial<ParleyAppDeps>, 'hotkeys'> = {},
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-app-'));
  const logs: Omit<LogRecord, 'ts'>[] = [];
  const parsed = parseEnvConfig({ OPENAI_API_KEY: 'sk-core-test-0000001', ...env });
  const app = createParleyApp(
    createProductionDeps({
      host: 'browser',
      version: '0.0.0-test',
      env: parsed,
      log: (level, event, fields) => logs.push({ level, event, ...fields }),
      dataDir,
      knownKeys: new Set(parsed.apiKey ? [parsed.apiKey] : []),
      secretStore: new FileSecretStore(dataDir),
      environment: { ...process.env, ...env },
      ...overrides,
    }),
  );
  const events = recordEvents(app);
  const started = await app.start();
  if (!started.ok) throw new Error(started.error.message);
  return { app, logs, events, dataDir };
}

/** The app's tasks right now (the `tasks.list` handler answers synchronously). */
export function listTasks(app: ParleyApp): TaskSnapshot[] {
  const result = app.handlers['tasks.list'](undefined);
  if (result instanceof Promise || !result.ok) throw new Error('tasks.list did not answer at once');
  return result.value;
}

/** A stand-in renderer on the app's audio link: it sends capture frames the way a page does. */
export function attachRenderer(
  app: ParleyApp,
  onMessage: (data: Uint8Array | ArrayBuffer) => void = () => {},
) {
  const link = app.attachAudio({ send: onMessage });
  return {
    link,
    capture: (pcm: Int16Array) => link.receive(encodeAudioMessage({ kind: 'capture', pcm })),
  };
}
