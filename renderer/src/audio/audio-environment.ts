import { workletUrls } from './worklet-urls';

/** The browser audio APIs the engine uses; tests pass fakes. */
export interface AudioEnvironment {
  mediaDevices: MediaDevices | undefined;
  createContext(options: AudioContextOptions): AudioContext;
  createWorkletNode(
    context: BaseAudioContext,
    name: string,
    options: AudioWorkletNodeOptions,
  ): AudioWorkletNode;
  workletUrls: { capture: string; player: string };
  /** Whether `AudioContext.setSinkId` exists (output device choice). */
  canSetSinkId: boolean;
}

/** The real browser environment. */
export function browserAudioEnvironment(): AudioEnvironment {
  return {
    mediaDevices: typeof navigator === 'undefined' ? undefined : navigator.mediaDevices,
    createContext: (options) => new AudioContext(options),
    createWorkletNode: (context, name, options) => new AudioWorkletNode(context, name, options),
    workletUrls,
    canSetSinkId: typeof AudioContext !== 'undefined' && 'setSinkId' in AudioContext.prototype,
  };
}

/** A 24 kHz context when the browser allows it (no resampling anywhere), else the default rate. */
export function createAudioContext(env: AudioEnvironment): AudioContext {
  try {
    return env.createContext({ sampleRate: 24_000, latencyHint: 'interactive' });
  } catch {
    return env.createContext({ latencyHint: 'interactive' });
  }
}
