import { ref } from 'vue';
import type { AudioLink } from '../audio/audio-link';
import type { AudioDevice, AudioDevices, AudioEngine } from '../audio/types';
import { isListed, loadDeviceChoice, saveDeviceChoice } from './audio-device-choice';

/** Meter position 0…1 for a frame RMS: −60 dBFS and below is empty, 0 dBFS is full. */
export function levelFromRms(rms: number): number {
  if (!(rms > 0)) return 0;
  return Math.min(1, Math.max(0, (20 * Math.log10(rms) + 60) / 60));
}

/** What the audio store shows. */
export function createAudioState() {
  return {
    inputs: ref<AudioDevice[]>([]),
    outputs: ref<AudioDevice[]>([]),
    /** '' is the system default. */
    selectedInput: ref(''),
    selectedOutput: ref(''),
    muted: ref(false),
    /** Meter position 0…1 (see {@link levelFromRms}). */
    level: ref(0),
    capturing: ref(false),
    canSelectOutput: ref(false),
    attached: ref(false),
    error: ref<string | null>(null),
  };
}
export type AudioState = ReturnType<typeof createAudioState>;

/** The engine the store currently drives, if any. */
export type EngineSlot = { current: AudioEngine | null };

/** The store's verbs on whatever engine is attached. */
export function createAudioVerbs(state: AudioState, engine: EngineSlot) {
  const reportError = (e: unknown): void => void (state.error.value = (e as Error).message);
  function applyDevices(devices: AudioDevices): void {
    state.inputs.value = devices.inputs;
    state.outputs.value = devices.outputs;
    if (!isListed(devices.outputs, state.selectedOutput.value)) {
      state.selectedOutput.value = '';
      void engine.current?.setOutputDevice(null);
    }
  }
  const setMuted = (next: boolean): void => {
    state.muted.value = next;
    engine.current?.setMuted(next);
  };
  return {
    applyDevices,
    async refreshDevices(): Promise<void> {
      if (engine.current) applyDevices(await engine.current.listDevices());
    },
    async startCapture(): Promise<void> {
      if (!engine.current) return;
      state.error.value = null;
      await engine.current.startCapture(state.selectedInput.value || null).catch(reportError);
    },
    stopCapture: (): void => engine.current?.stopCapture(),
    /** Frames stop at the engine (the kill switch itself is main's `talk.mute`). */
    setMuted,
    async selectInput(id: string): Promise<void> {
      state.selectedInput.value = id;
      saveDeviceChoice(id, state.selectedOutput.value);
      await engine.current?.setInputDevice(id || null).catch(reportError);
    },
    async selectOutput(id: string): Promise<void> {
      state.selectedOutput.value = id;
      saveDeviceChoice(state.selectedInput.value, id);
      await engine.current?.setOutputDevice(id || null);
    },
    /** The engine's read-only snapshot, or null when not attached (or a fake engine has none). */
    diagnostics: () => engine.current?.diagnostics?.() ?? null,
    /** Resumes audio after a user gesture (the browser's autoplay policy). */
    resume: async (): Promise<void> => await engine.current?.resume().catch(() => {}),
  };
}
export type AudioVerbs = ReturnType<typeof createAudioVerbs>;

/** A new engine starts with the saved device choice and the current mute. */
export function restoreDeviceChoice(state: AudioState, engine: AudioEngine): void {
  const saved = loadDeviceChoice();
  state.selectedInput.value = saved.input;
  state.selectedOutput.value = saved.output;
  state.canSelectOutput.value = engine.canSelectOutput;
  engine.setMuted(state.muted.value);
  if (saved.output && engine.canSelectOutput) void engine.setOutputDevice(saved.output);
}

/** Wires the engine to the link and the store; returns the unsubscribers. */
export function followEngine(
  state: AudioState,
  engine: AudioEngine,
  link: AudioLink,
  verbs: AudioVerbs,
): (() => void)[] {
  return [
    link.on('message', (data) => engine.receive(data)),
    engine.on('level', (rms) => (state.level.value = levelFromRms(rms))),
    engine.on('capturing', (on) => {
      state.capturing.value = on;
      if (!on) state.level.value = 0;
      if (on) void verbs.refreshDevices(); // labels appear once permission is granted
    }),
    engine.on('devices', verbs.applyDevices),
    // The engine fell back to the default microphone; show that (the saved choice stays).
    engine.on('inputLost', () => (state.selectedInput.value = '')),
    engine.on('error', (message) => (state.error.value = message)),
  ];
}
