import { computed, ref, shallowRef } from 'vue';
import type { HistorySearchHit } from '../../../preload/schemas/history';
import { useApi } from '../api';

/** Quiet time after the last keystroke before a search runs [ms]. */
export const SEARCH_DEBOUNCE_MS = 250;
/** Hits asked for per search. */
export const SEARCH_LIMIT = 50;
/** Longest query the search invoke accepts. */
export const MAX_QUERY_CHARS = 200;

/** Search over transcripts and task prompts and results, run once typing pauses. */
export function createHistorySearch() {
  const query = ref('');
  const hits = shallowRef<readonly HistorySearchHit[]>([]);
  /** The query the shown hits answer (the input may be ahead of it while typing). */
  const searchedFor = ref('');
  const searching = ref(false);
  const searchError = ref<string | null>(null);
  const searchActive = computed(() => query.value.trim() !== '');
  let timer: ReturnType<typeof setTimeout> | null = null;
  let seq = 0;

  function stopTimer(): void {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  /** Search for the current input at once (Enter, or the pause after typing). */
  async function searchNow(): Promise<void> {
    stopTimer();
    const mine = ++seq;
    const wanted = query.value.trim();
    searchError.value = null;
    if (!wanted) {
      hits.value = [];
      searchedFor.value = '';
      searching.value = false;
      return;
    }
    searching.value = true;
    const result = await useApi().history.search({ query: wanted, limit: SEARCH_LIMIT });
    // An answer to an older query is of no use once a newer one is on its way.
    if (mine !== seq) return;
    searching.value = false;
    if (!result.ok) {
      searchError.value = result.error.message;
      return;
    }
    hits.value = result.value;
    searchedFor.value = wanted;
  }

  return {
    query,
    hits,
    searchedFor,
    searching,
    searchError,
    searchActive,
    searchNow,
    /** The search input changed: search once typing pauses (an emptied input clears at once). */
    setQuery(text: string): void {
      query.value = text.slice(0, MAX_QUERY_CHARS);
      stopTimer();
      if (!searchActive.value) {
        void searchNow();
        return;
      }
      searching.value = true;
      timer = setTimeout(() => void searchNow(), SEARCH_DEBOUNCE_MS);
    },
    /** Drop the hits of a deleted conversation, or every hit (`null`) after a clear. */
    forgetHits(id: string | null): void {
      hits.value = id === null ? [] : hits.value.filter((hit) => hit.conversationId !== id);
    },
  };
}
