import { TypedEmitter } from '../../../main/base/typed-emitter';

/** Events of an {@link AudioLink}. */
export type AudioLinkEvents = {
  /** One binary message from main. */
  message: ArrayBuffer;
};

/** The binary channel to main: a MessagePort (Electron) or the host WebSocket (browser host). */
export interface AudioLink {
  send(data: ArrayBuffer): void;
  /** Subscribe; returns the unsubscribe function. */
  on<K extends keyof AudioLinkEvents>(
    event: K,
    listener: (payload: AudioLinkEvents[K]) => void,
  ): () => void;
}

/** Main's Buffers arrive as Uint8Array views over Electron's port; plain buffers pass through. */
export function asArrayBuffer(data: unknown): ArrayBuffer | null {
  if (data instanceof ArrayBuffer) return data;
  if (ArrayBuffer.isView(data)) {
    return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  }
  return null;
}

/** An {@link AudioLink} over any sender, fed by calling `deliver` with what arrives. */
export function createAudioLink(send: (data: ArrayBuffer) => void): {
  link: AudioLink;
  deliver: (data: unknown) => void;
} {
  const emitter = new TypedEmitter<AudioLinkEvents>();
  return {
    link: { send, on: (event, listener) => emitter.on(event, listener) },
    deliver: (data) => {
      const buffer = asArrayBuffer(data);
      if (buffer) emitter.emit('message', buffer);
    },
  };
}
