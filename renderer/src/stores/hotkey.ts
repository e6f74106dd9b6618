import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { HotkeyStatus } from '../../../preload/schemas/hotkey';
import { useApi } from '../api';

/** The global talk key as main reports it (kept current by `hotkey.status`), and rebinding it. */
export const useHotkeyStore = defineStore('hotkey', () => {
  const status = ref<HotkeyStatus | null>(null);
  const loadError = ref<string | null>(null);
  const binding = ref(false);
  let unfollow: (() => void) | null = null;

  /** Follow `hotkey.status`, then read the current status. Subscribes once. */
  async function attach(): Promise<void> {
    const api = useApi();
    unfollow ??= api.on('hotkey.status', (next) => (status.value = next));
    const result = await api.hotkey.status();
    if (result.ok) {
      status.value = result.value;
      loadError.value = null;
    } else loadError.value = result.error.message;
  }

  /** Bind and save a new chord: null when bound, else why it was refused (the old one stays). */
  async function bind(chord: string): Promise<string | null> {
    binding.value = true;
    try {
      const result = await useApi().hotkey.bind({ chord });
      if (!result.ok) return result.error.message;
      status.value = result.value;
      return null;
    } finally {
      binding.value = false;
    }
  }

  /**
   * Pause the global talk key while a new chord is captured (best effort: a host without one
   * answers as well, and main ends a pause by itself).
   */
  async function pause(paused: boolean): Promise<void> {
    await useApi().hotkey.pause({ paused });
  }

  return { status, loadError, binding, attach, bind, pause };
});
