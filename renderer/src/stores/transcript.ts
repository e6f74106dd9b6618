import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { useApi } from '../api';
import { createTranscriptEntries } from './transcript-entries';

/** The live transcript: entries streamed from main, typed messages sent from here. */
export const useTranscriptStore = defineStore('transcript', () => {
  const { entries, upsert, appendDelta } = createTranscriptEntries(() => reload());
  const sendError = ref<string | null>(null);
  const sending = ref(false);

  /** The latest finished assistant line, for the screen-reader announcement. */
  const lastAssistantFinal = computed(() => {
    for (let i = entries.value.length - 1; i >= 0; i--) {
      const entry = entries.value[i]!;
      if (entry.role === 'assistant') return entry.final ? entry : null;
    }
    return null;
  });

  /** Subscribe before the renderer announces readiness, so no entry is missed. */
  function subscribe(): () => void {
    const api = useApi();
    const offs = [api.on('transcript.entry', upsert), api.on('transcript.delta', appendDelta)];
    return () => offs.forEach((off) => off());
  }

  let reloading: Promise<void> | null = null;
  /** Load the transcript again, once however many deltas asked for it meanwhile. */
  function reload(): void {
    reloading ??= load().finally(() => (reloading = null));
  }

  /** Read what main already has (a renderer that attached late, or a reload). */
  async function load(): Promise<void> {
    const result = await useApi().conversation.transcript();
    if (result.ok) for (const entry of result.value) upsert(entry);
  }

  async function sendText(text: string): Promise<boolean> {
    const trimmed = text.trim();
    if (!trimmed) return false;
    sending.value = true;
    sendError.value = null;
    try {
      const result = await useApi().conversation.sendText({ text: trimmed });
      if (!result.ok) sendError.value = result.error.message;
      return result.ok;
    } finally {
      sending.value = false;
    }
  }

  return {
    entries,
    lastAssistantFinal,
    sendError,
    sending,
    subscribe,
    load,
    sendText,
    upsert,
    appendDelta,
  };
});
