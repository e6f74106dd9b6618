import type { ApiTransport } from '../../preload/build-api';
import type { EventName, Result } from '../../preload/contract';
import { TypedEmitter } from '../../main/base/typed-emitter';
import { createAudioLink, type AudioLink } from './audio/audio-link';

/** The browser host's one WebSocket: the contract as JSON text frames, audio as binary frames. */
export interface HostSocket {
  transport: ApiTransport;
  audio: AudioLink;
  /** Called once the host has gone (the socket closed or never opened). */
  onLost(listener: () => void): () => void;
}

type Pending = (result: Result<unknown>) => void;
type Listeners = TypedEmitter<Record<EventName, unknown>>;

const closedResult: Result<never> = {
  ok: false,
  error: { kind: 'failed', message: 'The connection to Parley closed.' },
};

/**
 * Connects to `parley serve` with the page's access token. Invokes made while connecting wait
 * for the socket; audio sent before it opens is held (bounded).
 */
export function createHostSocket(url: string): HostSocket {
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('Cannot reach the Parley host.')), {
      once: true,
    });
  });
  opened.catch(() => {});
  const pending = new Map<number, Pending>();
  const listeners: Listeners = new TypedEmitter();
  const lost = new TypedEmitter<{ lost: undefined }>();
  let gone = false;
  const audio = createAudioLink(heldSender(socket));
  socket.addEventListener('message', (message) => {
    if (typeof message.data === 'string') onText(message.data, pending, listeners);
    else audio.deliver(message.data);
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) resolve(closedResult);
    pending.clear();
    gone = true;
    lost.emit('lost', undefined);
  });
  return {
    transport: invokeTransport(socket, opened, pending, listeners),
    audio: audio.link,
    onLost: (listener) => {
      if (gone) queueMicrotask(listener);
      return lost.on('lost', listener);
    },
  };
}

function invokeTransport(
  socket: WebSocket,
  opened: Promise<void>,
  pending: Map<number, Pending>,
  listeners: Listeners,
): ApiTransport {
  let nextId = 1;
  return {
    async invoke(channel, payload) {
      try {
        await opened;
      } catch (error) {
        return { ok: false, error: { kind: 'failed', message: (error as Error).message } };
      }
      if (socket.readyState !== WebSocket.OPEN) return closedResult;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
      });
    },
    subscribe: (event, listener) => listeners.on(event, listener),
  };
}

/** Sends audio once open; the first frames of a page that has not connected yet wait. */
function heldSender(socket: WebSocket): (data: ArrayBuffer) => void {
  const held: ArrayBuffer[] = [];
  socket.addEventListener('open', () => {
    for (const data of held.splice(0)) socket.send(data);
  });
  return (data) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(data);
    else if (socket.readyState === WebSocket.CONNECTING && held.length < 50) held.push(data);
  };
}

function onText(text: string, pending: Map<number, Pending>, listeners: Listeners): void {
  let data: { type?: unknown; id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    console.warn('parley: the host sent a text frame that is not JSON');
    return;
  }
  if (data.type === 'result' && typeof data.id === 'number') {
    pending.get(data.id)?.(data.result as Result<unknown>);
    pending.delete(data.id);
  } else if (data.type === 'event' && typeof data.event === 'string') {
    // Main could not read something this page sent: a bug here, so say it where developers look.
    if (data.event === 'connection.error')
      console.warn('parley: host refused a message', data.payload);
    listeners.emit(data.event as EventName, data.payload);
  }
}
