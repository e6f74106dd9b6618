import type { DatabaseSync } from 'node:sqlite';

/** Whether this runtime's SQLite has the FTS5 module (some Node builds lack it). */
export function fts5Available(db: DatabaseSync): boolean {
  try {
    db.exec('CREATE VIRTUAL TABLE temp.fts5_probe USING fts5 (x); DROP TABLE temp.fts5_probe;');
    return true;
  } catch {
    return false;
  }
}

/** Whether `db` holds the full-text index. */
export function hasSearchIndex(db: DatabaseSync): boolean {
  const row = db
    .prepare(
      `SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name = 'entries_fts'`,
    )
    .get() as { n: number } | undefined;
  return (row?.n ?? 0) > 0;
}

/**
 * Full-text search over transcript text and task prompts and results: external-content FTS5
 * tables kept in step by triggers; `rebuild` indexes the rows written before it existed.
 */
export function createSearchIndex(db: DatabaseSync): void {
  db.exec(`
    CREATE VIRTUAL TABLE entries_fts USING fts5 (
      text, content = 'entries', content_rowid = 'rowid',
      tokenize = 'porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
      INSERT INTO entries_fts (rowid, text) VALUES (new.rowid, new.text);
    END;
    CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
      INSERT INTO entries_fts (entries_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    END;
    CREATE TRIGGER entries_fts_update AFTER UPDATE OF text ON entries
    WHEN old.text IS NOT new.text BEGIN
      INSERT INTO entries_fts (entries_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
      INSERT INTO entries_fts (rowid, text) VALUES (new.rowid, new.text);
    END;
    INSERT INTO entries_fts (entries_fts) VALUES ('rebuild');

    CREATE VIRTUAL TABLE tasks_fts USING fts5 (
      prompt, result, content = 'tasks', content_rowid = 'rowid',
      tokenize = 'porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks BEGIN
      INSERT INTO tasks_fts (rowid, prompt, result) VALUES (new.rowid, new.prompt, new.result);
    END;
    CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN
      INSERT INTO tasks_fts (tasks_fts, rowid, prompt, result)
        VALUES ('delete', old.rowid, old.prompt, old.result);
    END;
    CREATE TRIGGER tasks_fts_update AFTER UPDATE OF prompt, result ON tasks
    WHEN old.prompt IS NOT new.prompt OR old.result IS NOT new.result BEGIN
      INSERT INTO tasks_fts (tasks_fts, rowid, prompt, result)
        VALUES ('delete', old.rowid, old.prompt, old.result);
      INSERT INTO tasks_fts (rowid, prompt, result) VALUES (new.rowid, new.prompt, new.result);
    END;
    INSERT INTO tasks_fts (tasks_fts) VALUES ('rebuild');
  `);
}

/** Runs an FTS5 maintenance command (`rebuild`, `optimize`) on both indexes, when they exist. */
export function maintainSearchIndex(db: DatabaseSync, command: 'rebuild' | 'optimize'): void {
  if (!hasSearchIndex(db)) return;
  db.exec(`
    INSERT INTO entries_fts (entries_fts) VALUES ('${command}');
    INSERT INTO tasks_fts (tasks_fts) VALUES ('${command}');`);
}
