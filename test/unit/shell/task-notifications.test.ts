import { describe, expect, it } from 'vitest';
import type { TaskSnapshot } from '../../../preload/schemas/tasks';
import {
  taskEndNotice,
  taskNotifier,
  type NotificationRequest,
} from '../../../main/shell/task-notifications';

const task = (patch: Partial<TaskSnapshot>): TaskSnapshot =>
  ({
    id: 'task-1',
    name: 'task-1-run-tests',
    status: 'running',
    result: null,
    error: null,
    ...patch,
  }) as TaskSnapshot;

function notifier(focused: boolean) {
  const shown: NotificationRequest[] = [];
  const opened: string[] = [];
  const take = taskNotifier({
    show: (request) => shown.push(request),
    windowFocused: () => focused,
    openTask: (id) => opened.push(id),
  });
  return { take, shown, opened };
}

describe('task notifications', () => {
  it('a task that finishes while the window is not in front says so once; a click opens its card', () => {
    const { take, shown, opened } = notifier(false);
    take(task({ status: 'running' }));
    take(task({ status: 'done', result: '12 tests passed\nfull log follows' }));
    take(task({ status: 'done', result: '12 tests passed' }));
    expect(shown.map(({ title, body }) => ({ title, body }))).toEqual([
      { title: 'Done: task-1-run-tests', body: '12 tests passed' },
    ]);
    shown[0]!.onClick();
    expect(opened).toEqual(['task-1']);
  });

  it('a failure says its reason; a cancel (the user did it) says nothing', () => {
    const { take, shown } = notifier(false);
    take(task({ id: 'a', name: 'a', status: 'failed', error: 'exit 2: no such file' }));
    take(task({ id: 'b', name: 'b', status: 'cancelled' }));
    expect(shown.map((s) => [s.title, s.body])).toEqual([['Failed: a', 'exit 2: no such file']]);
  });

  it('nothing pops up while the window has focus', () => {
    const { take, shown } = notifier(true);
    take(task({ status: 'done', result: 'ok' }));
    take(task({ id: 'task-2', status: 'failed', error: 'no' }));
    expect(shown).toEqual([]);
  });

  it('says something for an empty result, and cuts a long one', () => {
    expect(taskEndNotice(task({ status: 'done', result: '  ' }))?.body).toBe(
      'Finished with no output.',
    );
    expect(taskEndNotice(task({ status: 'failed', error: null }))?.body).toBe('No reason given.');
    const long = taskEndNotice(task({ status: 'done', result: 'x'.repeat(500) }))!.body;
    expect(long).toHaveLength(180);
    expect(long.endsWith('…')).toBe(true);
  });
});
