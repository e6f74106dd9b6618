/**
 * Whether an X display will accept a client, found by doing what Xlib's XOpenDisplay does:
 * connect to the display's socket and send the connection setup with the Xauthority cookie.
 * Run it before uiohook starts: uiohook aborts the whole process when it cannot open one.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { err, errorMessage, ok, type Result, type TaggedError } from '../base/result';
import {
  connectionSetup,
  findCookie,
  parseDisplay,
  parseXAuthority,
  readSetupReply,
  xSocketPath,
  type XAuthEntry,
  type XDisplayAddress,
} from './x-display';

/** Why a display cannot be used. */
export type XDisplayError = TaggedError<'no-display' | 'unreachable' | 'refused'>;

/** Options of {@link probeXDisplay}. */
export interface XDisplayProbeOptions {
  /** Path of the Xauthority file [`$XAUTHORITY`, else `~/.Xauthority`]. */
  xauthority?: string;
  /** Give up after this long [1,500 ms]. */
  timeoutMs?: number;
}

/** Resolves ok when the display named by `display` (a `DISPLAY` value) accepts a client. */
export async function probeXDisplay(
  display: string | undefined,
  options: XDisplayProbeOptions = {},
): Promise<Result<void, XDisplayError>> {
  const address = parseDisplay(display);
  if (!display?.trim()) return err('no-display', 'DISPLAY is not set: there is no X display.');
  if (!address) return err('no-display', `DISPLAY="${display}" is not an X display name.`);
  const cookie = readCookie(address.display, options.xauthority);
  let reply: Buffer;
  try {
    reply = await exchangeAny(
      targets(address),
      connectionSetup(cookie),
      options.timeoutMs ?? 1_500,
    );
  } catch (error) {
    return err('unreachable', `X display ${display} is not reachable: ${errorMessage(error)}.`);
  }
  const answer = readSetupReply(reply);
  if (!answer) return err('unreachable', `X display ${display} closed the connection.`);
  if (!answer.accepted) {
    return err('refused', `X display ${display} refused the connection: ${answer.reason}.`);
  }
  return ok(undefined);
}

type Target = { path: string } | { host: string; port: number };

/** TCP for a remote display; the socket file, then Linux's abstract socket, for a local one. */
function targets(address: XDisplayAddress): Target[] {
  if (address.host) return [{ host: address.host, port: 6000 + address.display }];
  const path = xSocketPath(address.display);
  return process.platform === 'linux' ? [{ path }, { path: `\0${path}` }] : [{ path }];
}

async function exchangeAny(list: Target[], request: Buffer, timeoutMs: number): Promise<Buffer> {
  let first: unknown = null;
  for (const target of list) {
    try {
      return await exchange(target, request, timeoutMs);
    } catch (error) {
      first ??= error; // the socket file's error reads better than the abstract socket's
    }
  }
  throw first ?? new Error('no socket to try');
}

function readCookie(display: number, path: string | undefined): XAuthEntry | null {
  const file = path ?? process.env.XAUTHORITY ?? join(homedir(), '.Xauthority');
  try {
    return findCookie(parseXAuthority(readFileSync(file)), display, hostname());
  } catch {
    return null; // no file: servers without access control accept clients without a cookie
  }
}

/** Sends `request` and resolves with the first 8+ bytes of the reply (or its whole tail). */
function exchange(target: Target, request: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(target);
    const chunks: Buffer[] = [];
    let expected = 8;
    const finish = (error: Error | null): void => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks));
    };
    const timer = setTimeout(
      () => finish(new Error(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const got = Buffer.concat(chunks);
      // Refusals carry their reason after the 8-byte header; wait for it.
      if (got.length >= 8 && got[0] !== 1) expected = 8 + got.readUInt16LE(6) * 4;
      if (got.length >= expected) finish(null);
    });
    socket.once('error', (error) => finish(error));
    socket.once('end', () => finish(null));
  });
}
