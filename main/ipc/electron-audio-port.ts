import { MessageChannelMain, type WebContents } from 'electron';
import { AUDIO_PORT_CHANNEL } from '../../preload/audio-port';
import type { AudioHub } from '../core/audio-hub';

/**
 * Gives the window's renderer a fresh MessagePort for binary audio and attaches it to the hub.
 * Called each time the renderer says it is ready (a reload gets a new port; the old one closes).
 */
export function connectAudioPort(contents: WebContents, hub: AudioHub): () => void {
  const { port1, port2 } = new MessageChannelMain();
  const link = hub.attach({
    send: (data) => port1.postMessage(Buffer.from(data)),
  });
  port1.on('message', (event) => {
    const data: unknown = event.data;
    if (data instanceof ArrayBuffer) link.receive(data);
    else if (ArrayBuffer.isView(data)) {
      link.receive(
        data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
      );
    }
  });
  port1.on('close', link.detach);
  port1.start();
  contents.postMessage(AUDIO_PORT_CHANNEL, null, [port2]);
  return () => {
    link.detach();
    port1.close();
  };
}
