import { MessageChannelMain, type WebContents } from 'electron';
import { AUDIO_PORT_CHANNEL } from '../../preload/audio-port';
import type { OpenedAudio } from './renderer-connection';

/**
 * Gives the window's renderer a fresh MessagePort for binary audio (a reload gets a new port;
 * the old one closes). Data from the page goes to `receive`.
 */
export function openAudioPort(
  contents: WebContents,
  receive: (data: ArrayBuffer | Uint8Array) => void,
): OpenedAudio {
  const { port1, port2 } = new MessageChannelMain();
  port1.on('message', (event) => {
    const data: unknown = event.data;
    if (data instanceof ArrayBuffer || data instanceof Uint8Array) receive(data);
  });
  port1.start();
  contents.postMessage(AUDIO_PORT_CHANNEL, null, [port2]);
  return {
    // No transfer list: a buffer transferred to Electron's MessagePortMain can arrive empty.
    link: { send: (data) => port1.postMessage(data) },
    close: () => port1.close(),
  };
}
