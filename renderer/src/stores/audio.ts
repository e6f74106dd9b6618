import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { createAudioEngine } from '../audio/audio-engine';
import type { AudioDevice, AudioDevices, AudioDiagnostics, AudioEngine } from '../audio/types';

/** The binary channel to main: a MessagePort (Electron) or a binary WebSocket (browser host). */
export interface AudioLink {
  send(data: ArrayBuffer): void;
  /** Subscribes to messages from main; returns the unsubscribe function. */
  onMessage(listener: (data: ArrayBuffer) => void): () => void;
}

/** Options for {@link useAudioStore}'s `attach`. */
export interface AudioAttachOptions {
  /** Builds the engine (tests pass a fake); the real Web Audio engine unless told. */
  createEngine?: (send: (data: ArrayBuffer) => void) => AudioEngine;
  /** Capture runs while this is true, e.g. `() => conversation.isActive`. */
  captureWhen?: () => boolean;
}

const STORAGE_KEY = 'parley.audio.devices';

/** Meter position 0…1 for a frame RMS: −60 dBFS and below is empty, 0 dBFS is full. */
export function levelFromRms(rms: number): number {
  if (!(rms > 0)) return 0;
  return Math.min(1, Math.max(0, (20 * Math.log10(rms) + 60) / 60));
}

function loadSelection(): { input: string; output: string } {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Record<string, unknown>;
    return {
      input: typeof saved.input === 'string' ? saved.input : '',
      output: typeof saved.output === 'string' ? saved.output : '',
    };
  } catch {
    return { input: '', output: '' };
  }
}

function saveSelection(input: string, output: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ input, output }));
  } catch {
    // Storage may be unavailable (private mode, file://); the choice then lasts for this page.
  }
}

const listed = (devices: AudioDevice[], id: string): boolean =>
  id === '' || devices.some((d) => d.id === id);

/** Microphone and speaker: devices, selection, mute, level, and the engine's link to main. */
export const useAudioStore = defineStore('audio', () => {
  const inputs = ref<AudioDevice[]>([]);
  const outputs = ref<AudioDevice[]>([]);
  /** '' is the system default. */
  const selectedInput = ref('');
  const selectedOutput = ref('');
  const muted = ref(false);
  /** Meter position 0…1 (see {@link levelFromRms}). */
  const level = ref(0);
  const capturing = ref(false);
  const canSelectOutput = ref(false);
  const attached = ref(false);
  const error = ref<string | null>(null);

  let engine: AudioEngine | null = null;
  let cleanups: (() => void)[] = [];

  function applyDevices(devices: AudioDevices): void {
    inputs.value = devices.inputs;
    outputs.value = devices.outputs;
    if (!listed(devices.outputs, selectedOutput.value)) {
      selectedOutput.value = '';
      void engine?.setOutputDevice(null);
    }
  }

  /** Connects the engine to main through `link`; a second attach replaces the first. */
  function attach(link: AudioLink, options: AudioAttachOptions = {}): void {
    detach();
    const create = options.createEngine ?? ((send) => createAudioEngine({ send }));
    const current = create((data) => link.send(data));
    engine = current;
    const saved = loadSelection();
    selectedInput.value = saved.input;
    selectedOutput.value = saved.output;
    canSelectOutput.value = current.canSelectOutput;
    current.setMuted(muted.value);
    if (saved.output && current.canSelectOutput) void current.setOutputDevice(saved.output);
    cleanups = [
      link.onMessage((data) => current.receive(data)),
      current.on('level', (rms) => (level.value = levelFromRms(rms))),
      current.on('capturing', (on) => {
        capturing.value = on;
        if (!on) level.value = 0;
        if (on) void refreshDevices(); // labels appear once permission is granted
      }),
      current.on('devices', applyDevices),
      // The engine fell back to the default microphone; show that (the saved choice stays).
      current.on('inputLost', () => (selectedInput.value = '')),
      current.on('error', (message) => (error.value = message)),
    ];
    if (options.captureWhen) {
      const source = options.captureWhen;
      cleanups.push(
        watch(source, (on) => void (on ? startCapture() : stopCapture()), { immediate: true }),
      );
    }
    attached.value = true;
    void refreshDevices();
  }

  /** Disconnects and disposes the engine (releases the microphone). Safe when not attached. */
  function detach(): void {
    for (const cleanup of cleanups) cleanup();
    cleanups = [];
    void engine?.dispose();
    engine = null;
    attached.value = false;
    capturing.value = false;
    level.value = 0;
  }

  async function refreshDevices(): Promise<void> {
    if (engine) applyDevices(await engine.listDevices());
  }

  async function startCapture(): Promise<void> {
    if (!engine) return;
    error.value = null;
    try {
      await engine.startCapture(selectedInput.value || null);
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  function stopCapture(): void {
    engine?.stopCapture();
  }

  function setMuted(next: boolean): void {
    muted.value = next;
    engine?.setMuted(next);
  }

  function toggleMute(): void {
    setMuted(!muted.value);
  }

  async function selectInput(id: string): Promise<void> {
    selectedInput.value = id;
    saveSelection(id, selectedOutput.value);
    try {
      await engine?.setInputDevice(id || null);
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  async function selectOutput(id: string): Promise<void> {
    selectedOutput.value = id;
    saveSelection(selectedInput.value, id);
    await engine?.setOutputDevice(id || null);
  }

  /** The engine's read-only snapshot, or null when not attached (or a fake engine has none). */
  function diagnostics(): AudioDiagnostics | null {
    return engine?.diagnostics?.() ?? null;
  }

  /** Resumes audio after a user gesture (the browser's autoplay policy). */
  async function resume(): Promise<void> {
    await engine?.resume().catch(() => {});
  }

  return {
    inputs,
    outputs,
    selectedInput,
    selectedOutput,
    muted,
    level,
    capturing,
    canSelectOutput,
    attached,
    error,
    attach,
    detach,
    refreshDevices,
    startCapture,
    stopCapture,
    setMuted,
    toggleMute,
    selectInput,
    selectOutput,
    resume,
    diagnostics,
  };
});
