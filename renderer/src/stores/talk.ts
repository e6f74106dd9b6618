import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Result } from '../../../preload/contract';
import type { TalkView } from '../../../preload/schemas/talk';
import { useApi } from '../api';

/**
 * The talk input as main reports it (`talk.state`): state, mode, the microphone kill switch,
 * the latch and the background gate; and the verbs the talk button and the mute button use.
 */
export const useTalkStore = defineStore('talk', () => {
  /** Null until main has answered or sent one. */
  const view = ref<TalkView | null>(null);
  /** Why the last talk or mute invoke failed, in main's words. */
  const error = ref<string | null>(null);

  const muted = computed(() => view.value?.muted ?? false);
  const gated = computed(() => view.value?.gated ?? false);

  /** Subscribe before the renderer announces readiness, so no change is missed. */
  function subscribe(): () => void {
    return useApi().on('talk.state', (next) => (view.value = next));
  }

  /** Reads the current view; events that arrive later replace it. */
  async function load(): Promise<void> {
    const result = await useApi().talk.state();
    if (result.ok) view.value = result.value;
  }

  /** The talk button went down or up: main decides per mode whether that holds, toggles or interrupts. */
  async function press(down: boolean): Promise<void> {
    const result = await useApi().conversation.talk({ pressed: down });
    error.value = result.ok ? null : result.error.message;
  }

  /** Start or stop a turn as a tap would, without holding (the Enter key). */
  async function toggle(): Promise<void> {
    apply(await useApi().talk.command({ command: 'toggle' }));
  }

  /** The microphone kill switch for every way in: window, talk key, tray, command line. */
  async function setMuted(next: boolean): Promise<void> {
    apply(await useApi().talk.mute({ muted: next }));
  }

  function apply(result: Result<TalkView>): void {
    if (result.ok) {
      view.value = result.value;
      error.value = null;
    } else {
      error.value = result.error.message;
    }
  }

  return { view, error, muted, gated, subscribe, load, press, toggle, setMuted };
});
