import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeApi } from './fake-api';
import {
  failed,
  installHistoryApi,
  mountDrawer,
  ok,
  openToday,
  removeHistoryApi,
  today,
} from './history-drawer-harness';

let fake: FakeApi;
beforeEach(() => (fake = installHistoryApi()));
afterEach(removeHistoryApi);

describe('HistoryConversationView: a past conversation, read-only', () => {
  let wrapper: VueWrapper;
  afterEach(() => wrapper.unmount());

  it('is read-only: its transcript with the unheard words struck, its tasks, no composer', async () => {
    wrapper = await mountDrawer();
    await openToday(wrapper);
    const view = wrapper.get('[data-testid="history-conversation"]');
    expect(view.get('[data-testid="history-conv-title"]').text()).toBe('Run the migration tests');
    expect(view.findAll('[data-testid="transcript-line"]')).toHaveLength(3);
    expect(view.get('[data-testid="line-unheard"]').text()).toBe(
      'They take about a minute to run.',
    );
    expect(view.findAll('input, textarea')).toHaveLength(0);
    const tasks = view.findAll('[data-testid="history-task"]');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.get('[data-testid="history-task-status"]').text()).toBe('done');
    expect(tasks[0]!.get('[data-testid="history-task-result"]').text()).toBe(
      'All 42 migration tests pass.',
    );
    expect(view.findAll('[data-item-id]').map((el) => el.attributes('data-item-id'))).toEqual([
      'u1',
      'a1',
      'task-1',
      'u2',
    ]);
    expect(document.activeElement).toBe(view.get('[data-testid="history-back"]').element);
  });

  it('goes back to the list where it was, with focus on the row it opened', async () => {
    wrapper = await mountDrawer();
    const row = wrapper.get(`[data-id="${today.id}"]`);
    (row.element as HTMLElement).focus();
    await openToday(wrapper);
    expect(wrapper.get('[data-testid="history-list"]').isVisible()).toBe(false);
    await wrapper.get('[data-testid="history-conversation"]').trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(wrapper.find('[data-testid="history-conversation"]').exists()).toBe(false);
    expect(document.activeElement).toBe(row.element);
  });

  it('exports as Markdown or JSON through history.export, and says why one failed', async () => {
    vi.stubGlobal('URL', { createObjectURL: () => 'blob:x', revokeObjectURL: () => {} });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    fake.reply('history.export', () =>
      ok({ fileName: 'parley-x.json', mimeType: 'application/json', text: '{}' }),
    );
    wrapper = await mountDrawer();
    await openToday(wrapper);
    await wrapper.get('[data-testid="history-export-json"]').trigger('click');
    await flushPromises();
    expect(click).toHaveBeenCalledTimes(1);
    fake.reply('history.export', () => failed('Could not open the conversation: it was deleted.'));
    await wrapper.get('[data-testid="history-export-markdown"]').trigger('click');
    await flushPromises();
    click.mockRestore();
    const exports = fake.calls.filter((c) => c.channel === 'history.export').map((c) => c.payload);
    expect(exports).toEqual([
      { id: today.id, format: 'json' },
      { id: today.id, format: 'markdown' },
    ]);
    expect(wrapper.get('[data-testid="history-action-error"]').text()).toContain(
      'Could not open the conversation: it was deleted.',
    );
  });
});

describe('HistoryConversationView: deleting it', () => {
  let wrapper: VueWrapper;
  afterEach(() => wrapper.unmount());
  const deletes = () => fake.calls.filter((c) => c.channel === 'history.delete');

  it('asks first: Cancel keeps the conversation, Delete removes it', async () => {
    fake.reply('history.delete', () => ok(true));
    wrapper = await mountDrawer();
    await openToday(wrapper);
    await wrapper.get('[data-testid="history-delete"]').trigger('click');
    const confirm = wrapper.get('[data-testid="confirm"]');
    expect(confirm.attributes('role')).toBe('alertdialog');
    expect(confirm.text()).toContain('cannot be undone');
    expect(document.activeElement).toBe(wrapper.get('[data-testid="confirm-cancel"]').element);
    await wrapper.get('[data-testid="confirm-cancel"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="confirm"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="history-conversation"]').exists()).toBe(true);
    expect(document.activeElement).toBe(wrapper.get('[data-testid="history-delete"]').element);
    expect(deletes()).toEqual([]);

    await wrapper.get('[data-testid="history-delete"]').trigger('click');
    await wrapper.get('[data-testid="confirm"] form').trigger('submit');
    await flushPromises();
    expect(deletes().map((c) => c.payload)).toEqual([{ id: today.id }]);
    expect(wrapper.find('[data-testid="history-conversation"]').exists()).toBe(false);
    expect(wrapper.find(`[data-id="${today.id}"]`).exists()).toBe(false);
    expect(wrapper.findAll('[data-testid="history-row"]')).toHaveLength(3);
    expect(wrapper.get('[data-testid="history-done"]').text()).toBe('Conversation deleted.');
  });

  it('keeps the conversation open and says why when the deletion fails', async () => {
    fake.reply('history.delete', () =>
      failed('Could not delete the conversation: the disk is full.'),
    );
    wrapper = await mountDrawer();
    await openToday(wrapper);
    await wrapper.get('[data-testid="history-delete"]').trigger('click');
    await wrapper.get('[data-testid="confirm-ok"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="history-conversation"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="history-action-error"]').text()).toContain(
      'Could not delete the conversation: the disk is full.',
    );
  });
});
