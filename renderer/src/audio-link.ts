import { AUDIO_PORT_MESSAGE } from '../../preload/audio-port';
import type { AudioLink } from './stores/audio';

/** Main's Buffers arrive as Uint8Array views over Electron's port; plain buffers pass through. */
function asArrayBuffer(data: unknown): ArrayBuffer | null {
  if (data instanceof ArrayBuffer) return data;
  if (ArrayBuffer.isView(data)) {
    return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  }
  return null;
}

/**
 * Electron hands the audio port over as soon as the page says it is ready, which can be before
 * the app gets around to asking for it: listen from the moment this module loads.
 */
const electronPort: Promise<MessagePort> | null =
  typeof window !== 'undefined' && window.parley !== undefined
    ? new Promise((resolve) => {
        const onMessage = (event: MessageEvent): void => {
          if (event.source !== window || event.data !== AUDIO_PORT_MESSAGE || !event.ports[0])
            return;
          window.removeEventListener('message', onMessage);
          resolve(event.ports[0]);
        };
        window.addEventListener('message', onMessage);
      })
    : null;

/** A link over a MessagePort (Electron: the port main sends once the window is ready). */
function portLink(port: MessagePort): AudioLink {
  const listeners = new Set<(data: ArrayBuffer) => void>();
  port.onmessage = (event: MessageEvent) => {
    const data = asArrayBuffer(event.data);
    if (data) for (const listener of listeners) listener(data);
  };
  return {
    // No transfer list: a buffer transferred to Electron's MessagePortMain can arrive empty.
    send: (data) => port.postMessage(data),
    onMessage: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A link over the browser host's binary audio WebSocket; frames sent before it opens wait. */
function socketLink(url: string): AudioLink {
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  const pending: ArrayBuffer[] = [];
  socket.addEventListener('open', () => {
    for (const data of pending.splice(0)) socket.send(data);
  });
  return {
    send: (data) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(data);
      else if (socket.readyState === WebSocket.CONNECTING && pending.length < 50)
        pending.push(data);
    },
    onMessage: (listener) => {
      const handler = (event: MessageEvent): void => {
        if (event.data instanceof ArrayBuffer) listener(event.data);
      };
      socket.addEventListener('message', handler);
      return () => socket.removeEventListener('message', handler);
    },
  };
}

/**
 * The renderer's binary audio connection to main: the MessagePort the Electron preload hands
 * over, or a WebSocket to `parley serve` (same token as the contract socket).
 */
export function openAudioLink(location: Location, isElectron: boolean): Promise<AudioLink> {
  if (!isElectron) {
    const token = new URLSearchParams(location.search).get('token') ?? '';
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return Promise.resolve(
      socketLink(`${scheme}//${location.host}/parley-audio?token=${encodeURIComponent(token)}`),
    );
  }
  if (!electronPort)
    return Promise.reject(new Error('No Electron preload: cannot open the audio port.'));
  return electronPort.then(portLink);
}
