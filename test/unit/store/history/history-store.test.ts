import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConversationExport } from '../../../../main/store/history/history-export';
import { openHistory, type HistoryStore } from '../../../../main/store/history/history-store';
import { FakeClock } from '../../../fakes/fake-clock';
import { makeEntry, redactKeys, tempDir, TEST_KEY } from '../../../support/history-builders';

const T0 = Date.UTC(2025, 5, 2, 9, 30);

let dir: string;
let remove: () => void;
let clock: FakeClock;
let store: HistoryStore;

beforeEach(() => {
  ({ dir, remove } = tempDir());
  clock = new FakeClock();
  store = openHistory({
    dataDir: dir,
    clock,
    now: () => T0,
    redact: redactKeys,
    formatTime: (ms) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19),
  });
  store.writer.conversationStarted({ id: 'c1', startedAt: T0, protocol: 'v2', model: 'm' });
});

afterEach(() => {
  store.dispose();
  remove();
});

describe('HistoryStore requests', () => {
  it('export hides a key learned after the text was saved', () => {
    const known: string[] = [];
    const other = tempDir();
    const later = openHistory({
      dataDir: other.dir,
      clock,
      now: () => T0,
      redact: (text) => known.reduce((out, key) => out.split(key).join('[redacted]'), text),
    });
    later.writer.conversationStarted({ id: 'c2', startedAt: T0, protocol: 'v2', model: 'm' });
    later.writer.entry('c2', makeEntry({ id: 't1', text: 'my proxy-pass-42 said', at: T0 }));
    later.writer.flush();
    known.push('proxy-pass-42');
    const md = later.exportConversation('c2', 'markdown');
    const json = later.exportConversation('c2', 'json');
    later.dispose();
    other.remove();
    if (!md.ok || !json.ok) throw new Error('export failed');
    expect(md.value.text).toContain('my \\[redacted\\] said');
    expect(json.value.text).toContain('my [redacted] said');
    expect(md.value.text + json.value.text).not.toContain('proxy-pass-42');
  });

  it('see what was said a moment ago, before the writer timer fired', () => {
    store.writer.entry('c1', makeEntry({ id: 't1', text: 'just now', at: T0 }));
    expect(clock.pendingTimers()).toBeGreaterThan(0);
    const found = store.search('just');
    expect(found.ok && found.value.map((h) => h.itemId)).toEqual(['t1']);
  });

  it('export a conversation as Markdown or JSON files without the key', () => {
    store.writer.entry('c1', makeEntry({ id: 't1', text: `key ${TEST_KEY}`, at: T0 }));
    const md = store.exportConversation('c1', 'markdown');
    expect(md).toMatchObject({
      ok: true,
      value: { fileName: 'parley-2025-06-02-09-30-00.md', mimeType: 'text/markdown' },
    });
    const json = store.exportConversation('c1', 'json');
    if (!json.ok || !md.ok) throw new Error('export failed');
    expect(json.value).toMatchObject({
      fileName: 'parley-2025-06-02-09-30-00.json',
      mimeType: 'application/json',
    });
    expect(md.value.text + json.value.text).not.toContain(TEST_KEY);
    const saved = store.conversation('c1');
    expect(saved.ok).toBe(true);
    expect(parseConversationExport(json.value.text)).toEqual(saved);
    expect(store.exportConversation('nope', 'json')).toEqual({
      ok: false,
      error: { tag: 'not_found', message: 'No saved conversation nope.' },
    });
  });

  it('fail as values once closed, and closing twice is safe', () => {
    store.writer.entry('c1', makeEntry({ id: 't1', text: 'saved on close', at: T0 }));
    expect(store.dispose()).toEqual({ unsaved: 0 });
    expect(store.dispose()).toEqual({ unsaved: 0 });
    expect(store.listDays()).toEqual({
      ok: false,
      error: { tag: 'history_failed', message: 'Could not list history: history is closed.' },
    });
    expect(store.recentTasks()).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
    const again = openHistory({ dataDir: dir, clock, now: () => T0, redact: redactKeys });
    const saved = again.conversation('c1');
    expect(saved.ok && saved.value.entries.map((e) => e.text)).toEqual(['saved on close']);
    again.dispose();
  });
});
