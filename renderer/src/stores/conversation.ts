import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import {
  INITIAL_CONVERSATION_STATE,
  type ConversationState,
} from '../../../preload/schemas/conversation';
import type { Problem } from '../../../preload/schemas/problem';
import { useApi } from '../api';
import { useNavigationStore } from './navigation';
import { useTalkStore } from './talk';
import { useTasksStore } from './tasks';
import { useTranscriptStore } from './transcript';

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

/** A failure of an invoke itself (not of the conversation), as a problem to show. */
function invokeProblem(message: string): Problem {
  return { summary: message, detail: null, actions: ['retry'], field: null };
}

/** The conversation's connection state and the start/stop verbs. */
export const useConversationStore = defineStore('conversation', () => {
  const state = ref<ConversationState>(structuredClone(INITIAL_CONVERSATION_STATE));
  const lastError = ref<Problem | null>(null);
  const attached = ref(false);

  const isActive = computed(() =>
    ['connecting', 'live', 'reconnecting'].includes(state.value.phase),
  );
  const label = computed(() => describeState(state.value));
  /** What to show: a failed invoke, else why the conversation ended or failed. */
  const problem = computed(() => lastError.value ?? state.value.error);

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
    const talk = useTalkStore();
    api.on('conversation.state', (next) => (state.value = next));
    transcript.subscribe();
    tasks.subscribe();
    talk.subscribe();
    useNavigationStore().follow();
    const ready = await api.app.ready();
    if (!ready.ok) lastError.value = invokeProblem(ready.error.message);
    const current = await api.conversation.state();
    if (current.ok) state.value = current.value;
    await Promise.all([transcript.load(), tasks.load(), talk.load()]);
    attached.value = true;
  }

  async function start(): Promise<void> {
    lastError.value = null;
    const result = await useApi().conversation.start();
    if (!result.ok) lastError.value = invokeProblem(result.error.message);
  }

  async function stop(): Promise<void> {
    const result = await useApi().conversation.stop();
    if (!result.ok) lastError.value = invokeProblem(result.error.message);
  }

  return { state, lastError, problem, attached, isActive, label, attach, start, stop };
});
