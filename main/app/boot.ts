import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { systemClock, wallClock } from '../base/clock';
import { createHumanLogger, createJsonLogger, type Logger } from '../base/logger';
import { err, errorMessage, ok, type Result, type TaggedError } from '../base/result';
import { reportListenerErrorsTo } from '../base/typed-emitter';
import { ConfigError, parseEnvConfig, type EnvConfig } from '../config/env-config';
import { createDelegate } from '../delegate/index';
import { buildStartupContext } from '../realtime/startup-context';
import { openHistory } from '../store/history/index';
import { WsTransport } from '../realtime/ws-transport';
import { defaultDataDir } from '../store/data-dir';
import { FileSecretStore } from '../store/file-secret-store';
import type { SecretStore } from '../store/secret-store';
import { SettingsStore } from '../store/settings-store';
import { createParleyApp } from './create-parley-app';
import type { HotkeyProvider } from './hotkey-service';
import type { ParleyApp, ParleyAppDeps } from './parley-app';

/** Ping the realtime server after 15 s of silence; no answer within 10 s means it is gone. */
export const REALTIME_KEEPALIVE = { intervalMs: 15_000, timeoutMs: 10_000 };

/** What differs between the hosts at boot. */
export interface BootOptions {
  host: ParleyAppDeps['host'];
  version: string;
  /** The process environment (`PARLEY_*`, `OPENAI_API_KEY`). */
  environment: Record<string, string | undefined>;
  /** Where data lives when `PARLEY_DATA_DIR` is unset; default: the OS app-data folder. */
  defaultDataDir?: () => string;
  /** The host's key store for a data dir; default: a `0600` file in it. */
  secretStore?: (dataDir: string) => SecretStore;
  /** `json`: one JSON line per record (`--log-json`); `human`: short lines for a terminal. */
  logFormat: 'json' | 'human';
  /** Where JSON log lines go (stdout). */
  writeJson: (line: string) => void;
  /** Where human log lines go (stderr). */
  writeHuman: (line: string) => void;
  /** The host's desktop effects and restart hint (see {@link ParleyAppDeps}). */
  desktop?: Pick<ParleyAppDeps, 'openFolder' | 'chooseFolder' | 'restartCommand'>;
  /** The host's global talk-key backends (the desktop app's), given the logger. */
  hotkeys?: (log: Logger) => HotkeyProvider;
}

/** A running app and what its host needs beside it. */
export interface Booted {
  app: ParleyApp;
  env: EnvConfig;
  log: Logger;
  dataDir: string;
}

/**
 * The one boot of both hosts: parse the configuration (a bad variable is a `config` failure
 * naming it), build the logger with redaction, the production effects and the app, and start it.
 */
export async function bootParley(
  options: BootOptions,
): Promise<Result<Booted, TaggedError<'config'>>> {
  let env: EnvConfig;
  try {
    env = parseEnvConfig(options.environment);
  } catch (error) {
    if (error instanceof ConfigError) return err('config', error.message);
    throw error;
  }
  const knownKeys = new Set<string>(env.apiKey ? [env.apiKey] : []);
  const secrets = (): string[] => [...knownKeys];
  const log =
    options.logFormat === 'json'
      ? createJsonLogger(options.writeJson, secrets)
      : createHumanLogger(options.writeHuman, secrets);
  // A listener that throws is a bug: say so in the log rather than lose it.
  reportListenerErrorsTo((error) =>
    log('error', 'app.listener_failed', { message: errorMessage(error) }),
  );
  const dataDir = env.dataDir ?? (options.defaultDataDir ?? defaultDataDir)();
  const app = createParleyApp({
    ...createProductionDeps({
      host: options.host,
      version: options.version,
      env,
      log,
      dataDir,
      knownKeys,
      secretStore: (options.secretStore ?? ((dir) => new FileSecretStore(dir)))(dataDir),
      environment: options.environment,
      hotkeys: options.hotkeys?.(log) ?? null,
    }),
    ...options.desktop,
  });
  const started = await app.start();
  if (!started.ok) {
    await app.dispose();
    return started;
  }
  return ok({ app, env, log, dataDir });
}

/** The real effects: the system clocks, `ws` sockets, settings.json, the real delegates. */
export function createProductionDeps(input: {
  host: ParleyAppDeps['host'];
  version: string;
  env: EnvConfig;
  log: Logger;
  dataDir: string;
  knownKeys: Set<string>;
  secretStore: SecretStore;
  environment: Record<string, string | undefined>;
  hotkeys?: ParleyAppDeps['hotkeys'];
}): ParleyAppDeps {
  return {
    host: input.host,
    version: input.version,
    platform: process.platform,
    clock: systemClock,
    wallClock,
    log: input.log,
    env: input.env,
    settingsStore: new SettingsStore(input.dataDir),
    secretStore: input.secretStore,
    createTransport: (endpoint) =>
      new WsTransport({
        url: endpoint.url,
        headers: endpoint.headers,
        clock: systemClock,
        // A half-open socket (sleep, network change) is found within ~25 s, not minutes.
        keepalive: REALTIME_KEEPALIVE,
      }),
    createDelegate,
    readStartupContext: buildStartupContext,
    // Loaded only when a conversation needs it: its models and bindings are heavy.
    startOfflineEngine: async (workspace) => {
      const { startOfflineEngine } = await import('../offline/index');
      return startOfflineEngine({ workspace, clock: systemClock, log: input.log });
    },
    openHistory: (redactText, retention) =>
      openHistory({
        dataDir: input.dataDir,
        retention,
        clock: systemClock,
        now: Date.now,
        redact: redactText,
        logger: input.log,
      }),
    homeDir: homedir(),
    dataDir: input.dataDir,
    knownKeys: input.knownKeys,
    environment: input.environment,
    isFolder,
    hotkeys: input.hotkeys ?? null,
  };
}

/** Whether `path` is an existing folder. */
export async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
