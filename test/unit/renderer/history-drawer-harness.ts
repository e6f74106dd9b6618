import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { vi } from 'vitest';
import type { Result } from '../../../preload/contract';
import { setApiForTesting } from '../../../renderer/src/api';
import HistoryDrawer from '../../../renderer/src/components/HistoryDrawer.vue';
import { useUiStore } from '../../../renderer/src/stores/ui';
import { createFakeApi, type FakeApi } from './fake-api';
import { conversation, days, entry, localTime, status, summary, task } from './history-fixtures';

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const failed = (message: string): Result<never> => ({
  ok: false,
  error: { kind: 'failed', message },
});

/** Four saved conversations: two today, one yesterday, one years ago. */
export const today = summary('c-today', localTime(0, 9, 30), { title: 'Run the migration tests' });
export const todayLater = summary('c-later', localTime(0, 11, 5), {
  protocol: 'live',
  title: '',
  entryCount: 1,
  taskCount: 0,
});
export const yesterday = summary('c-yday', localTime(-1, 16, 45), { title: 'Draft the reply' });
export const old = summary('c-old', new Date(2020, 0, 15, 8, 0).getTime(), {
  title: 'An old one',
});
/** `today` opened: an interrupted reply (19 characters heard) and one task. */
export const opened = conversation(
  today,
  [
    entry('u1', today.startedAt, { text: 'Run the migration tests, please.' }),
    entry('a1', today.startedAt + 2000, {
      role: 'assistant',
      text: 'Starting them now. They take about a minute to run.',
      heardChars: 19,
    }),
    entry('u2', today.startedAt + 9000, { text: 'And then the database check.' }),
  ],
  [task('task-1', today.startedAt + 3000, { result: 'All 42 migration tests pass.' })],
);

/** A fake API answering the history invokes with the conversations above. */
export function installHistoryApi(): FakeApi {
  const fake = createFakeApi();
  setApiForTesting(fake.api);
  fake.reply('history.list', () => ok(days([todayLater, today, yesterday, old])));
  fake.reply('history.get', () => ok(opened));
  fake.reply('history.status', () => ok(status()));
  // happy-dom lays nothing out: record the scroll a hit asks for.
  Element.prototype.scrollIntoView = vi.fn();
  return fake;
}

export function removeHistoryApi(): void {
  setApiForTesting(null);
  vi.unstubAllGlobals();
}

/** The open history drawer, its first page read. */
export async function mountDrawer(): Promise<VueWrapper> {
  const pinia = createTestingPinia({ createSpy: vi.fn, stubActions: false });
  useUiStore(pinia).historyOpen = true;
  const wrapper = mount(HistoryDrawer, { global: { plugins: [pinia] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

export const testIds = (wrapper: VueWrapper, id: string) =>
  wrapper.findAll(`[data-testid="${id}"]`).map((el) => el.text());

export async function openToday(wrapper: VueWrapper): Promise<void> {
  await wrapper.get(`[data-id="${today.id}"]`).trigger('click');
  await flushPromises();
}
