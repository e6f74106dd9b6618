import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ConversationState } from '../../../preload/schemas/conversation';
import { useApi } from '../api';
import { useTasksStore } from './tasks';
import { useTranscriptStore } from './transcript';

const initial: ConversationState = {
  phase: 'idle',
  activity: 'none',
  error: null,
  reconnect: null,
  protocol: 'v2',
};

/** Human words for what the status bar shows. */
export function describeState(state: ConversationState): string {
  switch (state.phase) {
    case 'idle':
    case 'closed':
      return 'Disconnected';
    case 'connecting':
      return 'Connecting…';
    case 'reconnecting':
      return state.reconnect
        ? `Reconnecting (attempt ${state.reconnect.attempt})…`
        : 'Reconnecting…';
    case 'live':
      return {
        none: 'Listening',
        listening: 'Listening',
        user_speaking: 'You are speaking',
        thinking: 'Thinking…',
        assistant_speaking: 'Assistant speaking',
      }[state.activity];
  }
}

/** The conversation's connection state and the start/stop verbs. */
export const useConversationStore = defineStore('conversation', () => {
  const state = ref<ConversationState>({ ...initial });
  const lastError = ref<string | null>(null);
  const attached = ref(false);

  const isActive = computed(() =>
    ['connecting', 'live', 'reconnecting'].includes(state.value.phase),
  );
  const label = computed(() => describeState(state.value));

  let attaching: Promise<void> | null = null;

  /** Subscribe to main's events, announce readiness, then read the current state. Once. */
  function attach(): Promise<void> {
    // Shared, so two overlapping calls cannot subscribe (and receive every event) twice.
    attaching ??= subscribeAndRead();
    return attaching;
  }

  async function subscribeAndRead(): Promise<void> {
    const api = useApi();
    const transcript = useTranscriptStore();
    const tasks = useTasksStore();
    api.on('conversation.state', (next) => (state.value = next));
    transcript.subscribe();
    tasks.subscribe();
    const ready = await api.app.ready();
    if (!ready.ok) lastError.value = ready.error.message;
    const current = await api.conversation.state();
    if (current.ok) state.value = current.value;
    await Promise.all([transcript.load(), tasks.load()]);
    attached.value = true;
  }

  async function start(): Promise<void> {
    lastError.value = null;
    const result = await useApi().conversation.start();
    if (!result.ok) lastError.value = result.error.message;
  }

  async function stop(): Promise<void> {
    const result = await useApi().conversation.stop();
    if (!result.ok) lastError.value = result.error.message;
  }

  return { state, lastError, attached, isActive, label, attach, start, stop };
});
