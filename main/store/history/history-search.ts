import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { HistorySearchHit, TextRange } from '../../../preload/schemas/history';
import { ScanSearch } from './scan-search';
import { hasSearchIndex } from './search-index';
import { FIRST_WORDS, searchWords, toHit, type HitRow } from './search-hits';
import { prepareAll } from './prepare-all';

const MARK_START = '\u0002';
const MARK_END = '\u0003';
const SNIPPET_TOKENS = 24;

/**
 * An FTS5 query matching every word of what the user typed, the last one as a prefix (so the
 * word being typed already matches). Each word is quoted, so no input is FTS syntax: `"`,
 * `AND`, `NEAR(` or `*` are searched as the words they contain. Null when there is no word.
 */
export function toFtsQuery(input: string): string | null {
  const words = searchWords(input);
  if (words.length === 0) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

/** A snippet with FTS5's match marks turned into ranges over the plain text. */
export function parseSnippet(marked: string): { snippet: string; ranges: TextRange[] } {
  let snippet = '';
  const ranges: TextRange[] = [];
  let start: number | null = null;
  for (const char of marked) {
    if (char === MARK_START) start = snippet.length;
    else if (char === MARK_END) {
      if (start !== null && snippet.length > start) ranges.push({ start, end: snippet.length });
      start = null;
    } else snippet += char;
  }
  return { snippet, ranges };
}

const snippetOf = (table: string, column: number): string =>
  `snippet(${table}, ${column}, char(2), char(3), '…', ${SNIPPET_TOKENS})`;

/**
 * The inner query is FTS5's fast path (`ORDER BY rank LIMIT n` over the index alone: ranks in
 * the index and builds snippets only for the rows kept); the joins then run on those rows only.
 */
function hitQuery(table: 'entries_fts' | 'tasks_fts', column: number): string {
  const item =
    table === 'entries_fts'
      ? `e.conversation_id, e.entry_id AS item_id, e.role, e.at FROM hit JOIN entries e`
      : `e.conversation_id, e.task_id AS item_id, NULL AS role, e.created_at AS at FROM hit JOIN tasks e`;
  return `
    WITH hit AS (
      SELECT rowid, rank, ${snippetOf(table, column)} AS marked FROM ${table}
      WHERE ${table} MATCH ?1 ORDER BY rank LIMIT ?2)
    SELECT hit.rank AS rank, hit.marked AS marked, c.started_at, ${FIRST_WORDS} AS first_words,
      ${item} ON e.rowid = hit.rowid JOIN conversations c ON c.id = e.conversation_id
    ORDER BY hit.rank`;
}

const SQL = {
  entries: hitQuery('entries_fts', 0),
  // One query per column, so each hit says whether the prompt or the result matched.
  taskPrompts: hitQuery('tasks_fts', 0),
  taskResults: hitQuery('tasks_fts', 1),
} as const;

/**
 * Ranked full-text search over transcripts and task prompts and results; a scan of the text
 * when the database has no full-text index (a SQLite without FTS5).
 */
export class HistorySearch {
  private readonly statements: Record<keyof typeof SQL, StatementSync> | null;
  private readonly scan: ScanSearch | null;

  constructor(db: DatabaseSync) {
    const indexed = hasSearchIndex(db);
    this.scan = indexed ? null : new ScanSearch(db);
    this.statements = indexed ? prepareAll(db, SQL) : null;
  }

  /**
   * The best `limit` matches of every word in `input`, best first (BM25; newer first on a
   * tie). Input that holds no word finds nothing.
   */
  search(input: string, limit = 50): HistorySearchHit[] {
    if (this.scan) return this.scan.search(input, limit);
    const query = toFtsQuery(input);
    if (query === null || limit <= 0) return [];
    const hits = [
      ...this.run('entries', 'transcript', query, limit),
      ...this.run('taskPrompts', 'task_prompt', `{prompt} : (${query})`, limit),
      ...this.run('taskResults', 'task_result', `{result} : (${query})`, limit),
    ];
    hits.sort((a, b) => a.rank - b.rank || b.hit.at - a.hit.at);
    return hits.slice(0, limit).map(({ hit }) => hit);
  }

  private run(
    statement: keyof typeof SQL,
    source: HistorySearchHit['source'],
    query: string,
    limit: number,
  ): { rank: number; hit: HistorySearchHit }[] {
    const rows = (this.statements?.[statement].all(query, limit) ?? []) as unknown as (HitRow & {
      rank: number;
      marked: string;
    })[];
    return rows.map((row) => ({
      rank: row.rank,
      hit: toHit(row, source, parseSnippet(row.marked)),
    }));
  }
}
