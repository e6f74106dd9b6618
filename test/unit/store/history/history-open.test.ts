import {
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openHistoryDatabase,
  type OpenDatabaseOptions,
} from '../../../../main/store/history/history-open';
import { SCHEMA_VERSION } from '../../../../main/store/history/history-schema';
import { openHistory, type HistoryStore } from '../../../../main/store/history/history-store';
import { FakeClock } from '../../../fakes/fake-clock';
import { makeEntry, redactKeys, tempDir } from '../../../support/history-builders';

const NOW = Date.UTC(2025, 5, 2, 9, 30, 15, 250);
const BAD = 'history.db.bad-2025-06-02T09-30-15-250Z';

let dir: string;
let remove: () => void;
const stores: HistoryStore[] = [];

function open(
  options: Pick<OpenDatabaseOptions, 'busyTimeoutMs' | 'check'> = {},
  now = NOW,
): HistoryStore {
  const store = openHistory({
    dataDir: dir,
    clock: new FakeClock(),
    now: () => now,
    redact: redactKeys,
    open: options,
  });
  stores.push(store);
  return store;
}

/** Writes one entry through `store` and reads it back: the conversation keeps working. */
function expectWorking(store: HistoryStore): void {
  store.writer.conversationStarted({ id: 'c1', startedAt: NOW, protocol: 'v2', model: 'm' });
  store.writer.entry('c1', makeEntry({ id: 't1', text: 'still works', at: NOW }));
  const saved = store.conversation('c1');
  expect(saved.ok && saved.value.entries.map((e) => e.text)).toEqual(['still works']);
}

/** A real history file with `count` entries, closed cleanly. */
function populated(count: number): void {
  const store = open();
  store.writer.conversationStarted({ id: 'old', startedAt: NOW, protocol: 'v2', model: 'm' });
  for (let i = 0; i < count; i++) {
    store.writer.entry(
      'old',
      makeEntry({ id: `t${i}`, text: `entry number ${i} ${'x'.repeat(200)}`, at: NOW + i }),
    );
  }
  store.dispose();
}

beforeEach(() => {
  ({ dir, remove } = tempDir());
});

afterEach(() => {
  for (const store of stores.splice(0)) store.dispose();
  remove();
});

describe('opening history', () => {
  it('creates history.db in WAL mode with foreign keys, incremental vacuum and the current schema', () => {
    const opened = openHistoryDatabase({ dataDir: join(dir, 'new', 'nested'), now: () => NOW });
    try {
      expect(opened).toMatchObject({
        location: 'file',
        path: join(dir, 'new', 'nested', 'history.db'),
        warnings: [],
      });
      const pragma = (name: string): unknown =>
        Object.values(opened.db.prepare(`PRAGMA ${name}`).get() ?? {})[0];
      expect(pragma('journal_mode')).toBe('wal');
      expect(pragma('foreign_keys')).toBe(1);
      expect(pragma('auto_vacuum')).toBe(2);
      expect(pragma('user_version')).toBe(SCHEMA_VERSION);
    } finally {
      opened.db.close();
    }
  });

  it('reopens an existing history with its data', () => {
    populated(3);
    const store = open();
    expect(store.status()).toEqual({
      location: 'file',
      path: join(dir, 'history.db'),
      warnings: [],
      writeError: null,
      pendingChanges: 0,
      droppedChanges: 0,
    });
    const saved = store.conversation('old');
    expect(saved.ok && saved.value.entries).toHaveLength(3);
  });
});

describe('a file that cannot be used is moved aside and a fresh history started', () => {
  it('not a database: moved with its -wal and -shm, bytes kept, a visible warning', () => {
    writeFileSync(join(dir, 'history.db'), 'this is a text file, not SQLite\n'.repeat(200));
    writeFileSync(join(dir, 'history.db-wal'), 'stale wal');
    writeFileSync(join(dir, 'history.db-shm'), 'stale shm');
    const store = open();
    const { warnings, location } = store.status();
    expect(location).toBe('file');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /history\.db cannot be used: the database file is damaged \(file is not a database\)/,
    );
    expect(warnings[0]).toContain(
      `It was moved to ${join(dir, BAD)} and a new history was started.`,
    );
    expect(readFileSync(join(dir, BAD), 'utf8')).toMatch(/^this is a text file/);
    expect(readFileSync(join(dir, `${BAD}-wal`), 'utf8')).toBe('stale wal');
    expect(readFileSync(join(dir, `${BAD}-shm`), 'utf8')).toBe('stale shm');
    expectWorking(store);
  });

  /** Scribbles over three pages in the middle of the file, past the header: the schema still reads. */
  function damageMiddle(): void {
    const path = join(dir, 'history.db');
    const pageSize = 4096;
    const pages = statSync(path).size / pageSize;
    expect(pages).toBeGreaterThan(10);
    const fd = openSync(path, 'r+');
    const junk = Buffer.alloc(pageSize * 3, 0xa5);
    writeSync(fd, junk, 0, junk.length, Math.floor(pages / 2) * pageSize);
    closeSync(fd);
  }

  const DAMAGED = /history\.db (is damaged|cannot be used: the database file is damaged)/;

  it('a damaged page (integrity_check fails): moved aside when the check is due', () => {
    populated(400);
    damageMiddle();
    // Closed cleanly and checked at NOW: within the week the (whole-file) check is skipped.
    const skipped = open();
    expect(skipped.status().warnings).toEqual([]);
    skipped.dispose();
    const store = open({}, NOW + 8 * 86_400_000);
    expect(store.status().warnings[0]).toMatch(DAMAGED);
    expect(readdirSync(dir)).toContain('history.db.bad-2025-06-10T09-30-15-250Z');
    expectWorking(store);
  });

  it('a damaged page after an unclean close: moved aside', () => {
    populated(400);
    // Another connection with a write in its WAL stands for a run that never closed.
    const crashed = new DatabaseSync(join(dir, 'history.db'));
    crashed.exec("INSERT INTO meta (key, value) VALUES ('pending', 'x')");
    damageMiddle();
    try {
      expect(open().status().warnings[0]).toMatch(DAMAGED);
    } finally {
      crashed.close();
    }
  });

  it('damage found while running is checked at the next open and moved aside', () => {
    populated(400);
    damageMiddle();
    const running = open();
    expect(running.status().warnings).toEqual([]);
    const read = running.conversation('old');
    expect(read).toMatchObject({ ok: false, error: { tag: 'history_failed' } });
    if (!read.ok) expect(read.error.message).toMatch(/the database file is damaged/);
    expect(readdirSync(dir)).toContain('history.db.check');
    running.dispose();
    const next = open();
    expect(next.status().warnings[0]).toMatch(DAMAGED);
    expect(readdirSync(dir)).not.toContain('history.db.check');
    expectWorking(next);
  });

  it("a damaged page with check 'always': moved aside", () => {
    populated(400);
    damageMiddle();
    expect(open({ check: 'always' }).status().warnings[0]).toMatch(DAMAGED);
  });

  it('locked by another connection past the busy timeout: moved aside', () => {
    populated(2);
    const other = new DatabaseSync(join(dir, 'history.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      const store = open({ busyTimeoutMs: 50 });
      expect(store.status().warnings[0]).toMatch(
        /another program holds a lock on the database \(database is locked\)/,
      );
      expectWorking(store);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('cannot be opened (a folder where the file should be): moved aside', () => {
    mkdirSync(join(dir, 'history.db'));
    const store = open();
    expect(store.status().warnings[0]).toMatch(
      /history\.db cannot be used: the database file cannot be opened/,
    );
    expect(statSync(join(dir, BAD)).isDirectory()).toBe(true);
    expectWorking(store);
  });
});

describe('when no file can be used, history is kept in memory', () => {
  it('a file from a newer version is left untouched', () => {
    populated(2);
    const db = new DatabaseSync(join(dir, 'history.db'));
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = readFileSync(join(dir, 'history.db'));
    const store = open();
    expect(store.status()).toMatchObject({ location: 'memory', path: null });
    expect(store.status().warnings[0]).toMatch(
      new RegExp(
        `written by a newer Parley \\(history schema ${SCHEMA_VERSION + 1}; this version reads ${SCHEMA_VERSION}\\)\\. It was left untouched\\. This run's history is kept in memory only`,
      ),
    );
    expectWorking(store);
    store.dispose();
    expect(readFileSync(join(dir, 'history.db')).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((n) => n.includes('.bad-'))).toEqual([]);
  });

  it('a data dir that cannot be created', () => {
    writeFileSync(join(dir, 'file'), 'a file, not a folder');
    const store = openHistory({
      dataDir: join(dir, 'file', 'data'),
      clock: new FakeClock(),
      now: () => NOW,
      redact: redactKeys,
    });
    stores.push(store);
    expect(store.status()).toMatchObject({ location: 'memory', path: null });
    expect(store.status().warnings[0]).toMatch(
      /History cannot be saved: .*file\/data cannot be created \(ENOTDIR/,
    );
    expectWorking(store);
  });
});
