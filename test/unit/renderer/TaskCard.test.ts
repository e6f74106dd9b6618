import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setApiForTesting } from '../../../renderer/src/api';
import TaskPane from '../../../renderer/src/components/TaskPane.vue';
import { useTasksStore } from '../../../renderer/src/stores/tasks';
import { useUiStore } from '../../../renderer/src/stores/ui';
import { createFakeApi } from './fake-api';
import type { TaskSnapshot } from '../../../preload/schemas/tasks';
import TaskCard from '../../../renderer/src/components/TaskCard.vue';

const base: TaskSnapshot = {
  id: 'task-1',
  name: 'task-1-run-the-tests',
  conversationId: 'c1',
  prompt: 'run the tests',
  text: 'run the tests',
  workspace: '/w',
  status: 'running',
  createdAt: 0,
  startedAt: null,
  endedAt: null,
  durationMs: 0,
  result: null,
  error: null,
  usage: null,
  progress: [
    { at: 0, item: { kind: 'command', command: 'npm test', exitCode: 1, status: 'failed' } },
  ],
  progressDropped: 0,
  cancelRequested: false,
  followUps: [],
  followUpOf: null,
};

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => {
  vi.useRealTimers();
  setApiForTesting(null);
});

describe('TaskCard', () => {
  it('shows a running task’s time from its start, not from the last snapshot', () => {
    const wrapper = mount(TaskCard, {
      props: { task: { ...base, startedAt: Date.now() - 5_000, durationMs: 0 } },
    });
    expect(wrapper.find('.task-duration').text()).toMatch(/^5\.\d s$/);
    expect(wrapper.text()).toContain('$ npm test');
    expect(wrapper.find('[data-testid="task-cancel"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('shows a finished task’s own duration and result, without Cancel', () => {
    const wrapper = mount(TaskCard, {
      props: {
        task: {
          ...base,
          status: 'done',
          startedAt: 0,
          endedAt: 90_000,
          durationMs: 90_000,
          result: '2 failures',
        },
      },
    });
    expect(wrapper.find('.task-duration').text()).toBe('1 min 30 s');
    expect(wrapper.find('[data-testid="task-result"]').text()).toBe('2 failures');
    expect(wrapper.find('[data-testid="task-cancel"]').exists()).toBe(false);
  });

  it('ticks while running', async () => {
    vi.useFakeTimers({ now: 100_000 });
    const wrapper = mount(TaskCard, { props: { task: { ...base, startedAt: 100_000 } } });
    expect(wrapper.get('[data-testid="task-duration"]').text()).toBe('0 ms');
    await vi.advanceTimersByTimeAsync(3000);
    expect(wrapper.get('[data-testid="task-duration"]').text()).toBe('3.0 s');
    wrapper.unmount();
  });

  it('shows a short task’s real duration, not "0.0 s"', () => {
    const task = {
      ...base,
      status: 'done' as const,
      startedAt: 0,
      endedAt: 38,
      durationMs: 38,
      result: 'ok',
    };
    expect(mount(TaskCard, { props: { task } }).get('[data-testid="task-duration"]').text()).toBe(
      '38 ms',
    );
  });

  it('shows a done task’s output once: the result, not its stdout lines again', async () => {
    const task = {
      ...base,
      status: 'done' as const,
      startedAt: 0,
      endedAt: 2000,
      durationMs: 2000,
      result: 'checking the workspace\n3 files changed',
      progress: [
        {
          at: 1,
          item: { kind: 'log' as const, line: 'checking the workspace', stream: 'stdout' as const },
        },
        {
          at: 2,
          item: { kind: 'log' as const, line: '3 files changed', stream: 'stdout' as const },
        },
      ],
    };
    const wrapper = mount(TaskCard, { props: { task } });
    // Finished: details folded away; open them and the lines still show once.
    expect(wrapper.find('[data-testid="task-details"]').exists()).toBe(false);
    await wrapper.get('[data-testid="task-toggle"]').trigger('click');
    expect(wrapper.get('[data-testid="task-toggle"]').attributes('aria-expanded')).toBe('true');
    expect(wrapper.text().split('3 files changed')).toHaveLength(2);
    expect(wrapper.get('[data-testid="task-details"]').text()).toContain(
      'Its whole output is the result above.',
    );
  });

  it('offers the workspace folder only where the host can open it', async () => {
    const fake = createFakeApi();
    setApiForTesting(fake.api);
    const plain = mount(TaskCard, { props: { task: base } });
    expect(plain.find('[data-testid="task-open-folder"]').exists()).toBe(false);
    const desktop = mount(TaskCard, { props: { task: base, canOpenFolder: true } });
    await desktop.get('[data-testid="task-open-folder"]').trigger('click');
    expect(fake.calls).toEqual([{ channel: 'tasks.openWorkspace', payload: { id: 'task-1' } }]);
  });
});

describe('TaskPane and the tasks store', () => {
  const task = (id: string, status: TaskSnapshot['status'], createdAt: number): TaskSnapshot => ({
    ...base,
    id,
    name: `${id}-x`,
    status,
    createdAt,
  });

  it('lists running tasks first, and marks what finished while the pane was out of sight', async () => {
    const fake = createFakeApi();
    setApiForTesting(fake.api);
    const tasks = useTasksStore();
    tasks.subscribe();
    tasks.setPaneVisible(false);
    fake.emit('task.updated', task('task-1', 'running', 1));
    fake.emit('task.updated', task('task-2', 'queued', 2));
    fake.emit('task.updated', task('task-3', 'running', 3));
    fake.emit('task.updated', { ...task('task-1', 'done', 1), result: 'ok', durationMs: 5 });
    expect(tasks.tasks.map((t) => t.id)).toEqual(['task-3', 'task-2', 'task-1']);
    expect([...tasks.unseen]).toEqual(['task-1']);
    const wrapper = mount(TaskPane);
    expect(
      wrapper.findAll('[data-testid="task"]').map((c) => c.attributes('data-unseen') ?? ''),
    ).toEqual(['', '', 'true']);
    tasks.setPaneVisible(true);
    await wrapper.vm.$nextTick();
    expect(tasks.unseen.size).toBe(0);
    fake.emit('task.updated', { ...task('task-3', 'failed', 3), error: 'boom' });
    expect(tasks.unseen.size).toBe(0);
    expect(useUiStore().narrow).toBe(false);
  });
});
