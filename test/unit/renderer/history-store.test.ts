import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../preload/contract';
import { setApiForTesting } from '../../../renderer/src/api';
import { useHistoryStore } from '../../../renderer/src/stores/history';
import { HISTORY_PAGE_SIZE } from '../../../renderer/src/stores/history-list';
import { SEARCH_DEBOUNCE_MS } from '../../../renderer/src/stores/history-search';
import { createFakeApi, type FakeApi } from './fake-api';
import { conversation, days, entry, hit, localTime, status, summary } from './history-fixtures';

let fake: FakeApi;

beforeEach(() => {
  setActivePinia(createPinia());
  fake = createFakeApi();
  setApiForTesting(fake.api);
});
afterEach(() => {
  setApiForTesting(null);
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const failed = (message: string): Result<never> => ({
  ok: false,
  error: { kind: 'failed', message },
});
const payloads = (channel: string) =>
  fake.calls.filter((c) => c.channel === channel).map((c) => c.payload);

/** `n` conversations a minute apart, newest first, ending `offset` minutes before 18:00 today. */
function many(n: number, offset = 0) {
  return Array.from({ length: n }, (_, i) =>
    summary(`c${offset + i}`, localTime(0, 18) - (offset + i) * 60_000),
  );
}

describe('the history store: the list', () => {
  it('reads the newest page, then older pages from the last one shown, until a short page', async () => {
    const first = many(HISTORY_PAGE_SIZE);
    const second = many(3, HISTORY_PAGE_SIZE);
    fake.reply('history.list', () =>
      ok(days(payloads('history.list').length === 1 ? first : second)),
    );
    const history = useHistoryStore();
    await history.reload();
    expect(history.conversations).toHaveLength(HISTORY_PAGE_SIZE);
    expect(history.listComplete).toBe(false);
    await history.loadMore();
    expect(payloads('history.list')).toEqual([
      { limit: HISTORY_PAGE_SIZE },
      { before: first.at(-1)!.startedAt, beforeId: first.at(-1)!.id, limit: HISTORY_PAGE_SIZE },
    ]);
    expect(history.conversations.map((c) => c.id)).toEqual([...first, ...second].map((c) => c.id));
    expect(history.listComplete).toBe(true);
    await history.loadMore();
    expect(payloads('history.list')).toHaveLength(2);
    expect(history.days).toHaveLength(1);
    expect(history.days[0]!.label).toBe('Today');
  });

  it('asks for one page at a time however often the end comes into sight', async () => {
    let answer: (value: Result<unknown>) => void = () => {};
    fake.reply('history.list', () => ok(days(many(HISTORY_PAGE_SIZE))));
    const history = useHistoryStore();
    await history.reload();
    fake.reply('history.list', () => new Promise((resolve) => (answer = resolve)));
    void history.loadMore();
    void history.loadMore();
    expect(payloads('history.list')).toHaveLength(2);
    answer(ok([]));
    await vi.waitFor(() => expect(history.listLoading).toBe(false));
    expect(history.listComplete).toBe(true);
  });

  it('keeps the list it has and says why when a page cannot be read', async () => {
    fake.reply('history.list', () => ok(days(many(HISTORY_PAGE_SIZE))));
    const history = useHistoryStore();
    await history.reload();
    fake.reply('history.list', () => failed('Could not list history: the disk is unreadable.'));
    await history.loadMore();
    expect(history.conversations).toHaveLength(HISTORY_PAGE_SIZE);
    expect(history.listError).toBe('Could not list history: the disk is unreadable.');
  });
});

describe('the history store: search', () => {
  it('searches once typing pauses, for the last words typed', async () => {
    vi.useFakeTimers();
    fake.reply('history.search', () => ok([hit('c1', 'u1')]));
    const history = useHistoryStore();
    history.setQuery('mig');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1);
    history.setQuery('migra');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1);
    history.setQuery('migration ');
    expect(payloads('history.search')).toEqual([]);
    expect(history.searching).toBe(true);
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    expect(payloads('history.search')).toEqual([{ query: 'migration', limit: 50 }]);
    expect(history.hits).toHaveLength(1);
    expect(history.searchedFor).toBe('migration');
    expect(history.searching).toBe(false);
  });

  it('drops an answer to an older query that arrives after the newer one', async () => {
    const answers: ((value: Result<unknown>) => void)[] = [];
    fake.reply('history.search', () => new Promise((resolve) => answers.push(resolve)));
    const history = useHistoryStore();
    history.query = 'database';
    const older = history.searchNow();
    history.query = 'migration';
    const newer = history.searchNow();
    answers[1]!(ok([hit('c2', 'u9')]));
    await newer;
    answers[0]!(ok([hit('c1', 'u1'), hit('c1', 'u2')]));
    await older;
    expect(history.hits.map((h) => h.conversationId)).toEqual(['c2']);
    expect(history.searchedFor).toBe('migration');
  });

  it('clears the hits at once when the input is emptied, with no search', async () => {
    fake.reply('history.search', () => ok([hit('c1', 'u1')]));
    const history = useHistoryStore();
    history.query = 'migration';
    await history.searchNow();
    history.setQuery('   ');
    await Promise.resolve();
    expect(history.hits).toEqual([]);
    expect(history.searchActive).toBe(false);
    expect(payloads('history.search')).toHaveLength(1);
  });

  it('says why a search failed and keeps the input', async () => {
    fake.reply('history.search', () => failed('Could not search history: the database is locked.'));
    const history = useHistoryStore();
    history.query = 'migration';
    await history.searchNow();
    expect(history.searchError).toBe('Could not search history: the database is locked.');
    expect(history.query).toBe('migration');
  });
});

describe('the history store: a conversation, export and deletion', () => {
  const c1 = summary('c1', localTime(0, 9));
  const c2 = summary('c2', localTime(0, 10));
  const opened = conversation(c1, [entry('u1', c1.startedAt)]);

  async function loaded() {
    fake.reply('history.list', () => ok(days([c2, c1])));
    fake.reply('history.get', () => ok(opened));
    const history = useHistoryStore();
    await history.reload();
    return history;
  }

  it('opens a conversation at the item a hit named, and goes back to the list', async () => {
    const history = await loaded();
    expect(await history.open('c1', 'u1')).toBe(true);
    expect(payloads('history.get')).toEqual([{ id: 'c1' }]);
    expect(history.opened).toEqual(opened);
    expect(history.focusItemId).toBe('u1');
    history.close();
    expect(history.opened).toBeNull();
    expect(history.conversations).toHaveLength(2);
  });

  it('says why a conversation did not open', async () => {
    const history = await loaded();
    fake.reply('history.get', () => ({
      ok: false,
      error: { kind: 'not_found', message: 'No saved conversation c9.' },
    }));
    expect(await history.open('c9')).toBe(false);
    expect(history.openError).toBe('No saved conversation c9.');
    expect(history.opened).toBeNull();
  });

  it('deletes a conversation from the list, the hits and the open view', async () => {
    const history = await loaded();
    fake.reply('history.search', () => ok([hit('c1', 'u1'), hit('c2', 'u7')]));
    history.query = 'words';
    await history.searchNow();
    await history.open('c1');
    fake.reply('history.delete', () => ok(true));
    expect(await history.remove('c1')).toBe(true);
    expect(payloads('history.delete')).toEqual([{ id: 'c1' }]);
    expect(history.conversations.map((c) => c.id)).toEqual(['c2']);
    expect(history.hits.map((h) => h.conversationId)).toEqual(['c2']);
    expect(history.opened).toBeNull();
    expect(history.actionDone).toBe('Conversation deleted.');
  });

  it('keeps everything and says why when a deletion fails', async () => {
    const history = await loaded();
    await history.open('c1');
    fake.reply('history.delete', () =>
      failed('Could not delete the conversation: the disk is full.'),
    );
    expect(await history.remove('c1')).toBe(false);
    expect(history.conversations).toHaveLength(2);
    expect(history.opened).not.toBeNull();
    expect(history.actionError).toBe('Could not delete the conversation: the disk is full.');
  });

  it('clears all history and says how much went', async () => {
    const history = await loaded();
    fake.reply('history.clear', () => ok(2));
    expect(await history.clearAll()).toBe(true);
    expect(fake.channels()).toContain('history.clear');
    expect(history.conversations).toEqual([]);
    expect(history.listComplete).toBe(true);
    expect(history.actionDone).toBe('Deleted 2 conversations.');
  });

  it('downloads an export under main’s file name, with its type and text', async () => {
    const blobs: Blob[] = [];
    const clicked: HTMLAnchorElement[] = [];
    vi.stubGlobal('URL', {
      createObjectURL: (blob: Blob) => (blobs.push(blob), 'blob:parley/1'),
      revokeObjectURL: () => {},
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this);
    });
    const text = '# Run the tests & <fix> them\n';
    fake.reply('history.export', () =>
      ok({ fileName: 'parley-2025-03-12-09-00-00.md', mimeType: 'text/markdown', text }),
    );
    const history = await loaded();
    expect(await history.exportConversation('c1', 'markdown')).toBe(true);
    click.mockRestore();
    expect(payloads('history.export')).toEqual([{ id: 'c1', format: 'markdown' }]);
    expect(clicked.map((a) => [a.download, a.href])).toEqual([
      ['parley-2025-03-12-09-00-00.md', 'blob:parley/1'],
    ]);
    expect(blobs[0]!.type).toBe('text/markdown;charset=utf-8');
    expect(await blobs[0]!.text()).toBe(text);
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
  });

  it('downloads nothing and says why when an export fails', async () => {
    const create = vi.fn(() => 'blob:x');
    vi.stubGlobal('URL', { createObjectURL: create, revokeObjectURL: () => {} });
    fake.reply('history.export', () => failed('Could not open the conversation: it was deleted.'));
    const history = await loaded();
    expect(await history.exportConversation('c1', 'json')).toBe(false);
    expect(create).not.toHaveBeenCalled();
    expect(history.actionError).toBe('Could not open the conversation: it was deleted.');
  });
});

describe('the history store: whether history is saved', () => {
  it('reads the status, follows its event, and subscribes once', async () => {
    fake.reply('history.status', () => ok(status()));
    const history = useHistoryStore();
    await history.attach();
    await history.attach();
    expect(fake.listenerCount('history.status')).toBe(1);
    expect(history.notice).toBeNull();
    fake.emit(
      'history.status',
      status({ writeError: 'History could not be saved: the disk is full.' }),
    );
    expect(history.notice?.short).toBe('History not saving');
    fake.emit('history.status', status());
    expect(history.notice).toBeNull();
  });
});
