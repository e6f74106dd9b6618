import type {
  AudioDevices,
  AudioEngine,
  AudioEngineEvents,
} from '../../../renderer/src/audio/types';
import type { AudioLink, AudioLinkEvents } from '../../../renderer/src/audio/audio-link';
import { TypedEmitter } from '../../../main/base/typed-emitter';

/** A recording AudioEngine: `calls` lists what the store asked for; `emit` plays engine events. */
export function createFakeEngine(options: { devices?: AudioDevices; canSelectOutput?: boolean }) {
  const calls: string[] = [];
  const received: ArrayBuffer[] = [];
  const listeners = new TypedEmitter<AudioEngineEvents>();
  let devices: AudioDevices = options.devices ?? { inputs: [], outputs: [] };
  let capturing = false;
  let muted = false;
  let failCapture: Error | null = null;
  let disposed = false;
  const engine: AudioEngine = {
    receive: (data) => void received.push(data),
    async startCapture(deviceId) {
      calls.push(`start:${deviceId ?? 'default'}`);
      if (failCapture) throw failCapture;
      capturing = true;
      emit('capturing', true);
    },
    stopCapture() {
      calls.push('stop');
      if (capturing) emit('capturing', false);
      capturing = false;
    },
    get capturing() {
      return capturing;
    },
    setMuted(next) {
      calls.push(`muted:${next}`);
      muted = next;
    },
    get muted() {
      return muted;
    },
    async setInputDevice(id) {
      calls.push(`input:${id ?? 'default'}`);
    },
    async setOutputDevice(id) {
      calls.push(`output:${id ?? 'default'}`);
    },
    canSelectOutput: options.canSelectOutput ?? true,
    listDevices: async () => devices,
    resume: async () => void calls.push('resume'),
    on: (event, listener) => listeners.on(event, listener),
    async dispose() {
      calls.push('dispose');
      disposed = true;
    },
  };
  const emit = <K extends keyof AudioEngineEvents>(event: K, payload: AudioEngineEvents[K]) =>
    listeners.emit(event, payload);
  return {
    engine,
    calls,
    received,
    emit,
    setDevices: (next: AudioDevices) => (devices = next),
    failNextCapture: (error: Error | null) => (failCapture = error),
    listenerCount: () => listeners.listenerCount(),
    isDisposed: () => disposed,
  };
}

/** An in-memory AudioLink: `sent` records what the engine sent, `deliver` plays main's messages. */
export function createFakeLink() {
  const sent: ArrayBuffer[] = [];
  const emitter = new TypedEmitter<AudioLinkEvents>();
  const link: AudioLink = {
    send: (data) => void sent.push(data),
    on: (event, listener) => emitter.on(event, listener),
  };
  return {
    link,
    sent,
    deliver: (data: ArrayBuffer) => emitter.emit('message', data),
    listenerCount: () => emitter.listenerCount(),
  };
}
