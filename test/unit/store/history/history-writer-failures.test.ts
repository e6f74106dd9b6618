import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryOp } from '../../../../main/store/history/history-ops';
import { HistoryReader } from '../../../../main/store/history/history-reader';
import { HistoryWriter } from '../../../../main/store/history/history-writer';
import type {
  HistoryWriteError,
  HistoryWriterOptions,
} from '../../../../main/store/history/history-writer-types';
import { FakeClock } from '../../../fakes/fake-clock';
import { makeEntry, memoryDatabase, redactKeys, tempDir } from '../../../support/history-builders';
import { migrate } from '../../../../main/store/history/history-schema';

const START = { id: 'c1', startedAt: 1_000, protocol: 'v2', model: 'gpt-realtime' };

let db: DatabaseSync;
let clock: FakeClock;
let writer: HistoryWriter;
let batches: (readonly HistoryOp[])[];
let errors: HistoryWriteError[];

function build(options: Partial<HistoryWriterOptions> = {}): HistoryWriter {
  writer?.dispose();
  writer = new HistoryWriter({ db, clock, redact: redactKeys, ...options });
  batches = [];
  errors = [];
  writer.on('committed', ({ ops }) => batches.push(ops));
  writer.on('error', (e) => errors.push(e));
  return writer;
}

/** A migrated database file in WAL mode, closed, and its removal. */
function fileDatabase(): { path: string; remove: () => void } {
  const { dir, remove } = tempDir();
  const path = join(dir, 'history.db');
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  migrate(db);
  db.close();
  return { path, remove };
}

const entriesIn = (id = 'c1') => new HistoryReader(db).conversation(id)?.entries ?? [];

beforeEach(() => {
  db = memoryDatabase();
  clock = new FakeClock(0);
  build();
});

afterEach(() => {
  writer.dispose();
  db.close();
});

describe('HistoryWriter failures', () => {
  it('on a full disk: a clear error, nothing committed lost, changes kept and retried', () => {
    build({ retryDelayMs: { first: 1_000, max: 8_000 } });
    writer.conversationStarted(START);
    writer.entry('c1', makeEntry({ id: 't1', text: 'saved before the disk filled' }));
    writer.flush();
    const pages = (db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    db.exec(`PRAGMA max_page_count = ${pages}`);
    const big = 'word '.repeat(4_000);
    for (let i = 2; i <= 20; i++)
      writer.entry('c1', makeEntry({ id: `t${i}`, text: `${i} ${big}` }));
    expect(() => writer.flush()).not.toThrow();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.tag).toBe('disk_full');
    expect(errors[0]?.message).toMatch(/History could not be saved: the disk is full/);
    expect(errors[0]?.message).toMatch(/19 unsaved changes are kept and retried/);
    expect(writer.status().writeError).toMatch(/disk is full/);
    expect(entriesIn().map((e) => e.id)).toEqual(['t1']);
    // Still full: the retry fails quietly (one error per failure, not per retry).
    clock.advance(1_000);
    expect(errors).toHaveLength(1);
    expect(writer.status().pendingChanges).toBe(19);
    db.exec('PRAGMA max_page_count = 1073741823');
    let recovered = 0;
    writer.on('recovered', () => recovered++);
    clock.advance(2_000);
    expect(recovered).toBe(1);
    expect(writer.status()).toEqual({ writeError: null, pendingChanges: 0, droppedChanges: 0 });
    expect(entriesIn()).toHaveLength(20);
  });

  it('on a read-only database: a clear error and no throw into the caller', () => {
    const file = fileDatabase();
    const readOnly = new DatabaseSync(file.path, { readOnly: true });
    try {
      const ro = new HistoryWriter({ db: readOnly, clock, redact: redactKeys });
      const seen: HistoryWriteError[] = [];
      ro.on('error', (e) => seen.push(e));
      ro.conversationStarted(START);
      ro.entry('c1', makeEntry({ id: 't1', text: 'kept in memory' }));
      expect(() => clock.advance(250)).not.toThrow();
      expect(seen.map((e) => e.tag)).toEqual(['read_only']);
      expect(seen[0]?.message).toMatch(
        /History could not be saved: the database file or its folder is read-only/,
      );
      expect(ro.status().pendingChanges).toBe(2);
      expect(ro.dispose()).toEqual({ unsaved: 2 });
    } finally {
      readOnly.close();
      file.remove();
    }
  });

  it('drops only the change the database refuses and saves the rest of its batch', () => {
    writer.conversationStarted(START);
    writer.entry('c1', makeEntry({ id: 't1', text: 'before' }));
    const bad = { ...makeEntry({ id: 't2', text: 'refused' }), role: 'system' as 'user' };
    writer.entry('c1', bad);
    writer.entry('c1', makeEntry({ id: 't3', text: 'after' }));
    writer.flush();
    expect(entriesIn().map((e) => e.text)).toEqual(['before', 'after']);
    expect(errors.map((e) => e.tag)).toEqual(['rejected']);
    expect(errors[0]?.message).toMatch(/transcript entry t2 of c1/);
    expect(writer.status()).toMatchObject({ pendingChanges: 0, droppedChanges: 1 });
  });

  it('a throwing redaction is a refused change, not a throw', () => {
    build({
      redact: (text) => {
        if (text.includes('boom')) throw new Error('redaction broke');
        return text;
      },
    });
    writer.conversationStarted(START);
    writer.entry('c1', makeEntry({ id: 't1', text: 'boom' }));
    writer.entry('c1', makeEntry({ id: 't2', text: 'fine' }));
    expect(() => writer.flush()).not.toThrow();
    expect(entriesIn().map((e) => e.text)).toEqual(['fine']);
    expect(errors[0]?.message).toMatch(/redaction broke/);
  });

  it('bounds what it keeps while failing, dropping progress lines before words', () => {
    const file = fileDatabase();
    const mine = new DatabaseSync(file.path, { timeout: 0 });
    const other = new DatabaseSync(file.path);
    try {
      const locked = new HistoryWriter({ db: mine, clock, redact: redactKeys, maxPendingOps: 4 });
      const seen: HistoryWriteError[] = [];
      locked.on('error', (e) => seen.push(e));
      other.exec('BEGIN IMMEDIATE');
      locked.conversationStarted(START);
      locked.entry('c1', makeEntry({ id: 't1', text: 'keep me' }));
      for (let i = 0; i < 5; i++) {
        const item = { kind: 'log' as const, line: `log ${i}` };
        locked.taskProgress({
          taskId: 'task-1',
          name: 'task-1',
          conversationId: 'c1',
          at: i,
          item,
        });
      }
      locked.flush();
      expect(seen.map((e) => e.tag)).toEqual(['overflow', 'busy']);
      expect(seen[1]?.message).toMatch(/another program holds a lock/);
      expect(locked.status()).toMatchObject({ pendingChanges: 4, droppedChanges: 3 });
      other.exec('COMMIT');
      clock.advance(1_000);
      expect(locked.status()).toMatchObject({ writeError: null, pendingChanges: 0 });
      const saved = new HistoryReader(mine).conversation('c1');
      expect(saved?.entries.map((e) => e.text)).toEqual(['keep me']);
      const lines = saved?.tasks[0]?.progress.map((p) =>
        p.item.kind === 'log' ? p.item.line : '',
      );
      expect(lines).toEqual(['log 3', 'log 4']);
      locked.dispose();
    } finally {
      mine.close();
      other.close();
      file.remove();
    }
  });
});
