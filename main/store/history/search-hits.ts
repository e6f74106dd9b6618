import type { HistorySearchHit, TextRange } from '../../../preload/schemas/history';
import { titleOf } from './history-rows';

const MAX_TERMS = 16;

/** The words of what the user typed (letters, digits and marks), at most 16. */
export function searchWords(input: string): string[] {
  return (
    input
      .normalize('NFKC')
      .match(/[\p{L}\p{N}\p{M}]+/gu)
      ?.slice(0, MAX_TERMS) ?? []
  );
}

/** The first user words of conversation `c`, as a column of a search query. */
export const FIRST_WORDS = `(SELECT f.text FROM entries f WHERE f.conversation_id = c.id
  AND f.role = 'user' AND f.text <> '' ORDER BY f.at, f.rowid LIMIT 1)`;

/** What every search query selects about the item that matched. */
export interface HitRow {
  conversation_id: string;
  item_id: string;
  role: string | null;
  at: number;
  started_at: number;
  first_words: string | null;
}

/** A search hit from its row and its snippet. */
export function toHit(
  row: HitRow,
  source: HistorySearchHit['source'],
  shown: { snippet: string; ranges: TextRange[] },
): HistorySearchHit {
  return {
    conversationId: row.conversation_id,
    conversationStartedAt: row.started_at,
    conversationTitle: titleOf(row.first_words),
    source,
    itemId: row.item_id,
    role: row.role === 'user' || row.role === 'assistant' ? row.role : null,
    at: row.at,
    ...shown,
  };
}
