import type { IncomingMessage } from 'node:http';
import type { Clock } from '../base/clock';

/** Most of a refused upgrade's body kept for the error message, in characters. */
const BODY_EXCERPT_LIMIT = 2048;
/** Stop waiting for the body after this long: the message matters more than the reason. */
const BODY_READ_TIMEOUT_MS = 1000;

/**
 * The connect-failure message for a WebSocket upgrade the server answered with a non-101
 * status: the status line, plus the start of the body (where the server says why).
 */
export async function describeUpgradeRefusal(res: IncomingMessage, clock: Clock): Promise<string> {
  const head =
    `Realtime server refused the WebSocket upgrade: HTTP ${res.statusCode ?? 0} ${res.statusMessage ?? ''}`.trim();
  const body = await readBodyExcerpt(res, clock);
  return body ? `${head}: ${body}` : head;
}

/** The start of a refused upgrade's body, trimmed; whatever arrived within the read timeout. */
function readBodyExcerpt(res: IncomingMessage, clock: Clock): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clock.clearTimeout(timer);
      res.removeAllListeners('data');
      resolve(Buffer.concat(chunks).toString('utf8').slice(0, BODY_EXCERPT_LIMIT).trim());
    };
    const timer = clock.setTimeout(finish, BODY_READ_TIMEOUT_MS);
    res.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size >= BODY_EXCERPT_LIMIT) finish();
    });
    res.once('end', finish);
    res.once('error', finish);
    res.once('close', finish);
  });
}
