import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { TranscriptDelta, TranscriptEntry } from '../../../preload/schemas/conversation';
import { useApi } from '../api';

/** Entries the pane keeps; older ones scroll away. */
export const TRANSCRIPT_LIMIT = 5000;

/**
 * The live transcript: entries streamed from main, typed messages sent from here. Entries are
 * plain objects in a shallow array replaced on each change (no deep reactivity on thousands of
 * lines), with an index by id so a delta finds its line at once.
 */
export const useTranscriptStore = defineStore('transcript', () => {
  const entries = shallowRef<readonly TranscriptEntry[]>([]);
  const sendError = ref<string | null>(null);
  const sending = ref(false);
  let indexOf = new Map<string, number>();

  /** The latest finished assistant line, for the screen-reader announcement. */
  const lastAssistantFinal = computed(() => {
    for (let i = entries.value.length - 1; i >= 0; i--) {
      const entry = entries.value[i]!;
      if (entry.role === 'assistant') return entry.final ? entry : null;
    }
    return null;
  });

  function upsert(entry: TranscriptEntry): void {
    const index = indexOf.get(entry.id);
    const next = entries.value.slice();
    if (index !== undefined) next[index] = entry;
    else {
      indexOf.set(entry.id, next.length);
      next.push(entry);
      if (next.length > TRANSCRIPT_LIMIT) {
        next.splice(0, next.length - TRANSCRIPT_LIMIT);
        indexOf = new Map(next.map((e, i) => [e.id, i]));
      }
    }
    entries.value = next;
  }

  /**
   * Text appended to an entry. A delta already in the text (from a transcript loaded meanwhile)
   * changes nothing; one past the end of the text means something was missed, so the
   * transcript is loaded again.
   */
  function appendDelta(change: TranscriptDelta): void {
    const index = indexOf.get(change.id);
    const entry = index === undefined ? undefined : entries.value[index];
    if (index === undefined || !entry) return reload();
    const { text } = entry;
    if (text.length !== change.at) {
      if (text.slice(change.at, change.at + change.delta.length) !== change.delta) reload();
      return;
    }
    const next = entries.value.slice();
    next[index] = { ...entry, text: text + change.delta };
    entries.value = next;
  }

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
