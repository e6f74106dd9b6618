import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { HistorySearchHit, TextRange } from '../../../preload/schemas/history';
import { FIRST_WORDS, searchWords, toHit, type HitRow } from './search-hits';

const SNIPPET_CHARS = 160;
const LEAD_CHARS = 40;

type Source = HistorySearchHit['source'];

const SOURCES: readonly {
  source: Source;
  table: string;
  column: string;
  at: string;
  id: string;
  role: string;
}[] = [
  {
    source: 'transcript',
    table: 'entries',
    column: 'text',
    at: 'e.at',
    id: 'e.entry_id',
    role: 'e.role',
  },
  {
    source: 'task_prompt',
    table: 'tasks',
    column: 'prompt',
    at: 'e.created_at',
    id: 'e.task_id',
    role: 'NULL',
  },
  {
    source: 'task_result',
    table: 'tasks',
    column: 'result',
    at: 'e.created_at',
    id: 'e.task_id',
    role: 'NULL',
  },
];

/** `%word%` for LIKE, with LIKE's own wildcards escaped. */
function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, '\\$&')}%`;
}

/** Any of `words`, as text, case-insensitively (every match: the `g` flag). */
export function anyWordPattern(words: readonly string[]): RegExp {
  return new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'giu');
}

/** The stretch of `text` around the first match, with every match of `words` as a range. */
export function scanSnippet(
  text: string,
  words: readonly string[],
): { snippet: string; ranges: TextRange[] } {
  const pattern = anyWordPattern(words);
  const first = text.search(pattern);
  let start = 0;
  let end = text.length;
  if (text.length > SNIPPET_CHARS) {
    start = Math.max(0, Math.min(first - LEAD_CHARS, text.length - SNIPPET_CHARS));
    end = start + SNIPPET_CHARS;
  }
  const prefix = start > 0 ? '…' : '';
  const snippet = `${prefix}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
  const ranges: TextRange[] = [];
  for (const match of snippet.matchAll(pattern)) {
    ranges.push({ start: match.index, end: match.index + match[0].length });
  }
  return { snippet, ranges };
}

/**
 * Search without the full-text index, for a SQLite built without FTS5: every word must appear
 * (LIKE, case-insensitive for ASCII), newest first. Slower, and there is no ranking.
 */
export class ScanSearch {
  private readonly statements = new Map<string, StatementSync>();

  constructor(private readonly db: DatabaseSync) {}

  search(input: string, limit: number): HistorySearchHit[] {
    const words = searchWords(input);
    if (words.length === 0 || limit <= 0) return [];
    const patterns = words.map(likePattern);
    const hits = SOURCES.flatMap(({ source, ...from }) => {
      const rows = this.statement(from, words.length).all(
        ...patterns,
        limit,
      ) as unknown as (HitRow & {
        text: string;
      })[];
      return rows.map((row) => toHit(row, source, scanSnippet(row.text, words)));
    });
    return hits.sort((a, b) => b.at - a.at).slice(0, limit);
  }

  private statement(from: Omit<(typeof SOURCES)[number], 'source'>, words: number): StatementSync {
    const key = `${from.table}.${from.column}.${words}`;
    let statement = this.statements.get(key);
    if (!statement) {
      const column = `e.${from.column}`;
      const match = Array.from({ length: words }, () => `${column} LIKE ? ESCAPE '\\'`).join(
        ' AND ',
      );
      statement = this.db.prepare(`
        SELECT e.conversation_id, ${from.id} AS item_id, ${from.role} AS role, ${from.at} AS at,
          ${column} AS text, c.started_at, ${FIRST_WORDS} AS first_words
        FROM ${from.table} e JOIN conversations c ON c.id = e.conversation_id
        WHERE ${match} ORDER BY ${from.at} DESC LIMIT ?`);
      this.statements.set(key, statement);
    }
    return statement;
  }
}
