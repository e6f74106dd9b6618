/** Types shared by the renderer's audio engine, its store and their tests. */
import type { PlayerDiagnostics } from './player-output';

/** One input or output device as the UI lists it. */
export interface AudioDevice {
  /** `deviceId`; '' is the system default. */
  id: string;
  label: string;
}

/** The devices the browser reports, by direction. */
export interface AudioDevices {
  inputs: AudioDevice[];
  outputs: AudioDevice[];
}

/**
 * A read-only snapshot of the engine for tests and troubleshooting (the browser end-to-end test
 * reads it through `window.parleyAudioDiagnostics()`): the AudioContext clock, the frames sent
 * and what the player saw of each item. Taking it changes nothing.
 */
export interface AudioDiagnostics {
  context: { state: string; sampleRate: number; currentTime: number } | null;
  capturing: boolean;
  /** Capture frames handed to main since the engine was created. */
  framesSent: number;
  player: PlayerDiagnostics;
}

/** Events of an {@link AudioEngine}. */
export type AudioEngineEvents = {
  /** Microphone RMS of the last 20 ms frame, 0…1 (full scale 1). Reported while muted too. */
  level: number;
  /** Capture started or stopped (including a lost device). */
  capturing: boolean;
  /** The device list changed (hot-plug). */
  devices: AudioDevices;
  /** The chosen microphone went away; capture continues on the default input. */
  inputLost: undefined;
  /** Something the user should know (permission denied, device lost). */
  error: string;
};

/**
 * The renderer's audio: microphone capture → 20 ms PCM16 frames → `send`; play chunks from main
 * → the player worklet; played reports → `send`. Messages are audio-wire encoded.
 */
export interface AudioEngine {
  /** A binary message from main (play chunk, item end, stop). */
  receive(data: ArrayBuffer): void;
  /** Opens the microphone (the given device, or the default) and starts sending frames. */
  startCapture(deviceId?: string | null): Promise<void>;
  /** Stops capture and releases the microphone. */
  stopCapture(): void;
  readonly capturing: boolean;
  /** Muted: frames are not sent (the track stays open, the level still shows). */
  setMuted(muted: boolean): void;
  readonly muted: boolean;
  /** Chooses the input device; restarts capture on it when capturing. */
  setInputDevice(deviceId: string | null): Promise<void>;
  /** Chooses the output device (when {@link canSelectOutput}). */
  setOutputDevice(deviceId: string | null): Promise<void>;
  /** Whether the output device can be chosen (`AudioContext.setSinkId`). */
  readonly canSelectOutput: boolean;
  /** The current device list. */
  listDevices(): Promise<AudioDevices>;
  /** Resumes a suspended AudioContext (call from a user gesture in the browser). */
  resume(): Promise<void>;
  on<K extends keyof AudioEngineEvents>(
    event: K,
    listener: (payload: AudioEngineEvents[K]) => void,
  ): () => void;
  /** A read-only snapshot (optional: test fakes may leave it out). */
  diagnostics?(): AudioDiagnostics;
  /** Stops everything and closes the AudioContext. Idempotent. */
  dispose(): Promise<void>;
}
