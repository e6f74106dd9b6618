/** Electron channel on which main sends the renderer its audio MessagePort. */
export const AUDIO_PORT_CHANNEL = 'parley:audio-port';
/** `window.postMessage` payload the preload uses to hand that port to the page. */
export const AUDIO_PORT_MESSAGE = 'parley:audio-port';
