import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type {
  HistoryConversation,
  HistoryMatch,
  HistoryStatus,
  TextRange,
} from '../../../preload/schemas/history';
import { useApi } from '../api';
import { downloadFile } from '../file-download';
import { historyNotice } from '../history-notice';
import { createHistoryList } from './history-list';
import { createHistorySearch } from './history-search';

/** The file formats a conversation exports to. */
export type ExportFormat = 'markdown' | 'json';

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * The conversation opened read-only (with where the search's words occur in it, when
 * `searchedFor` names a search), and whether history is being saved.
 */
function createHistoryReading(searchedFor: () => string | null) {
  const opened = shallowRef<HistoryConversation | null>(null);
  /** Where the search's words occur in the opened conversation (highlighted there). */
  const openedMatches = shallowRef<readonly HistoryMatch[]>([]);
  const openingId = ref<string | null>(null);
  /** The transcript entry or task a search hit opened the conversation at. */
  const focusItemId = ref<string | null>(null);
  const openError = ref<string | null>(null);
  const status = ref<HistoryStatus | null>(null);
  const notice = computed(() => (status.value ? historyNotice(status.value) : null));
  let attached = false;
  return {
    opened,
    openedMatches,
    openingId,
    focusItemId,
    openError,
    status,
    notice,
    /** Follow whether history is being saved. Once. */
    async attach(): Promise<void> {
      if (attached) return;
      attached = true;
      const api = useApi();
      api.on('history.status', (next) => (status.value = next));
      const result = await api.history.status();
      if (result.ok) status.value = result.value;
    },
    /** Open one past conversation read-only, at `itemId` when a search hit named one. */
    async open(id: string, itemId: string | null = null): Promise<boolean> {
      openingId.value = id;
      openError.value = null;
      openedMatches.value = [];
      const query = searchedFor();
      const api = useApi();
      const [result, matches] = await Promise.all([
        api.history.get({ id }),
        query === null ? null : api.history.matches({ id, query }),
      ]);
      if (openingId.value !== id) return false;
      openingId.value = null;
      if (!result.ok) {
        openError.value = result.error.message;
        return false;
      }
      opened.value = result.value;
      // Highlighting is a help: without it the conversation reads the same.
      if (matches?.ok) openedMatches.value = matches.value;
      focusItemId.value = itemId;
      return true;
    },
    /** The matched ranges of one item of the opened conversation (none when not searched). */
    matchesOf(source: HistoryMatch['source'], itemId: string): readonly TextRange[] {
      const found = openedMatches.value.find((m) => m.source === source && m.itemId === itemId);
      return found?.ranges ?? [];
    },
    /** Back to the list (or the search results). */
    close(): void {
      openedMatches.value = [];
      opened.value = null;
      openingId.value = null;
      focusItemId.value = null;
    },
  };
}

/**
 * The history view's data: the saved conversations (paged, grouped by day), the search and its
 * hits, the conversation opened read-only, export and deletion, and whether history is being
 * saved (followed from the `history.status` event).
 */
export const useHistoryStore = defineStore('history', () => {
  const list = createHistoryList();
  const search = createHistorySearch();
  // Opened from a search, a conversation highlights the searched words.
  const reading = createHistoryReading(() =>
    search.searchActive.value ? search.searchedFor.value.trim() || null : null,
  );
  /** Why the last export or deletion failed, in the words main gave. */
  const actionError = ref<string | null>(null);
  /** What the last deletion did, for a polite announcement. */
  const actionDone = ref<string | null>(null);

  function forget(id: string | null): void {
    list.forgetListed(id);
    search.forgetHits(id);
    if (id === null || reading.opened.value?.conversation.id === id) reading.close();
  }

  /** Save a conversation as a file (a download); false with {@link actionError} when it fails. */
  async function exportConversation(id: string, format: ExportFormat): Promise<boolean> {
    actionError.value = null;
    const result = await useApi().history.export({ id, format });
    if (!result.ok) actionError.value = result.error.message;
    else downloadFile(result.value);
    return result.ok;
  }

  /** Delete one conversation; false with {@link actionError} when it fails. */
  async function remove(id: string): Promise<boolean> {
    actionError.value = actionDone.value = null;
    const result = await useApi().history.delete({ id });
    if (!result.ok) {
      actionError.value = result.error.message;
      return false;
    }
    forget(id);
    actionDone.value = result.value
      ? 'Conversation deleted.'
      : 'That conversation was already gone.';
    return true;
  }

  /** Delete every saved conversation; false with {@link actionError} when it fails. */
  async function clearAll(): Promise<boolean> {
    actionError.value = actionDone.value = null;
    const result = await useApi().history.clear();
    if (!result.ok) {
      actionError.value = result.error.message;
      return false;
    }
    forget(null);
    actionDone.value = `Deleted ${plural(result.value, 'conversation', 'conversations')}.`;
    return true;
  }

  function close(): void {
    reading.close();
    actionError.value = null;
  }

  return {
    ...list,
    ...search,
    ...reading,
    close,
    actionError,
    actionDone,
    exportConversation,
    remove,
    clearAll,
  };
});
