import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseEnvConfig } from '../config/env-config';
import { systemClock } from '../base/clock';
import { defaultDataDir } from '../core/data-dir';
import { createJsonLogger, type Logger } from '../base/logger';
import { ParleyCore } from '../core/parley-core';
import { FileSecretStore } from '../store/file-secret-store';
import { createAccessToken } from './access-token';
import { startBrowserHost } from './browser-host';
import { parseCliArgs, USAGE } from './cli-args';

/** Repo root, from out/main/host.js. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function humanLogger(): Logger {
  return (level, event, fields = {}) => {
    if (level === 'debug' || (level === 'info' && !event.startsWith('conversation.'))) return;
    const detail = fields.message ?? fields.phase ?? '';
    process.stderr.write(`[parley] ${level} ${event}${detail ? `: ${String(detail)}` : ''}\n`);
  };
}

// Listen for the stop signals before anything else, so an early SIGTERM still stops cleanly.
const stopSignal = new Promise<NodeJS.Signals>((resolveStop) => {
  process.once('SIGTERM', () => resolveStop('SIGTERM'));
  process.once('SIGINT', () => resolveStop('SIGINT'));
});

async function main(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (command.command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  let env;
  try {
    env = parseEnvConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`parley: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const secrets = new Set<string>(env.apiKey ? [env.apiKey] : []);
  const log = command.logJson
    ? createJsonLogger(
        (line) => process.stdout.write(line),
        () => [...secrets],
      )
    : humanLogger();
  const dataDir = env.dataDir ?? defaultDataDir();
  const version = (
    JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const core = new ParleyCore({
    knownKeys: secrets,
    host: 'browser',
    version,
    env,
    dataDir,
    secrets: new FileSecretStore(dataDir),
    clock: systemClock,
    log,
  });
  try {
    await core.start();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`parley: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`parley: could not start: ${(error as Error).message}\n`);
    return 1;
  }

  let host: Awaited<ReturnType<typeof startBrowserHost>> | null = null;
  if (!command.headless) {
    try {
      host = await startBrowserHost({
        core,
        rendererDir: resolve(root, 'out', 'renderer'),
        port: env.port,
        token: createAccessToken(),
        log,
      });
    } catch (error) {
      await core.dispose();
      const code = (error as NodeJS.ErrnoException).code;
      process.stderr.write(
        code === 'EADDRINUSE'
          ? `parley: port ${env.port} is in use: set PARLEY_PORT=0 (any free port) or another port.\n`
          : `parley: could not start the browser host: ${(error as Error).message}\n`,
      );
      return 2;
    }
    if (command.logJson) log('info', 'host.listening', { url: host.url, port: host.port });
    else process.stdout.write(`Parley is running at ${host.url}\n`);
  } else {
    log('info', 'host.headless');
  }

  // Nothing else may hold the event loop open in headless mode: stay up until a stop signal.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const signal = await stopSignal;
  clearInterval(keepAlive);
  log('info', 'host.signal', { signal });
  await host?.close();
  await core.dispose();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`parley: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
