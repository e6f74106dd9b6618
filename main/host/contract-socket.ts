import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import { describeIssues } from '../../preload/contract';
import type { Logger } from '../base/logger';
import { parseJson } from '../base/json';
import type { ParleyApp } from '../app/parley-app';
import { connectRenderer, type RendererConnection } from '../ipc/renderer-connection';

/** What the browser renderer may send over the host WebSocket as text. */
const ClientMessage = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(200),
  payload: z.unknown().optional(),
});

/** Largest client message accepted (JSON text). */
export const MAX_CLIENT_MESSAGE_BYTES = 1024 * 1024;

/**
 * Frames one renderer connection over one authenticated WebSocket: text frames carry the
 * contract as JSON (invokes in, results and events out), binary frames carry audio both ways.
 * A malformed message gets an error reply and never reaches a handler.
 */
export function serveContractSocket(socket: WebSocket, app: ParleyApp, log: Logger): void {
  const send = (message: unknown): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  let receiveAudio: ((data: Uint8Array) => void) | null = null;
  const connection = connectRenderer(
    app,
    {
      sendEvent: (event) => send({ type: 'event', ...event }),
      openAudio: (receive) => {
        receiveAudio = receive;
        return {
          link: {
            send: (data) => {
              if (socket.readyState === socket.OPEN) socket.send(data, { binary: true });
            },
          },
          close: () => (receiveAudio = null),
        };
      },
    },
    log,
  );
  socket.on('message', (data, isBinary) => {
    if (isBinary) receiveAudio?.(asBytes(data));
    else onText(data.toString(), connection, send, log);
  });
  // ws closes the socket itself on a protocol error (e.g. an oversized frame); without a
  // listener the 'error' event would be an uncaught exception that stops the whole host.
  socket.on('error', (error) => log('warn', 'host.socket_error', { message: error.message }));
  socket.on('close', () => connection.detach());
}

function onText(
  text: string,
  connection: RendererConnection,
  send: (message: unknown) => void,
  log: Logger,
): void {
  const json = parseJson(text);
  if (!json.ok) {
    log('warn', 'host.bad_message', { reason: 'not JSON' });
    return;
  }
  const parsed = ClientMessage.safeParse(json.value);
  if (!parsed.success) {
    const id = (json.value as { id?: unknown } | null)?.id;
    log('warn', 'host.bad_message', { reason: 'wrong shape' });
    if (typeof id === 'number') {
      const message = `Malformed invoke message: ${describeIssues(parsed.error)}`;
      send({
        type: 'result',
        id,
        result: { ok: false, error: { kind: 'invalid_payload', message } },
      });
    }
    return;
  }
  const { id, channel, payload } = parsed.data;
  void connection.invoke(channel, payload, (result) => send({ type: 'result', id, result }));
}

/** ws hands binary frames over as a Buffer (or its fragments); audio wants one byte view. */
function asBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
