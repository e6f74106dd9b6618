// The only reader of window.parley: the rest of the renderer imports `api` from here.
import { buildApi } from '../../preload/build-api';
import type { ParleyApi } from '../../preload/contract';
import { createHostSocketTransport } from './host-socket-transport';

function contractSocketUrl(location: Location): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/parley?token=${encodeURIComponent(token)}`;
}

function createApi(): ParleyApi {
  if (window.parley) return window.parley;
  return buildApi(createHostSocketTransport(contractSocketUrl(window.location)));
}

let instance: ParleyApi | null = null;

/** The typed API: the Electron preload's, or the browser host's WebSocket client. */
export function useApi(): ParleyApi {
  instance ??= createApi();
  return instance;
}

/** Tests install a fake API with this. */
export function setApiForTesting(api: ParleyApi | null): void {
  instance = api;
}
