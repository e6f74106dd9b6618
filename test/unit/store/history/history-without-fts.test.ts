import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanSnippet } from '../../../../main/store/history/scan-search';
import { openHistory, type HistoryStore } from '../../../../main/store/history/history-store';
import { FakeClock } from '../../../fakes/fake-clock';
import { makeEntry, makeTask, redactKeys, tempDir } from '../../../support/history-builders';

// This runtime has FTS5; `fullText: false` takes the path a SQLite built without it takes.
let dir: string;
let remove: () => void;
const stores: HistoryStore[] = [];

function open(fullText?: boolean): HistoryStore {
  const store = openHistory({
    dataDir: dir,
    clock: new FakeClock(),
    now: () => 5_000,
    redact: redactKeys,
    open: { fullText },
  });
  stores.push(store);
  return store;
}

function talk(store: HistoryStore): void {
  store.writer.conversationStarted({ id: 'c1', startedAt: 1_000, protocol: 'v2', model: 'm' });
  store.writer.entry('c1', makeEntry({ id: 't1', text: 'The Linker fails on main', at: 1_100 }));
  store.writer.entry(
    'c1',
    makeEntry({ id: 't2', role: 'assistant', text: 'linker flags fixed, 100% green', at: 1_200 }),
  );
  store.writer.task(
    makeTask({
      id: 'task-1',
      conversationId: 'c1',
      prompt: 'fix the linker',
      result: 'relinked',
      createdAt: 1_150,
    }),
  );
  store.writer.conversationEnded('c1', 2_000);
}

const search = (store: HistoryStore, query: string) => {
  const found = store.search(query);
  if (!found.ok) throw new Error(found.error.message);
  return found.value.map((h) => [
    h.source,
    h.itemId,
    h.ranges.map((r) => h.snippet.slice(r.start, r.end)).join('|'),
  ]);
};

beforeEach(() => {
  ({ dir, remove } = tempDir());
});

afterEach(() => {
  for (const store of stores.splice(0)) store.dispose();
  remove();
});

/** A conversation's matches as [source, item, the matched text of each range]. */
const matches = (store: HistoryStore, id: string, query: string) => {
  const found = store.matches(id, query);
  if (!found.ok) throw new Error(found.error.message);
  const texts: Record<string, string> = {
    t1: 'The Linker fails on main',
    t2: 'linker flags fixed, 100% green',
    'task_prompt:task-1': 'fix the linker',
    'task_result:task-1': 'relinked',
  };
  return found.value.map((m) => {
    const text = texts[m.source === 'transcript' ? m.itemId : `${m.source}:${m.itemId}`] ?? '';
    return [m.source, m.itemId, m.ranges.map((r) => text.slice(r.start, r.end)).join('|')];
  });
};

describe('the matches inside one conversation (what an opened conversation highlights)', () => {
  it('with the index: every matching item of that conversation, ranges over its whole text', () => {
    const store = open(true);
    talk(store);
    store.writer.conversationStarted({ id: 'c2', startedAt: 3_000, protocol: 'v2', model: 'm' });
    store.writer.entry('c2', makeEntry({ id: 't9', text: 'another linker story', at: 3_100 }));
    expect(matches(store, 'c1', 'linker')).toEqual([
      ['transcript', 't1', 'Linker'],
      ['transcript', 't2', 'linker'],
      ['task_prompt', 'task-1', 'linker'],
    ]);
    // Every word must occur in the item; the last one is a prefix, as in the search.
    expect(matches(store, 'c1', 'linker ma')).toEqual([['transcript', 't1', 'Linker|main']]);
    expect(matches(store, 'c1', 'relink')).toEqual([['task_result', 'task-1', 'relinked']]);
    expect(matches(store, 'c1', '*** ""')).toEqual([]);
    expect(matches(store, 'nope', 'linker')).toEqual([]);
  });

  it('without the index: found by scanning, the same items', () => {
    const store = open(false);
    talk(store);
    expect(matches(store, 'c1', 'linker')).toEqual([
      ['transcript', 't1', 'Linker'],
      ['transcript', 't2', 'linker'],
      ['task_prompt', 'task-1', 'linker'],
    ]);
    expect(matches(store, 'c1', 'linker main')).toEqual([['transcript', 't1', 'Linker|main']]);
    expect(matches(store, 'c1', 'relink')).toEqual([['task_result', 'task-1', 'relink']]);
  });
});

describe('history on a SQLite without FTS5', () => {
  it('saves as usual and searches by scanning, newest first, with match ranges', () => {
    const store = open(false);
    expect(store.status().location).toBe('file');
    expect(store.status().warnings).toEqual([
      "History search is slower: this runtime's SQLite has no FTS5 module (Node 22.16 and newer have it), so search scans the text.",
    ]);
    talk(store);
    expect(search(store, 'linker')).toEqual([
      ['transcript', 't2', 'linker'],
      ['task_prompt', 'task-1', 'linker'],
      ['transcript', 't1', 'Linker'],
    ]);
    expect(search(store, 'linker main')).toEqual([['transcript', 't1', 'Linker|main']]);
    expect(search(store, '100%')).toEqual([['transcript', 't2', '100']]);
    expect(store.deleteConversation('c1')).toEqual({ ok: true, value: true });
    expect(store.clearAll()).toEqual({ ok: true, value: 0 });
  });

  it('builds the index from what was saved once FTS5 is there', () => {
    talk(open(false));
    stores.splice(0).forEach((s) => s.dispose());
    const store = open();
    expect(store.status().warnings).toEqual([]);
    expect(
      search(store, 'linker')
        .map(([source, id]) => `${source}:${id}`)
        .sort(),
    ).toEqual(['task_prompt:task-1', 'transcript:t1', 'transcript:t2']);
  });

  it('leaves an indexed history in place and keeps this run in memory', () => {
    talk(open());
    stores.splice(0).forEach((s) => s.dispose());
    const store = open(false);
    expect(store.status().location).toBe('memory');
    expect(store.status().warnings[0]).toMatch(
      /history\.db cannot be written here: this runtime's SQLite has no FTS5 module to keep its search index in step\. It was left untouched\. This run's history is kept in memory only/,
    );
    store.writer.conversationStarted({ id: 'here', startedAt: 3_000, protocol: 'v2', model: 'm' });
    store.writer.entry('here', makeEntry({ id: 't1', text: 'only in memory', at: 3_000 }));
    expect(search(store, 'memory')).toEqual([['transcript', 't1', 'memory']]);
    store.dispose();
    expect(readdirSync(dir)).toEqual(['history.db']);
    const again = open();
    expect(again.status()).toMatchObject({ location: 'file', warnings: [] });
    expect(search(again, 'linker')).toHaveLength(3);
    expect(search(again, 'memory')).toEqual([]);
  });
});

describe('scanSnippet', () => {
  it('shows the stretch around the first match, with every match marked', () => {
    const text = `${'a'.repeat(100)} needle ${'b'.repeat(100)} NEEDLE ${'c'.repeat(200)}`;
    const { snippet, ranges } = scanSnippet(text, ['needle']);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet.length).toBe(162);
    expect(ranges.map((r) => snippet.slice(r.start, r.end))).toEqual(['needle', 'NEEDLE']);
    expect(scanSnippet('short text', ['text'])).toEqual({
      snippet: 'short text',
      ranges: [{ start: 6, end: 10 }],
    });
  });
});
