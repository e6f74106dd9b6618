/// <reference lib="dom" />
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { TypedEmitter } from '../main/base/typed-emitter';
import { AUDIO_PORT_CHANNEL, AUDIO_PORT_MESSAGE } from './audio-port';
import { buildApi } from './build-api';
import { EVENT_CHANNEL, IPC_PREFIX, type EventName, type Result } from './contract';

const events = new TypedEmitter<Record<EventName, unknown>>();

ipcRenderer.on(
  EVENT_CHANNEL,
  (_event: IpcRendererEvent, message: { event: EventName; payload: unknown }) =>
    events.emit(message.event, message.payload),
);

const api = buildApi({
  invoke: (channel, payload) =>
    ipcRenderer.invoke(IPC_PREFIX + channel, payload) as Promise<Result<unknown>>,
  subscribe: (event, listener) => events.on(event, listener),
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
