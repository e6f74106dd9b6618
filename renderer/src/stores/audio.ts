import { defineStore } from 'pinia';
import { watch } from 'vue';
import { createAudioEngine } from '../audio/audio-engine';
import type { AudioLink } from '../audio/audio-link';
import type { AudioEngine } from '../audio/types';
import {
  createAudioState,
  createAudioVerbs,
  followEngine,
  restoreDeviceChoice,
  type EngineSlot,
} from './audio-state';

/** Options for {@link useAudioStore}'s `attach`. */
export interface AudioAttachOptions {
  /** Builds the engine (tests pass a fake); the real Web Audio engine unless told. */
  createEngine?: (send: (data: ArrayBuffer) => void) => AudioEngine;
  /** Capture runs while this is true, e.g. `() => conversation.isActive`. */
  captureWhen?: () => boolean;
  /**
   * The microphone is off while this is true (main's kill switch): no frame leaves the engine
   * and capture stops, so the meter and the browser's microphone indicator show it.
   */
  mutedWhen?: () => boolean;
}

/** Microphone and speaker: devices, selection, mute, level, and the engine's link to main. */
export const useAudioStore = defineStore('audio', () => {
  const state = createAudioState();
  const engine: EngineSlot = { current: null };
  const verbs = createAudioVerbs(state, engine);
  let cleanups: (() => void)[] = [];

  /** Connects the engine to main through `link`; a second attach replaces the first. */
  function attach(link: AudioLink, options: AudioAttachOptions = {}): void {
    detach();
    const create = options.createEngine ?? ((send) => createAudioEngine({ send }));
    const current = create((data) => link.send(data));
    engine.current = current;
    restoreDeviceChoice(state, current);
    cleanups = followEngine(state, current, link, verbs);
    const { captureWhen, mutedWhen } = options;
    if (mutedWhen) cleanups.push(watch(mutedWhen, verbs.setMuted, { immediate: true }));
    if (captureWhen) {
      const wanted = (): boolean => captureWhen() && !mutedWhen?.();
      const follow = (on: boolean): void => void (on ? verbs.startCapture() : verbs.stopCapture());
      cleanups.push(watch(wanted, follow, { immediate: true }));
    }
    state.attached.value = true;
    void verbs.refreshDevices();
  }

  /** Disconnects and disposes the engine (releases the microphone). Safe when not attached. */
  function detach(): void {
    for (const cleanup of cleanups) cleanup();
    cleanups = [];
    void engine.current?.dispose();
    engine.current = null;
    state.attached.value = false;
    state.capturing.value = false;
    state.level.value = 0;
  }

  const { applyDevices: _applyDevices, ...publicVerbs } = verbs;
  return { ...state, attach, detach, ...publicVerbs };
});
