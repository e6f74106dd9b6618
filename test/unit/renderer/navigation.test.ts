import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TaskSnapshot } from '../../../preload/schemas/tasks';
import { setApiForTesting } from '../../../renderer/src/api';
import TaskPane from '../../../renderer/src/components/TaskPane.vue';
import { useConversationStore } from '../../../renderer/src/stores/conversation';
import { useNavigationStore } from '../../../renderer/src/stores/navigation';
import { useUiStore } from '../../../renderer/src/stores/ui';
import { createFakeApi, type FakeApi } from './fake-api';

function task(id: string): TaskSnapshot {
  return {
    id,
    name: `${id}-check-the-workspace`,
    conversationId: 'c1',
    prompt: `what changed (${id})`,
    text: 'what changed',
    workspace: '/w',
    status: 'done',
    createdAt: Number(id.replace(/\D/g, '')),
    startedAt: 0,
    endedAt: 10,
    durationMs: 10,
    result: 'Three files changed.',
    error: null,
    usage: null,
    progress: [{ at: 0, item: { kind: 'agent_message', text: 'looking' } }],
    progressDropped: 0,
    cancelRequested: false,
    followUps: [],
    followUpOf: null,
  };
}

let fake: FakeApi;
let pinia: Pinia;

beforeEach(() => {
  fake = createFakeApi();
  setApiForTesting(fake.api);
  pinia = createTestingPinia({ createSpy: vi.fn, stubActions: false });
});
afterEach(() => {
  vi.useRealTimers();
  setApiForTesting(null);
});

/** The task pane, attached as the app attaches (so app.navigate is followed from before ready). */
async function attachedPane(tasks: TaskSnapshot[], narrow = false) {
  fake.reply('tasks.list', () => ({ ok: true, value: tasks }));
  const ui = useUiStore(pinia);
  ui.narrow = narrow;
  await useConversationStore(pinia).attach();
  const wrapper = mount(TaskPane, { global: { plugins: [pinia] }, attachTo: document.body });
  await flushPromises();
  const card = (id: string) => wrapper.get(`[data-task-id="${id}"]`);
  return { wrapper, ui, card };
}

describe('app.navigate', () => {
  it('settings opens the Settings dialog; followed from before app.ready', async () => {
    const seen: number[] = [];
    fake.reply('app.ready', () => {
      seen.push(fake.listenerCount('app.navigate'));
      return { ok: true, value: null };
    });
    await useConversationStore(pinia).attach();
    expect(seen).toEqual([1]);
    const ui = useUiStore(pinia);
    expect(ui.settingsOpen).toBe(false);
    fake.emit('app.navigate', { view: 'settings' });
    expect(ui.settingsOpen).toBe(true);
    expect(ui.settingsFocus).toBeNull();
  });

  it('task: the card scrolls into view, opens, takes focus and is lit up for a moment', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { wrapper, ui, card } = await attachedPane([task('t1'), task('t2'), task('t3')]);
    const scrolled = vi.spyOn(card('t2').element, 'scrollIntoView');
    // Finished tasks start folded.
    expect(card('t2').find('[data-testid="task-details"]').exists()).toBe(false);
    fake.emit('app.navigate', { view: 'task', taskId: 't2' });
    await flushPromises();
    expect(scrolled).toHaveBeenCalledTimes(1);
    expect(card('t2').find('[data-testid="task-details"]').exists()).toBe(true);
    expect(card('t2').attributes('data-highlight')).toBe('true');
    expect(card('t1').attributes('data-highlight')).toBeUndefined();
    expect(document.activeElement).toBe(card('t2').get('[data-testid="task-toggle"]').element);
    expect(ui.tab).toBe('conversation'); // wide: both panes are on screen already
    vi.advanceTimersByTime(2100);
    await flushPromises();
    expect(card('t2').attributes('data-highlight')).toBeUndefined();
    // The same task again shows it again.
    fake.emit('app.navigate', { view: 'task', taskId: 't2' });
    await flushPromises();
    expect(scrolled).toHaveBeenCalledTimes(2);
    expect(card('t2').attributes('data-highlight')).toBe('true');
    wrapper.unmount();
  });

  it('task on a narrow window switches to the Tasks tab first', async () => {
    const { wrapper, ui, card } = await attachedPane([task('t1')], true);
    expect(ui.tab).toBe('conversation');
    fake.emit('app.navigate', { view: 'task', taskId: 't1' });
    await flushPromises();
    expect(ui.tab).toBe('tasks');
    expect(card('t1').attributes('data-highlight')).toBe('true');
    wrapper.unmount();
  });

  it('a task this window has not heard of yet is fetched, then shown', async () => {
    const { wrapper, card } = await attachedPane([]);
    fake.reply('tasks.list', () => ({ ok: true, value: [task('t9')] }));
    fake.emit('app.navigate', { view: 'task', taskId: 't9' });
    await flushPromises();
    expect(fake.channels().filter((c) => c === 'tasks.list')).toHaveLength(2);
    expect(card('t9').attributes('data-highlight')).toBe('true');
    wrapper.unmount();
  });

  it('a task that is gone says so', async () => {
    const { wrapper } = await attachedPane([task('t1')]);
    fake.emit('app.navigate', { view: 'task', taskId: 'nope' });
    await flushPromises();
    expect(wrapper.get('[data-testid="task-missing"]').text()).toBe(
      'The task you opened is no longer in this session.',
    );
    expect(useNavigationStore(pinia).taskFocus).toBeNull();
    expect(wrapper.find('[data-highlight="true"]').exists()).toBe(false);
    fake.emit('app.navigate', { view: 'task', taskId: 't1' });
    await flushPromises();
    expect(wrapper.find('[data-testid="task-missing"]').exists()).toBe(false);
    wrapper.unmount();
  });
});
