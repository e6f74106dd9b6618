import { describe, expect, it } from 'vitest';
import { TaskUpdateThrottle } from '../../../main/app/task-update-throttle';
import type { TaskSnapshot } from '../../../preload/schemas/tasks';
import { FakeClock } from '../../fakes/fake-clock';

const task = (id: string, status: TaskSnapshot['status'], n: number) =>
  ({ id, status, progressDropped: n }) as unknown as TaskSnapshot;

describe('TaskUpdateThrottle', () => {
  it('sends status changes at once and coalesces progress to one update per interval', () => {
    const clock = new FakeClock();
    const sent: string[] = [];
    const t = new TaskUpdateThrottle(
      clock,
      (s) => sent.push(`${s.id}:${s.status}:${s.progressDropped}`),
      150,
    );
    t.push(task('a', 'running', 0));
    for (let i = 1; i <= 100; i++) t.push(task('a', 'running', i));
    expect(sent).toEqual(['a:running:0']);
    clock.advance(150);
    expect(sent).toEqual(['a:running:0', 'a:running:100']);
    t.push(task('a', 'running', 101));
    t.push(task('a', 'done', 102));
    clock.advance(1000);
    expect(sent).toEqual(['a:running:0', 'a:running:100', 'a:done:102']);
  });
});
