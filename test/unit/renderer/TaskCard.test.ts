import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
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
});
