import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import { AUDIO_WIRE_MAGIC } from '../../preload/audio-wire';
import { describeIssues, type ConnectionError } from '../../preload/contract';
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
/** Longest parser message quoted back: a hostile frame must not make the reply huge. */
const MAX_REASON_CHARS = 200;

/**
 * Frames one renderer connection over one authenticated WebSocket: text frames carry the
 * contract as JSON (invokes in, results and events out), binary frames carry audio both ways.
 * A malformed message never reaches a handler and is always answered: a `result` with its id
 * when one could be read, a `connection.error` event naming what was wrong otherwise.
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
  const reject = (problem: ConnectionError): void => {
    log('warn', 'host.bad_message', { reason: problem.problem, message: problem.message });
    connection.reportProblem(problem);
  };
  socket.on('message', (data, isBinary) => {
    if (!isBinary) return onText(data.toString(), connection, send, reject, log);
    const bytes = asBytes(data);
    if (receiveAudio && bytes[0] === AUDIO_WIRE_MAGIC) return receiveAudio(bytes);
    reject({
      problem: 'binary',
      message: receiveAudio
        ? `A binary frame that is not audio (${bytes.byteLength} bytes): binary frames carry audio only; send invokes as JSON text.`
        : `A binary frame before app.ready (${bytes.byteLength} bytes): audio is accepted once the renderer is ready; send invokes as JSON text.`,
    });
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
  reject: (problem: ConnectionError) => void,
  log: Logger,
): void {
  const json = parseJson(text);
  if (!json.ok) {
    const reason = json.error.message.slice(0, MAX_REASON_CHARS);
    return reject({ problem: 'not_json', message: `A text frame that is not JSON: ${reason}` });
  }
  const value = json.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return reject({
      problem: 'bad_envelope',
      message: `A JSON message that is not an object (got ${got}); an invoke is {"type":"invoke","id":…,"channel":…,"payload":…}.`,
    });
  }
  const parsed = ClientMessage.safeParse(value);
  if (parsed.success) {
    const { id, channel, payload } = parsed.data;
    void connection.invoke(channel, payload, (result) => send({ type: 'result', id, result }));
    return;
  }
  const issues = describeIssues(parsed.error);
  const id = Object.hasOwn(value, 'id') ? (value as { id: unknown }).id : undefined;
  if (typeof id === 'number') {
    const message = `Malformed invoke message: ${issues}`;
    log('warn', 'host.bad_message', { reason: 'bad_envelope', message });
    send({
      type: 'result',
      id,
      result: { ok: false, error: { kind: 'invalid_payload', message } },
    });
  } else if (id === undefined) {
    reject({ problem: 'no_id', message: `An invoke message without an id: ${issues}` });
  } else {
    reject({ problem: 'bad_envelope', message: `Malformed invoke message: ${issues}` });
  }
}

/** ws hands binary frames over as a Buffer (or its fragments); audio wants one byte view. */
function asBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
