import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage } from '../base/result';
import { bootParley, type Booted } from '../app/boot';
import { dataDirFor } from '../app/remote-commands';
import { loadAccessToken } from './access-token';
import { startBrowserHost, type BrowserHost } from './browser-host';
import { startControlChannel, type ControlChannel } from './control-channel';
import { sendRemoteCommand } from './control-client';
import { parseCliArgs, USAGE, type CliCommand } from './cli-args';
import { watchParent } from './parent-watch';
import { quietSqliteWarning } from '../base/quiet-warnings';
import { restartCommandFor } from './restart-command';

/** Repo root, from out/main/host.js. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Listen for the stop signals before anything else, so an early SIGTERM still stops cleanly. A
// repeat (Ctrl-C reaches a launcher and its child alike) must not cut the clean stop short.
const stopSignal = new Promise<NodeJS.Signals | 'parent exited'>((resolveStop) => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => resolveStop(signal));
  }
  // Under npm the launcher is a shell that dies of the SIGTERM npm passes on; stop with it.
  if (process.env.npm_lifecycle_event) {
    watchParent({ parentPid: () => process.ppid, onGone: () => resolveStop('parent exited') });
  }
});

const fail = (message: string, code: number): number => {
  process.stderr.write(`parley: ${message}\n`);
  return code;
};

async function main(argv: string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    process.stderr.write(`${errorMessage(error)}\n`);
    return 2;
  }
  if (command.command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command.command === 'remote') return remote(command.remote);
  quietSqliteWarning();
  const version = (
    JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string }
  ).version;
  let booted: Awaited<ReturnType<typeof bootParley>>;
  try {
    booted = await bootParley({
      host: 'browser',
      version,
      environment: process.env,
      logFormat: command.logJson ? 'json' : 'human',
      writeJson: (line) => process.stdout.write(line),
      writeHuman: (line) => process.stderr.write(line),
      desktop: { restartCommand: () => restart.command },
    });
  } catch (error) {
    return fail(`could not start: ${errorMessage(error)}`, 1);
  }
  if (!booted.ok) return fail(booted.error.message, 2);
  return serve(booted.value, command);
}

/** What the page shows when the host has gone: set once the port is known. */
const restart: { command: string | null } = { command: null };
/** `parley --toggle` and the like: hand the command to the running `parley serve`. */
async function remote(command: Extract<CliCommand, { command: 'remote' }>['remote']) {
  const sent = await sendRemoteCommand(dataDirFor(process.env), command);
  if (!sent.ok) return fail(sent.error.message, 1);
  const { state, muted } = sent.value;
  process.stdout.write(`Parley: ${muted ? 'microphone off' : state}\n`);
  return 0;
}

/** Serve the UI (unless headless) until a stop signal, then stop everything. */
async function serve(booted: Booted, command: Extract<CliCommand, { command: 'serve' }>) {
  const { app, env, log, dataDir } = booted;
  let host: BrowserHost | null = null;
  // `parley --toggle` and the like reach this process through the control channel.
  const control: ControlChannel | null = await startControlChannel({
    dataDir,
    talk: app.talk,
    log,
  }).catch((error: unknown) => {
    log('warn', 'host.control_failed', { message: errorMessage(error) });
    return null;
  });
  if (!command.headless) {
    try {
      const { token, created } = await loadAccessToken(booted.dataDir, {
        rotate: command.newToken,
      });
      if (created) log('info', 'host.token_created', { rotated: command.newToken });
      host = await startBrowserHost({
        app,
        rendererDir: resolve(root, 'out', 'renderer'),
        port: env.port,
        token,
        log,
      });
      restart.command = restartCommandFor({
        root,
        environment: process.env,
        port: host.port,
        portFromEnv: Boolean(process.env.PARLEY_PORT?.trim()),
        dataDirFromEnv: env.dataDir !== null,
        dataDir: booted.dataDir,
        flags: command.logJson ? ['--log-json'] : [],
      });
    } catch (error) {
      await control?.close();
      await app.dispose();
      return (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? fail(`port ${env.port} is in use: set PARLEY_PORT=0 (any free port) or another port.`, 2)
        : fail(`could not start the browser host: ${errorMessage(error)}`, 2);
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
  await control?.close();
  await app.dispose();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`parley: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
