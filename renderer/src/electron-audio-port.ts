import { AUDIO_PORT_MESSAGE } from '../../preload/audio-port';
import { createAudioLink, type AudioLink } from './audio/audio-link';

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

/** The audio link over the MessagePort the Electron preload hands over once the page is ready. */
export async function electronAudioLink(): Promise<AudioLink> {
  if (!electronPort) throw new Error('No Electron preload: cannot open the audio port.');
  const port = await electronPort;
  // No transfer list: a buffer transferred to Electron's MessagePortMain can arrive empty.
  const { link, deliver } = createAudioLink((data) => port.postMessage(data));
  port.onmessage = (event: MessageEvent) => deliver(event.data);
  return link;
}
