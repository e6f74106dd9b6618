/**
 * `parley --toggle|--start|--stop|--mute` for the browser host: a small HTTP endpoint on
 * 127.0.0.1 with its own random port and token, announced in `<data dir>/control.json`
 * (mode 0600), so a command reaches the running `parley serve`, headless too. Only someone who
 * can read the user's data dir can send one; the page's token is never involved.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from '../base/logger';
import type { HostTalk } from '../app/parley-app';
import { REMOTE_COMMAND_FLAGS, runRemoteCommand, type RemoteCommand } from '../app/remote-commands';
import { createAccessToken, tokenMatches } from './access-token';

/** The control file's name in the data dir. */
export const CONTROL_FILE = 'control.json';

/** Path of the endpoint that takes a command. */
export const CONTROL_PATH = '/command';

/** What the control file holds. */
export interface ControlFile {
  port: number;
  token: string;
  pid: number;
}

/** A running control channel. */
export interface ControlChannel {
  port: number;
  /** Stops the endpoint and removes the control file (if it is still this channel's). */
  close(): Promise<void>;
}

const MAX_BODY = 1024;

const isCommand = (value: unknown): value is RemoteCommand =>
  typeof value === 'string' && Object.hasOwn(REMOTE_COMMAND_FLAGS, `--${value}`);

/** Starts the endpoint and writes the control file. */
export async function startControlChannel(options: {
  dataDir: string;
  talk: HostTalk;
  log: Logger;
}): Promise<ControlChannel> {
  const token = createAccessToken();
  const server = createServer((req, res) => void answer(req, res, token, options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const path = join(options.dataDir, CONTROL_FILE);
  const file: ControlFile = { port, token, pid: process.pid };
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  await writeFile(`${path}.tmp`, JSON.stringify(file), { mode: 0o600 });
  await rename(`${path}.tmp`, path);
  options.log('info', 'host.control_listening', { port });
  return { port, close: () => closeChannel(server, path, token) };
}

async function closeChannel(server: Server, path: string, token: string): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  // Another Parley may have taken over the file since: leave its file alone.
  const current = await readFile(path, 'utf8').catch(() => '');
  if (current.includes(token)) await rm(path, { force: true });
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  options: { talk: HostTalk; log: Logger },
): Promise<void> {
  const port = (req.socket.localPort ?? 0).toString();
  if (req.headers.host !== `127.0.0.1:${port}`)
    return reply(res, 421, 'Parley only answers on 127.0.0.1.');
  if (req.url !== CONTROL_PATH) return reply(res, 404, 'Not found.');
  if (req.method !== 'POST') return reply(res, 405, 'Use POST.');
  const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!tokenMatches(presented, token)) {
    options.log('warn', 'host.control_refused', { reason: 'bad token' });
    return reply(res, 401, 'Not Parley’s control token.');
  }
  const body = await readBody(req);
  if (body === 'too-large') return reply(res, 413, 'A command is a few bytes of JSON.');
  let command: unknown;
  try {
    command = (JSON.parse(body ?? '') as { command?: unknown }).command;
  } catch {
    command = undefined;
  }
  if (!isCommand(command)) {
    const known = Object.keys(REMOTE_COMMAND_FLAGS)
      .map((f) => f.slice(2))
      .join(', ');
    return reply(res, 400, `Send {"command": one of ${known}}.`);
  }
  options.log('info', 'shell.remote_command', { command, via: 'control' });
  const talk = runRemoteCommand(options.talk, command);
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ ok: true, talk }));
}

/** The request body, or `too-large` past {@link MAX_BODY} (the rest is drained unread). */
function readBody(req: IncomingMessage): Promise<string | 'too-large' | null> {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    const onData = (chunk: string): void => {
      body += chunk;
      if (body.length <= MAX_BODY) return;
      req.off('data', onData);
      req.resume();
      resolve('too-large');
    };
    req.on('data', onData);
    req.on('end', () => resolve(body));
    req.on('error', () => resolve(null));
  });
}

function reply(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ ok: false, error: message }));
}
