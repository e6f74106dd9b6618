import type { DatabaseSync } from 'node:sqlite';
import { createSearchIndex, fts5Available } from './search-index';

/** What a migration may depend on besides the database. */
export interface MigrationOptions {
  /** Whether to build the full-text index (FTS5 is missing from some SQLite builds). */
  fullText: boolean;
}

/** One step of the schema: run inside the transaction that also bumps `user_version`. */
export type Migration = (db: DatabaseSync, options: MigrationOptions) => void;

/** Conversations and their transcript entries. */
function conversationsAndEntries(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE conversations (
      id TEXT PRIMARY KEY,
      started_at INTEGER NOT NULL,
      ended_at INTEGER,
      protocol TEXT NOT NULL,
      model TEXT NOT NULL,
      codex_thread_id TEXT
    ) STRICT;
    CREATE INDEX conversations_by_start ON conversations (started_at);
    CREATE TABLE entries (
      rowid INTEGER PRIMARY KEY,
      conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
      entry_id TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
      text TEXT NOT NULL,
      final INTEGER NOT NULL,
      typed INTEGER NOT NULL,
      heard_chars INTEGER,
      at INTEGER NOT NULL,
      UNIQUE (conversation_id, entry_id)
    ) STRICT;
    CREATE INDEX entries_by_time ON entries (conversation_id, at);
  `);
}

/** Delegated tasks and their events (status changes and progress items, as JSON). */
function tasksAndEvents(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE tasks (
      rowid INTEGER PRIMARY KEY,
      conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
      task_id TEXT NOT NULL,
      name TEXT NOT NULL,
      prompt TEXT NOT NULL,
      text TEXT NOT NULL,
      workspace TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      started_at INTEGER,
      ended_at INTEGER,
      duration_ms INTEGER,
      result TEXT,
      error TEXT,
      input_tokens INTEGER,
      output_tokens INTEGER,
      cancel_requested INTEGER NOT NULL DEFAULT 0,
      follow_ups TEXT NOT NULL DEFAULT '[]',
      follow_up_of TEXT,
      progress_count INTEGER NOT NULL DEFAULT 0,
      progress_dropped INTEGER NOT NULL DEFAULT 0,
      UNIQUE (conversation_id, task_id)
    ) STRICT;
    CREATE INDEX tasks_by_creation ON tasks (created_at);
    CREATE TABLE task_events (
      id INTEGER PRIMARY KEY,
      task_rowid INTEGER NOT NULL REFERENCES tasks (rowid) ON DELETE CASCADE,
      at INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('status', 'progress')),
      data TEXT NOT NULL
    ) STRICT;
    CREATE INDEX task_events_by_task ON task_events (task_rowid, id);
  `);
}

/** Full-text search over transcripts and tasks, when this runtime's SQLite has FTS5. */
function fullTextSearch(db: DatabaseSync, options: MigrationOptions): void {
  if (options.fullText) createSearchIndex(db);
}

/** A place for the history's own bookkeeping (when it was last checked). */
function bookkeeping(db: DatabaseSync): void {
  db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT');
}

/** The schema's history: migration N takes a database from `user_version` N-1 to N. */
export const MIGRATIONS: readonly Migration[] = [
  conversationsAndEntries,
  tasksAndEvents,
  fullTextSearch,
  bookkeeping,
];

/** The `user_version` this code reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The database's `user_version`. */
export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version?: number } | undefined;
  return row?.user_version ?? 0;
}

/**
 * Brings `db` from its version up to `target` (default the latest), one transaction per step,
 * so a failure leaves the database at the last complete version. Throws on a failing step
 * (the caller decides what that means) and on a database newer than `target`. The full-text
 * index is built when FTS5 is available unless `fullText` says otherwise.
 */
export function migrate(
  db: DatabaseSync,
  options: { target?: number; fullText?: boolean } = {},
): void {
  const target = options.target ?? SCHEMA_VERSION;
  const from = schemaVersion(db);
  if (from > target) {
    throw new RangeError(`History schema ${from} is newer than this version (${target}).`);
  }
  const context = { fullText: options.fullText ?? fts5Available(db) };
  for (let version = from; version < target; version++) {
    const step = MIGRATIONS[version];
    if (!step) throw new RangeError(`No migration to history schema ${version + 1}.`);
    db.exec('BEGIN IMMEDIATE');
    try {
      step(db, context);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
}
