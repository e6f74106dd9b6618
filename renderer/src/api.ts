// The only reader of window.parley: the rest of the renderer imports from here.
import { buildApi } from '../../preload/build-api';
import type { ParleyApi } from '../../preload/contract';
import type { AudioLink } from './audio/audio-link';
import { electronAudioLink } from './electron-audio-port';
import { createHostSocket, type HostSocket } from './host-socket';

function hostSocketUrl(location: Location): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/parley?token=${encodeURIComponent(token)}`;
}

let instance: ParleyApi | null = null;
let hostSocket: HostSocket | null = null;

function browserHost(): HostSocket {
  hostSocket ??= createHostSocket(hostSocketUrl(window.location));
  return hostSocket;
}

/** The typed API: the Electron preload's, or the browser host's WebSocket client. */
export function useApi(): ParleyApi {
  instance ??= window.parley ?? buildApi(browserHost().transport);
  return instance;
}

/** The binary audio link to main: Electron's MessagePort, or the browser host's socket. */
export function openAudioLink(): Promise<AudioLink> {
  return window.parley ? electronAudioLink() : Promise.resolve(browserHost().audio);
}

/**
 * Called when the browser host this page talks to has gone (it stopped or restarted); never in
 * the desktop app, whose main process outlives its window.
 */
export function onHostLost(listener: () => void): () => void {
  // The desktop app, or a test's fake API: there is no host socket to lose.
  if (window.parley || (instance && !hostSocket)) return () => {};
  return browserHost().onLost(listener);
}

/** Tests install a fake API with this. */
export function setApiForTesting(api: ParleyApi | null): void {
  instance = api;
}
