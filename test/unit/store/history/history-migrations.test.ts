import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { HistoryReader } from '../../../../main/store/history/history-reader';
import {
  migrate,
  MIGRATIONS,
  SCHEMA_VERSION,
  schemaVersion,
} from '../../../../main/store/history/history-schema';

/** What a database of each version held, written with that version's own columns. */
const SEEDS: Record<number, string> = {
  1: `
    INSERT INTO conversations (id, started_at, ended_at, protocol, model, codex_thread_id)
      VALUES ('c1', 1000, 9000, 'v1', 'gpt-realtime', 'thread-1');
    INSERT INTO entries (conversation_id, entry_id, role, text, final, typed, heard_chars, at)
      VALUES ('c1', 't1', 'user', 'please rebuild the parser', 1, 0, NULL, 1100),
             ('c1', 't2', 'assistant', 'rebuilding it now and more', 1, 0, 14, 1200);`,
  2: `
    INSERT INTO tasks (conversation_id, task_id, name, prompt, text, workspace, status, created_at,
        started_at, ended_at, duration_ms, result, error, input_tokens, output_tokens)
      VALUES ('c1', 'task-1', 'task-1-rebuild', 'rebuild the parser', 'rebuild the parser', '/w',
        'done', 1150, 1160, 1900, 740, 'parser regenerated', NULL, 3, 4);
    INSERT INTO task_events (task_rowid, at, kind, data) VALUES
      (1, 1150, 'status', '{"status":"queued"}'),
      (1, 1300, 'progress', '{"kind":"agent_message","text":"regenerating"}');`,
};

function databaseAt(version: number): DatabaseSync {
  const db = new DatabaseSync(':memory:');
  db.exec('PRAGMA foreign_keys = ON');
  migrate(db, { target: version });
  for (let v = 1; v <= version; v++) db.exec(SEEDS[v] ?? '');
  return db;
}

const count = (db: DatabaseSync, sql: string): number =>
  Number(Object.values(db.prepare(sql).get() ?? {})[0] ?? 0);

/** What each migration must leave behind, given the data of the version it started from. */
const CHECKS: Record<number, (db: DatabaseSync, from: number) => void> = {
  1: (db, from) => {
    expect(count(db, 'SELECT count(*) FROM conversations')).toBe(from >= 1 ? 1 : 0);
  },
  2: (db, from) => {
    expect(count(db, 'SELECT count(*) FROM entries')).toBe(from >= 1 ? 2 : 0);
    expect(count(db, 'SELECT count(*) FROM tasks')).toBe(from >= 2 ? 1 : 0);
  },
  3: (db, from) => {
    // Rows written before the index existed are searchable.
    const found = count(db, `SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'parser'`);
    expect(found).toBe(from >= 1 ? 1 : 0);
    const tasks = count(db, `SELECT count(*) FROM tasks_fts WHERE tasks_fts MATCH 'regenerated'`);
    expect(tasks).toBe(from >= 2 ? 1 : 0);
    db.exec(`INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)`);
  },
  4: (db, from) => {
    expect(count(db, 'SELECT count(*) FROM meta')).toBe(0);
    expect(count(db, 'SELECT count(*) FROM entries')).toBe(from >= 1 ? 2 : 0);
  },
};

describe('history migrations', () => {
  it('has a check for every migration', () => {
    expect(Object.keys(CHECKS).map(Number)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  for (let target = 1; target <= SCHEMA_VERSION; target++) {
    describe(`to version ${target}`, () => {
      for (let from = 0; from < target; from++) {
        it(`upgrades a database created at version ${from}, keeping its data`, () => {
          const db = databaseAt(from);
          migrate(db, { target });
          expect(schemaVersion(db)).toBe(target);
          CHECKS[target]?.(db, from);
          db.close();
        });
      }
    });
  }

  it('a database of every earlier version reads back whole at the latest version', () => {
    for (let from = 1; from < SCHEMA_VERSION; from++) {
      const db = databaseAt(from);
      migrate(db);
      const saved = new HistoryReader(db).conversation('c1');
      expect(saved?.conversation).toMatchObject({
        protocol: 'v1',
        codexThreadId: 'thread-1',
        entryCount: 2,
      });
      expect(saved?.entries.map((e) => [e.text, e.heardChars])).toEqual([
        ['please rebuild the parser', null],
        ['rebuilding it now and more', 14],
      ]);
      if (from >= 2) {
        expect(saved?.tasks[0]).toMatchObject({
          result: 'parser regenerated',
          usage: { inputTokens: 3, outputTokens: 4 },
        });
        expect(saved?.tasks[0]?.progress).toEqual([
          { at: 1300, item: { kind: 'agent_message', text: 'regenerating' } },
        ]);
      }
      expect(new HistoryReader(db).search('rebuild').length).toBeGreaterThan(0);
      db.close();
    }
  });

  it('a failing step leaves the database at the last complete version', () => {
    const db = databaseAt(1);
    db.exec('CREATE TABLE tasks (x)'); // collides with what migration 2 creates
    expect(() => migrate(db)).toThrow(/already exists/);
    expect(schemaVersion(db)).toBe(1);
    expect(count(db, 'SELECT count(*) FROM entries')).toBe(2);
    db.close();
  });

  it('refuses a database newer than it knows', () => {
    const db = new DatabaseSync(':memory:');
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this version/);
    db.close();
  });
});
