import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../main/base/clock';
import { createCommandDelegate } from '../../../main/delegate/command-delegate';
import { TaskRegistry } from '../../../main/delegate/task-registry';
import type { TaskSnapshot } from '../../../preload/schemas/tasks';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no result in ${ms} ms`)), ms),
    ),
  ]);
}

describe.runIf(process.platform !== 'win32')('task registry with the real command delegate', () => {
  it('runs, queues, cancels a running task and then runs the next', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'parley-reg-'));
    const delegate = createCommandDelegate({
      command:
        'read line; case "$line" in slow*) echo "slow start"; sleep 60;; *) echo "echo: $line";; esac',
    });
    const registry = new TaskRegistry({ clock: systemClock, delegate });
    cleanups.push(() => {
      registry.dispose();
      delegate.dispose();
      rmSync(workspace, { recursive: true, force: true });
    });
    const seen: TaskSnapshot[] = [];
    registry.on('task', (t) => seen.push(t));

    const slow = registry.create({ conversationId: 'c', text: 'slow job\n', workspace });
    const quick = registry.create({ conversationId: 'c', text: 'quick job\n', workspace });
    expect(registry.get(quick.id)?.status).toBe('queued');
    const started = Date.now();
    while (!registry.get(slow.id)?.progress.length) {
      if (Date.now() - started > 5_000) throw new Error('no progress from the slow task');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(registry.get(slow.id)?.progress[0]?.item).toEqual({
      kind: 'log',
      line: 'slow start',
      stream: 'stdout',
    });
    registry.cancel(slow.id);
    expect(await within(registry.whenSettled(slow.id), 5_000)).toMatchObject({
      status: 'cancelled',
    });
    const done = await within(registry.whenSettled(quick.id), 5_000);
    expect(done).toMatchObject({ status: 'done', result: 'echo: quick job' });
    expect(done.durationMs).toBeGreaterThanOrEqual(0);
    expect(registry.describe()).toContain(`${quick.name}: done in`);
    expect(
      seen.every((s) => JSON.stringify(s) === JSON.stringify(JSON.parse(JSON.stringify(s)))),
    ).toBe(true);
  });
});
