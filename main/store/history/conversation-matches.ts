import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { HistoryMatch, TextRange } from '../../../preload/schemas/history';
import { parseSnippet, toFtsQuery } from './history-search';
import { anyWordPattern } from './scan-search';
import { searchWords } from './search-hits';
import { hasSearchIndex } from './search-index';
import { prepareAll } from './prepare-all';

const highlighted = (table: string, column: number): string =>
  `highlight(${table}, ${column}, char(2), char(3))`;

/** The items of one conversation that match, each with its whole text marked. */
const FTS = {
  entries: `SELECT e.entry_id AS item_id, ${highlighted('entries_fts', 0)} AS marked
    FROM entries_fts JOIN entries e ON e.rowid = entries_fts.rowid
    WHERE entries_fts MATCH ?1 AND e.conversation_id = ?2`,
  prompts: `SELECT t.task_id AS item_id, ${highlighted('tasks_fts', 0)} AS marked
    FROM tasks_fts JOIN tasks t ON t.rowid = tasks_fts.rowid
    WHERE tasks_fts MATCH ?1 AND t.conversation_id = ?2`,
  results: `SELECT t.task_id AS item_id, ${highlighted('tasks_fts', 1)} AS marked
    FROM tasks_fts JOIN tasks t ON t.rowid = tasks_fts.rowid
    WHERE tasks_fts MATCH ?1 AND t.conversation_id = ?2`,
} as const;

/** Without the index: every text of the conversation, checked here. */
const SCAN = {
  entries: `SELECT entry_id AS item_id, text FROM entries WHERE conversation_id = ?`,
  tasks: `SELECT task_id AS item_id, prompt, result FROM tasks WHERE conversation_id = ?`,
} as const;

/**
 * Where the words of a search occur in one conversation, as ranges over each item's whole text
 * (a hit's ranges cover only its snippet): what the opened conversation highlights. The same
 * rules as the search: FTS5 with its stemming where the index exists, else every word found
 * as text, case-insensitively.
 */
export class ConversationMatches {
  private readonly fts: Record<keyof typeof FTS, StatementSync> | null;
  private readonly scan: Record<keyof typeof SCAN, StatementSync> | null;

  constructor(db: DatabaseSync) {
    const indexed = hasSearchIndex(db);
    this.fts = indexed ? prepareAll(db, FTS) : null;
    this.scan = indexed ? null : prepareAll(db, SCAN);
  }

  /** The matches in conversation `id` of what the user searched for (`input`). */
  in(id: string, input: string): HistoryMatch[] {
    return this.fts ? this.indexed(this.fts, id, input) : this.scanned(id, input);
  }

  private indexed(fts: Record<keyof typeof FTS, StatementSync>, id: string, input: string) {
    const query = toFtsQuery(input);
    if (query === null) return [];
    const marked = (statement: StatementSync, match: string, source: HistoryMatch['source']) =>
      (statement.all(match, id) as { item_id: string; marked: string | null }[]).flatMap(
        (row): HistoryMatch[] => {
          const { ranges } = parseSnippet(row.marked ?? '');
          return ranges.length ? [{ itemId: row.item_id, source, ranges }] : [];
        },
      );
    return [
      ...marked(fts.entries, query, 'transcript'),
      ...marked(fts.prompts, `{prompt} : (${query})`, 'task_prompt'),
      ...marked(fts.results, `{result} : (${query})`, 'task_result'),
    ];
  }

  private scanned(id: string, input: string): HistoryMatch[] {
    const words = searchWords(input);
    if (words.length === 0 || !this.scan) return [];
    const found = (itemId: string, text: string | null, source: HistoryMatch['source']) => {
      const ranges = text === null ? [] : rangesOfEvery(text, words);
      return ranges.length ? [{ itemId, source, ranges }] : [];
    };
    const entries = this.scan.entries.all(id) as { item_id: string; text: string }[];
    const tasks = this.scan.tasks.all(id) as {
      item_id: string;
      prompt: string;
      result: string | null;
    }[];
    return [
      ...entries.flatMap((e) => found(e.item_id, e.text, 'transcript')),
      ...tasks.flatMap((t) => found(t.item_id, t.prompt, 'task_prompt')),
      ...tasks.flatMap((t) => found(t.item_id, t.result, 'task_result')),
    ];
  }
}

/** Every occurrence of each word in `text`, or none unless every word occurs. */
export function rangesOfEvery(text: string, words: readonly string[]): TextRange[] {
  const lower = text.toLowerCase();
  if (!words.every((w) => lower.includes(w.toLowerCase()))) return [];
  return [...text.matchAll(anyWordPattern(words))].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
}
