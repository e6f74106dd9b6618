import { computed, ref, shallowRef } from 'vue';
import type { ConversationSummary } from '../../../preload/schemas/history';
import { useApi } from '../api';
import { groupByDay } from '../history-days';

/** Conversations per page of the list. */
export const HISTORY_PAGE_SIZE = 50;

/** The saved conversations, newest first, read a page at a time and grouped by day. */
export function createHistoryList() {
  const conversations = shallowRef<readonly ConversationSummary[]>([]);
  const listLoading = ref(false);
  const listLoaded = ref(false);
  const listComplete = ref(false);
  const listError = ref<string | null>(null);
  /** The time "Today" is counted from, taken at each load. */
  const now = ref(Date.now());
  const days = computed(() => groupByDay(conversations.value, now.value));
  let generation = 0;

  async function fetchPage(after: ConversationSummary | null): Promise<void> {
    const mine = generation;
    listLoading.value = true;
    const paging = after === null ? {} : { before: after.startedAt, beforeId: after.id };
    const result = await useApi().history.list({ ...paging, limit: HISTORY_PAGE_SIZE });
    // A reload (or a clear) started meanwhile owns the list now.
    if (mine !== generation) return;
    listLoading.value = false;
    if (!result.ok) {
      listError.value = result.error.message;
      return;
    }
    listError.value = null;
    const page = result.value.flatMap((day) => day.conversations);
    const kept = after === null ? [] : conversations.value;
    const known = new Set(kept.map((c) => c.id));
    conversations.value = [...kept, ...page.filter((c) => !known.has(c.id))];
    listComplete.value = page.length < HISTORY_PAGE_SIZE;
    listLoaded.value = true;
    now.value = Date.now();
  }

  return {
    conversations,
    days,
    listLoading,
    listLoaded,
    listComplete,
    listError,
    /** Read the newest page again (the view opened, or history changed). */
    reload(): Promise<void> {
      generation++;
      return fetchPage(null);
    },
    /** The next older page, unless one is loading or there is none. */
    async loadMore(): Promise<void> {
      if (listLoading.value || listComplete.value || !listLoaded.value) return;
      await fetchPage(conversations.value.at(-1) ?? null);
    },
    /** Drop a deleted conversation from the list, or every one (`null`) after a clear. */
    forgetListed(id: string | null): void {
      if (id !== null) {
        conversations.value = conversations.value.filter((c) => c.id !== id);
        return;
      }
      generation++;
      conversations.value = [];
      listLoading.value = false;
      listComplete.value = true;
    },
  };
}
