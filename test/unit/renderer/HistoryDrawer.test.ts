import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { useHistoryStore } from '../../../renderer/src/stores/history';
import { useTranscriptStore } from '../../../renderer/src/stores/transcript';
import { useUiStore } from '../../../renderer/src/stores/ui';
import type { FakeApi } from './fake-api';
import { days, hit, localTime, status, summary } from './history-fixtures';
import {
  failed,
  installHistoryApi,
  mountDrawer,
  ok,
  old,
  removeHistoryApi,
  testIds,
  today,
} from './history-drawer-harness';

let fake: FakeApi;
beforeEach(() => (fake = installHistoryApi()));
afterEach(removeHistoryApi);

describe('HistoryDrawer: the list', () => {
  let wrapper: VueWrapper;
  afterEach(() => wrapper.unmount());

  it('shows the conversations by day, newest first, each with time, protocol, title and counts', async () => {
    wrapper = await mountDrawer();
    const titles = testIds(wrapper, 'history-day-title');
    expect(titles.slice(0, 2)).toEqual(['Today', 'Yesterday']);
    expect(titles[2]).toBe(
      new Date(old.startedAt).toLocaleDateString(undefined, {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
      }),
    );
    const rows = wrapper.findAll('[data-testid="history-row"]');
    expect(rows.map((r) => r.attributes('data-id'))).toEqual([
      'c-later',
      'c-today',
      'c-yday',
      'c-old',
    ]);
    const time = new Date(today.startedAt).toLocaleTimeString([], {
      hour: '2-digit',
      minute: '2-digit',
    });
    expect(rows[1]!.text()).toContain(time);
    expect(rows[1]!.text()).toContain('Run the migration tests');
    expect(rows[1]!.text()).toContain('V2 · 4 messages · 1 task · 2 min 5 s');
    expect(rows[0]!.text()).toContain('LIVE · 1 message · 0 tasks');
    expect(rows[0]!.text()).toContain('Conversation without words from you');
    expect(wrapper.find('[data-testid="history-more"]').exists()).toBe(false);
  });

  it('loads older conversations when the end of a long list scrolls into sight', async () => {
    const page = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) =>
        summary(`p${from + i}`, localTime(0, 20) - (from + i) * 600_000),
      );
    const lists = () => fake.channels().filter((c) => c === 'history.list').length;
    let release: () => void = () => {};
    const laidOut = new Promise<void>((resolve) => (release = resolve));
    fake.reply('history.list', async () => {
      if (lists() > 1) return ok(days(page(50, 5)));
      await laidOut;
      return ok(days(page(0, 50)));
    });
    wrapper = await mountDrawer();
    // The list's box as a browser lays it out: 600 px tall, 5,000 px of rows.
    const list = wrapper.get('[data-testid="history-list"]');
    Object.defineProperties(list.element, {
      scrollHeight: { value: 5000, configurable: true },
      clientHeight: { value: 600, configurable: true },
    });
    release();
    await flushPromises();
    expect(wrapper.findAll('[data-testid="history-row"]')).toHaveLength(50);
    expect(wrapper.get('[data-testid="history-more"]').text()).toBe('Show older conversations');
    list.element.scrollTop = 1000;
    await list.trigger('scroll');
    await flushPromises();
    expect(lists()).toBe(1);
    list.element.scrollTop = 4300;
    await list.trigger('scroll');
    await flushPromises();
    expect(lists()).toBe(2);
    expect(wrapper.findAll('[data-testid="history-row"]')).toHaveLength(55);
    expect(wrapper.find('[data-testid="history-more"]').exists()).toBe(false);
  });

  it('reads the newest page again a moment after the conversation going on gets a line', async () => {
    wrapper = await mountDrawer();
    const lists = () => fake.calls.filter((c) => c.channel === 'history.list').length;
    expect(lists()).toBe(1);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const transcript = useTranscriptStore();
      const line = {
        conversationId: 'c-now',
        role: 'user' as const,
        final: true,
        at: 1,
        typed: false,
        heardChars: null,
      };
      transcript.upsert({ ...line, id: 'n1', text: 'run the tests' });
      await nextTick();
      transcript.upsert({ ...line, id: 'n2', text: 'and the linter' });
      await nextTick();
      // Lines close together are read once, after they had time to be saved.
      vi.advanceTimersByTime(1_499);
      expect(lists()).toBe(1);
      vi.advanceTimersByTime(1);
    } finally {
      vi.useRealTimers();
    }
    await flushPromises();
    expect(lists()).toBe(2);
  });

  it('says so when there is nothing yet, and offers no Clear', async () => {
    fake.reply('history.list', () => ok([]));
    wrapper = await mountDrawer();
    expect(wrapper.get('[data-testid="history-empty"]').text()).toMatch(
      /^No saved conversations yet/,
    );
    expect(wrapper.find('[data-testid="history-clear"]').exists()).toBe(false);
  });

  it('says why the list could not be read, and tries again when asked', async () => {
    fake.reply('history.list', () => failed('Could not list history: the database is damaged.'));
    wrapper = await mountDrawer();
    expect(wrapper.get('[data-testid="problem-summary"]').text()).toBe(
      'Could not list history: the database is damaged.',
    );
    fake.reply('history.list', () => ok(days([today])));
    await wrapper.get('[data-testid="problem-retry"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="history-row"]')).toHaveLength(1);
    expect(wrapper.find('[data-testid="problem"]').exists()).toBe(false);
  });

  it('shows plainly that history is not being saved', async () => {
    fake.reply('history.status', () =>
      ok(
        status({ writeError: 'History could not be saved: the disk is full.', pendingChanges: 2 }),
      ),
    );
    wrapper = await mountDrawer();
    await useHistoryStore().attach();
    await flushPromises();
    const notice = wrapper.get('[data-testid="history-status"]');
    expect(notice.attributes('role')).toBe('alert');
    expect(notice.get('[data-testid="problem-summary"]').text()).toBe(
      'History could not be saved: the disk is full. 2 unsaved changes are kept and retried.',
    );
  });

  it('closes on Escape, and on Escape in the search box clears the search first', async () => {
    wrapper = await mountDrawer();
    const ui = useUiStore();
    const input = wrapper.get('[data-testid="history-search"]');
    expect(document.activeElement).toBe(input.element);
    await input.setValue('migration');
    await input.trigger('keydown', { key: 'Escape' });
    expect(useHistoryStore().query).toBe('');
    expect(ui.historyOpen).toBe(true);
    await input.trigger('keydown', { key: 'Escape' });
    expect(ui.historyOpen).toBe(false);
  });
});

describe('HistoryDrawer: search', () => {
  let wrapper: VueWrapper;
  afterEach(() => wrapper.unmount());

  async function search(text: string): Promise<void> {
    await wrapper.get('[data-testid="history-search"]').setValue(text);
    await wrapper.get('form[role="search"]').trigger('submit');
    await flushPromises();
  }

  it('highlights the matched words as elements around text, never as HTML', async () => {
    const snippet = '<b>migration</b> & tests <img src=x onerror=alert(1)> migration';
    fake.reply('history.search', () =>
      ok([
        hit(today.id, 'u1', {
          snippet,
          ranges: [
            { start: 0, end: 3 },
            { start: 17, end: 18 },
            { start: 54, end: 63 },
          ],
          conversationTitle: 'Run the migration tests',
        }),
      ]),
    );
    wrapper = await mountDrawer();
    await search('migration');
    const shown = wrapper.get('[data-testid="history-hit-snippet"]');
    expect(shown.text()).toBe(snippet);
    expect(shown.findAll('mark').map((m) => m.text())).toEqual(['<b>', '&', 'migration']);
    expect(shown.findAll('b, img')).toHaveLength(0);
    expect(shown.element.innerHTML).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const row = wrapper.get('[data-testid="history-hit"]');
    expect(row.text()).toContain('You said');
    const group = wrapper.get('[data-testid="history-hit-group"]');
    expect(group.get('h3').text()).toMatch(/^Run the migration tests\s*Today /);
    expect(wrapper.get('[data-testid="history-search-summary"]').text()).toBe(
      '1 match for “migration”',
    );
    expect(wrapper.get('[data-testid="history-list"]').isVisible()).toBe(false);
  });

  it('says when nothing matches', async () => {
    fake.reply('history.search', () => ok([]));
    wrapper = await mountDrawer();
    await search('zebra');
    expect(wrapper.get('[data-testid="history-search-summary"]').text()).toBe(
      'Nothing in history matches “zebra”.',
    );
  });

  it('highlights the searched words inside the conversation a hit opened, heard or not', async () => {
    fake.reply('history.search', () =>
      ok([hit(today.id, 'u2', { snippet: 'And then the database check.' })]),
    );
    fake.reply('history.matches', () =>
      ok([
        { itemId: 'u2', source: 'transcript', ranges: [{ start: 13, end: 21 }] },
        {
          itemId: 'a1',
          source: 'transcript',
          ranges: [
            { start: 9, end: 12 },
            { start: 29, end: 34 },
          ],
        },
        { itemId: 'task-1', source: 'task_result', ranges: [{ start: 7, end: 16 }] },
      ]),
    );
    wrapper = await mountDrawer();
    await search('database');
    await wrapper.get('[data-testid="history-hit"]').trigger('click');
    await flushPromises();
    expect(fake.calls.find((c) => c.channel === 'history.matches')?.payload).toEqual({
      id: today.id,
      query: 'database',
    });
    const marks = (selector: string) =>
      wrapper
        .get(selector)
        .findAll('mark')
        .map((m) => m.text());
    expect(marks('[data-item-id="u2"]')).toEqual(['database']);
    expect(marks('[data-item-id="a1"]')).toEqual(['the', 'about']);
    // The cut-off part keeps its own styling, with its match inside it.
    expect(marks('[data-item-id="a1"] [data-testid="line-unheard"]')).toEqual(['about']);
    expect(wrapper.get('[data-item-id="a1"] [data-testid="line-unheard"]').text()).toBe(
      'They take about a minute to run.',
    );
    expect(marks('[data-item-id="task-1"]')).toEqual(['migration']);
    expect(marks('[data-item-id="u1"]')).toEqual([]);
  });

  it('a conversation opened from the list highlights nothing and asks for no matches', async () => {
    wrapper = await mountDrawer();
    await wrapper.get('[data-testid="history-row"][data-id="c-today"]').trigger('click');
    await flushPromises();
    expect(fake.channels()).not.toContain('history.matches');
    expect(
      wrapper.get('[data-testid="history-timeline"], .history-timeline').findAll('mark'),
    ).toHaveLength(0);
  });

  it('opens the conversation of a hit scrolled to the line that matched', async () => {
    fake.reply('history.search', () =>
      ok([hit(today.id, 'u2', { snippet: 'And then the database check.' })]),
    );
    wrapper = await mountDrawer();
    await search('database');
    await wrapper.get('[data-testid="history-hit"]').trigger('click');
    await flushPromises();
    expect(fake.calls.find((c) => c.channel === 'history.get')?.payload).toEqual({ id: today.id });
    const target = wrapper.get('[data-item-id="u2"]');
    expect(target.attributes('data-hit')).toBe('true');
    expect(target.element.scrollIntoView).toHaveBeenCalledWith({ block: 'center' });
    expect(document.activeElement).toBe(target.element);
    expect(wrapper.get('[data-testid="history-back"]').text()).toContain('Search results');
    await wrapper.get('[data-testid="history-back"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="history-results"]').isVisible()).toBe(true);
    expect(document.activeElement).toBe(wrapper.get('[data-testid="history-hit"]').element);
  });
});

describe('HistoryDrawer: clearing all history', () => {
  let wrapper: VueWrapper;
  afterEach(() => wrapper.unmount());

  it('clears all history only once the word is typed', async () => {
    fake.reply('history.clear', () => ok(4));
    wrapper = await mountDrawer();
    await wrapper.get('[data-testid="history-clear"]').trigger('click');
    const ok_ = wrapper.get('[data-testid="confirm-ok"]');
    expect(document.activeElement).toBe(wrapper.get('[data-testid="confirm-input"]').element);
    expect(ok_.attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="confirm"] form').trigger('submit');
    await wrapper.get('[data-testid="confirm-input"]').setValue('clea');
    await wrapper.get('[data-testid="confirm"] form').trigger('submit');
    await flushPromises();
    expect(fake.channels()).not.toContain('history.clear');
    await wrapper.get('[data-testid="confirm-input"]').setValue('Clear');
    expect(ok_.attributes('disabled')).toBeUndefined();
    await ok_.trigger('click');
    await flushPromises();
    expect(fake.channels().filter((c) => c === 'history.clear')).toHaveLength(1);
    expect(wrapper.findAll('[data-testid="history-row"]')).toHaveLength(0);
    expect(wrapper.get('[data-testid="history-done"]').text()).toBe('Deleted 4 conversations.');
    expect(wrapper.find('[data-testid="history-empty"]').exists()).toBe(true);
  });

  it('keeps the list and says why when clearing fails; Escape cancels the question', async () => {
    fake.reply('history.clear', () => failed('Could not clear history: the database is locked.'));
    wrapper = await mountDrawer();
    await wrapper.get('[data-testid="history-clear"]').trigger('click');
    await wrapper.get('[data-testid="confirm"]').trigger('keydown', { key: 'Escape' });
    expect(wrapper.find('[data-testid="confirm"]').exists()).toBe(false);
    expect(useUiStore().historyOpen).toBe(true);
    await wrapper.get('[data-testid="history-clear"]').trigger('click');
    await wrapper.get('[data-testid="confirm-input"]').setValue('clear');
    await wrapper.get('[data-testid="confirm-ok"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="history-row"]')).toHaveLength(4);
    expect(wrapper.get('[data-testid="history-error"]').text()).toContain(
      'Could not clear history: the database is locked.',
    );
  });
});
