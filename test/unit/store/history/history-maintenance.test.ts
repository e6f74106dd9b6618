import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHistory, type HistoryStore } from '../../../../main/store/history/history-store';
import { FakeClock } from '../../../fakes/fake-clock';
import { makeEntry, makeTask, redactKeys, tempDir } from '../../../support/history-builders';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 8, 1, 12);

let dir: string;
let remove: () => void;
let clock: FakeClock;
let store: HistoryStore;
let now: number;

function open(): HistoryStore {
  return openHistory({ dataDir: dir, clock, now: () => now, redact: redactKeys });
}

/** A finished conversation started `daysAgo` days before NOW with `entries` entries of `size` chars. */
function talk(id: string, daysAgo: number, entries = 3, size = 40): void {
  const startedAt = NOW - daysAgo * DAY;
  store.writer.conversationStarted({ id, startedAt, protocol: 'v2', model: 'm' });
  for (let i = 0; i < entries; i++) {
    const text = `${id} entry ${i} ${'lorem ipsum '.repeat(Math.ceil(size / 12))}`.slice(0, size);
    store.writer.entry(id, makeEntry({ id: `t${i}`, text, at: startedAt + i }));
  }
  store.writer.conversationEnded(id, startedAt + entries);
}

const ids = (): string[] => {
  const days = store.listDays({ limit: 1_000 });
  return days.ok ? days.value.flatMap((d) => d.conversations.map((c) => c.id)) : [];
};
/** The database file and its WAL: what the data dir really holds. */
const fileBytes = (): number =>
  ['history.db', 'history.db-wal'].reduce((sum, name) => {
    try {
      return sum + statSync(join(dir, name)).size;
    } catch {
      return sum;
    }
  }, 0);

beforeEach(() => {
  ({ dir, remove } = tempDir());
  clock = new FakeClock();
  now = NOW;
  store = open();
});

afterEach(() => {
  store.dispose();
  remove();
});

describe('retention', () => {
  it('deletes conversations older than the age limit, never a live one', () => {
    talk('old', 120);
    talk('edge', 89);
    talk('new', 1);
    store.writer.conversationStarted({
      id: 'live',
      startedAt: NOW - 100 * DAY,
      protocol: 'v2',
      model: 'm',
    });
    store.writer.entry('live', makeEntry({ id: 't1', text: 'still talking' }));
    const report = store.applyRetention({ maxAgeDays: 90, maxBytes: Number.MAX_SAFE_INTEGER });
    expect(report).toMatchObject({ ok: true, value: { deletedByAge: 1, deletedBySize: 0 } });
    expect(ids().sort()).toEqual(['edge', 'live', 'new']);
    expect(store.search('old').ok && store.search('old')).toEqual({ ok: true, value: [] });
  });

  it('deletes the oldest conversations until under the size cap, and the file shrinks', () => {
    for (let i = 0; i < 60; i++) talk(`c${String(i).padStart(2, '0')}`, 60 - i, 20, 2_000);
    const measured = store.applyRetention({ maxAgeDays: 365, maxBytes: Number.MAX_SAFE_INTEGER });
    if (!measured.ok) throw new Error(measured.error.message);
    expect(measured.value.deletedBySize).toBe(0);
    const before = fileBytes();
    const cap = Math.floor(measured.value.bytesBefore / 3);
    const report = store.applyRetention({ maxAgeDays: 365, maxBytes: cap });
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.deletedBySize).toBeGreaterThan(30);
    expect(fileBytes()).toBeLessThan(before / 2);
    expect(report.value.bytesAfter).toBeLessThanOrEqual(cap);
    expect(fileBytes()).toBeLessThanOrEqual(cap * 1.2);
    const left = ids();
    // The newest are kept, in order: the oldest went first.
    expect(left[0]).toBe('c59');
    expect(left).toEqual([...left].sort().reverse());
    expect(left).toHaveLength(60 - report.value.deletedBySize);
  });

  it('runs once when started and again every day on the clock, not before', () => {
    talk('a', 0);
    store.dispose();
    now = NOW + 95 * DAY;
    store = open();
    // Opening alone deletes nothing: the owner starts the pass once it knows its rules.
    expect(ids()).toEqual(['a']);
    now = NOW + 85 * DAY;
    store.startRetention();
    expect(ids()).toEqual(['a']);
    now = NOW + 89 * DAY;
    clock.advance(DAY);
    expect(ids()).toEqual(['a']);
    now = NOW + 100 * DAY;
    clock.advance(DAY);
    expect(ids()).toEqual([]);
  });
});

describe('delete and clear', () => {
  it('deletes one conversation with its entries, tasks and search index', () => {
    talk('a', 2);
    talk('b', 1);
    store.writer.task(
      makeTask({ id: 'task-1', conversationId: 'a', prompt: 'unique-prompt-word' }),
    );
    expect(store.deleteConversation('a')).toEqual({ ok: true, value: true });
    expect(store.deleteConversation('a')).toEqual({ ok: true, value: false });
    expect(ids()).toEqual(['b']);
    expect(store.search('unique')).toEqual({ ok: true, value: [] });
    expect(store.conversation('a')).toMatchObject({ ok: false, error: { tag: 'not_found' } });
  });

  it('clears everything and shrinks the file; a live conversation goes on being saved', () => {
    for (let i = 0; i < 20; i++) talk(`c${i}`, 3, 20, 2_000);
    store.writer.conversationStarted({ id: 'live', startedAt: NOW, protocol: 'v2', model: 'm' });
    store.writer.flush();
    const before = fileBytes();
    expect(store.clearAll()).toEqual({ ok: true, value: 21 });
    expect(fileBytes()).toBeLessThan(before / 10);
    store.writer.entry('live', makeEntry({ id: 't9', text: 'after the clear' }));
    const live = store.conversation('live');
    expect(live.ok && live.value.entries.map((e) => e.text)).toEqual(['after the clear']);
    expect(live.ok && live.value.conversation.protocol).toBe('v2');
  });
});

describe('a run that did not end', () => {
  it('is closed at the next open: its tasks failed, its conversation ended at its last words', () => {
    store.writer.conversationStarted({ id: 'crashed', startedAt: NOW, protocol: 'v2', model: 'm' });
    store.writer.entry('crashed', makeEntry({ id: 't1', text: 'run it', at: NOW + 5_000 }));
    store.writer.task(
      makeTask({
        id: 'task-1',
        conversationId: 'crashed',
        status: 'running',
        createdAt: NOW + 1_000,
        startedAt: NOW + 1_000,
      }),
    );
    store.writer.flush();
    // No dispose: the process died. A new open sees what was committed.
    now = NOW + 60_000;
    const next = open();
    try {
      const saved = next.conversation('crashed');
      if (!saved.ok) throw new Error(saved.error.message);
      expect(saved.value.conversation.endedAt).toBe(NOW + 5_000);
      expect(saved.value.tasks[0]).toMatchObject({
        status: 'failed',
        endedAt: NOW + 60_000,
        error: 'Parley stopped before this task finished.',
      });
      expect(saved.value.tasks[0]?.statusChanges.at(-1)).toEqual({
        at: NOW + 60_000,
        status: 'failed',
      });
      expect(next.recentTasks()[0]).toMatchObject({ status: 'failed' });
    } finally {
      next.dispose();
    }
  });
});
