import type {
  AudioDevices,
  AudioEngine,
  AudioEngineEvents,
} from '../../../renderer/src/audio/types';
import type { AudioLink } from '../../../renderer/src/stores/audio';

type Listener = (payload: never) => void;

/** A recording AudioEngine: `calls` lists what the store asked for; `emit` plays engine events. */
export function createFakeEngine(options: { devices?: AudioDevices; canSelectOutput?: boolean }) {
  const calls: string[] = [];
  const received: ArrayBuffer[] = [];
  const listeners = new Map<keyof AudioEngineEvents, Set<Listener>>();
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
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
    async dispose() {
      calls.push('dispose');
      disposed = true;
    },
  };
  function emit<K extends keyof AudioEngineEvents>(event: K, payload: AudioEngineEvents[K]): void {
    for (const l of listeners.get(event) ?? []) (l as (p: AudioEngineEvents[K]) => void)(payload);
  }
  return {
    engine,
    calls,
    received,
    emit,
    setDevices: (next: AudioDevices) => (devices = next),
    failNextCapture: (error: Error | null) => (failCapture = error),
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
    isDisposed: () => disposed,
  };
}

/** An in-memory AudioLink: `sent` records what the engine sent, `deliver` plays main's messages. */
export function createFakeLink() {
  const sent: ArrayBuffer[] = [];
  const listeners = new Set<(data: ArrayBuffer) => void>();
  const link: AudioLink = {
    send: (data) => void sent.push(data),
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    link,
    sent,
    deliver: (data: ArrayBuffer) => listeners.forEach((l) => l(data)),
    listenerCount: () => listeners.size,
  };
}
