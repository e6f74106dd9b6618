import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { TranscriptEntry } from '../../../preload/schemas/conversation';
import { useApi } from '../api';

/** Entries the pane keeps; older ones scroll away. */
const LIMIT = 500;

/** The live transcript: entries streamed from main, typed messages sent from here. */
export const useTranscriptStore = defineStore('transcript', () => {
  const entries = ref<TranscriptEntry[]>([]);
  const sendError = ref<string | null>(null);
  const sending = ref(false);

  function upsert(entry: TranscriptEntry): void {
    const index = entries.value.findIndex((e) => e.id === entry.id);
    if (index >= 0) entries.value[index] = entry;
    else {
      entries.value.push(entry);
      if (entries.value.length > LIMIT) entries.value.splice(0, entries.value.length - LIMIT);
    }
  }

  /** Subscribe before the renderer announces readiness, so no entry is missed. */
  function subscribe(): () => void {
    return useApi().on('transcript.entry', upsert);
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

  return { entries, sendError, sending, subscribe, load, sendText, upsert };
});
