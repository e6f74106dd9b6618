/// <reference lib="dom" />
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { AUDIO_PORT_CHANNEL, AUDIO_PORT_MESSAGE } from './audio-port';
import { buildApi } from './build-api';
import { EVENT_CHANNEL, IPC_PREFIX, type EventName, type Result } from './contract';

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>();

ipcRenderer.on(
  EVENT_CHANNEL,
  (_event: IpcRendererEvent, message: { event: EventName; payload: unknown }) => {
    for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
  },
);

const api = buildApi({
  invoke: (channel, payload) =>
    ipcRenderer.invoke(IPC_PREFIX + channel, payload) as Promise<Result<unknown>>,
  subscribe: (event, listener) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
});

// The audio MessagePort cannot cross contextBridge: hand it to the page with postMessage.
ipcRenderer.on(AUDIO_PORT_CHANNEL, (event: IpcRendererEvent) => {
  window.postMessage(
    AUDIO_PORT_MESSAGE,
    window.location.origin === 'null' ? '*' : window.location.origin,
    [...event.ports],
  );
});

// Verbs only: the renderer never sees ipcRenderer, Node or the API key.
contextBridge.exposeInMainWorld('parley', api);
