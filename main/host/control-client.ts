/** The other end of the control channel: `parley --toggle` sends its command to `parley serve`. */
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { TalkView } from '../../preload/schemas/talk';
import { err, errorMessage, ok, type Result, type TaggedError } from '../base/result';
import type { RemoteCommand } from '../app/remote-commands';
import { CONTROL_FILE, CONTROL_PATH, type ControlFile } from './control-channel';

/** Why a command did not arrive. */
export type ControlError = TaggedError<'not_running' | 'refused' | 'failed'>;

/** Sends `command` to the Parley whose control file is in `dataDir`. */
export async function sendRemoteCommand(
  dataDir: string,
  command: RemoteCommand,
  timeoutMs = 5_000,
): Promise<Result<TalkView, ControlError>> {
  const path = join(dataDir, CONTROL_FILE);
  let file: ControlFile;
  try {
    file = JSON.parse(await readFile(path, 'utf8')) as ControlFile;
  } catch {
    return err(
      'not_running',
      `No running Parley uses ${dataDir}: start it with \`parley serve\` (or the desktop app, which takes these commands as \`parley --${command}\` itself).`,
    );
  }
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: file.port,
        path: CONTROL_PATH,
        method: 'POST',
        headers: { Authorization: `Bearer ${file.token}`, 'Content-Type': 'application/json' },
        timeout: timeoutMs,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(parseReply(res.statusCode ?? 0, body)));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'ECONNREFUSED'
          ? err(
              'not_running',
              `Parley (pid ${file.pid}) is not running any more; ${path} is left over from it.`,
            )
          : err('failed', `Could not reach Parley: ${errorMessage(error)}`),
      ),
    );
    req.end(JSON.stringify({ command }));
  });
}

function parseReply(status: number, body: string): Result<TalkView, ControlError> {
  let parsed: { ok?: boolean; talk?: unknown; error?: string } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return err('failed', `Parley answered ${status} with something that is not JSON.`);
  }
  const talk = TalkView.safeParse(parsed.talk);
  if (status === 200 && parsed.ok && talk.success) return ok(talk.data);
  return err(status === 401 ? 'refused' : 'failed', parsed.error ?? `Parley answered ${status}.`);
}
