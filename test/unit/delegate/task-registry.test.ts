import { describe, expect, it } from 'vitest';
import { TaskRegistry, type TaskRegistryOptions } from '../../../main/delegate/task-registry';
import type { TaskSnapshot } from '../../../preload/schemas/tasks';
import { FakeClock } from '../../fakes/fake-clock';
import { FakeDelegate, flush } from './fake-delegate';

function setup(
  options: Partial<TaskRegistryOptions> = {},
  delegateOptions: ConstructorParameters<typeof FakeDelegate>[0] = {},
) {
  const clock = new FakeClock(1000);
  const delegate = new FakeDelegate(delegateOptions);
  const registry = new TaskRegistry({ clock, delegate, ...options });
  const events: TaskSnapshot[] = [];
  registry.on('task', (t) => events.push(t));
  const add = (text: string, conversationId = 'c1') =>
    registry.create({ conversationId, text, workspace: '/ws' });
  return { clock, delegate, registry, events, add };
}

const status = (r: TaskRegistry, id: string) => r.get(id)?.status;

describe('TaskRegistry', () => {
  it('runs a task through queued → running → done with result, duration and events', async () => {
    const { clock, delegate, registry, events, add } = setup();
    const t = add('run the tests and tell me what broke');
    expect(t.id).toBe('task-1');
    expect(t.name).toBe('task-1-run-tests-broke');
    expect(events.map((e) => e.status)).toEqual(['queued', 'running']);
    const run = delegate.run('task-1');
    expect(run.request).toMatchObject({
      conversationId: 'c1',
      text: 'run the tests and tell me what broke',
      workspace: '/ws',
    });
    clock.advance(1500);
    expect(registry.get('task-1')?.durationMs).toBe(1500);
    run.done('2 tests failed');
    await flush();
    const done = registry.get('task-1');
    expect(done).toMatchObject({ status: 'done', result: '2 tests failed', error: null });
    expect(done?.startedAt).toBe(1000);
    expect(done?.endedAt).toBe(2500);
    clock.advance(5000);
    expect(registry.get('task-1')?.durationMs).toBe(1500);
    expect(events.at(-1)?.status).toBe('done');
    expect(JSON.parse(JSON.stringify(done))).toEqual(done);
  });

  it('queues behind one running task per conversation by default', async () => {
    const { delegate, registry, add } = setup();
    add('first job please');
    add('second job please');
    add('other conversation job', 'c2');
    expect(status(registry, 'task-1')).toBe('running');
    expect(status(registry, 'task-2')).toBe('queued');
    expect(status(registry, 'task-3')).toBe('running');
    expect(delegate.runs.map((r) => r.request.taskId)).toEqual(['task-1', 'task-3']);
    delegate.run('task-1').fail('boom');
    await flush();
    expect(registry.get('task-1')).toMatchObject({ status: 'failed', error: 'boom' });
    expect(status(registry, 'task-2')).toBe('running');
  });

  it('runs two at once with a limit of 2, the third waits', async () => {
    const { delegate, registry, add } = setup({ maxRunningPerConversation: 2 });
    add('one');
    add('two');
    add('three');
    expect(['task-1', 'task-2', 'task-3'].map((id) => status(registry, id))).toEqual([
      'running',
      'running',
      'queued',
    ]);
    delegate.run('task-2').done('ok');
    await flush();
    expect(status(registry, 'task-3')).toBe('running');
    expect(status(registry, 'task-1')).toBe('running');
  });

  it('cancels a queued task at once without starting it', () => {
    const { delegate, registry, add } = setup();
    add('one');
    add('two');
    const c = registry.cancel('task-2');
    expect(c).toMatchObject({ status: 'cancelled', startedAt: null, durationMs: null });
    expect(delegate.runs).toHaveLength(1);
    expect(registry.cancel('nope')).toBeNull();
  });

  it('cancels a running task by aborting its delegate, then starts the next', async () => {
    const { clock, delegate, registry, add } = setup();
    add('one');
    add('two');
    clock.advance(300);
    const pending = registry.cancel('task-1');
    expect(pending).toMatchObject({ status: 'running', cancelRequested: true });
    expect(delegate.run('task-1').request.signal.aborted).toBe(true);
    await flush();
    expect(registry.get('task-1')).toMatchObject({ status: 'cancelled', durationMs: 300 });
    expect(status(registry, 'task-2')).toBe('running');
  });

  it('marks a running task cancelled after the grace when its delegate ignores the abort', async () => {
    const { clock, delegate, registry, add } = setup(
      { cancelGraceMs: 2000 },
      { ignoreAbort: true },
    );
    add('one');
    add('two');
    registry.cancel('latest');
    expect(status(registry, 'task-1')).toBe('running');
    clock.advance(1999);
    expect(status(registry, 'task-1')).toBe('running');
    clock.advance(1);
    expect(status(registry, 'task-1')).toBe('cancelled');
    expect(status(registry, 'task-2')).toBe('running');
    delegate.run('task-1').done('too late');
    await flush();
    expect(registry.get('task-1')).toMatchObject({ status: 'cancelled', result: null });
  });

  it('a run that finishes "done" after a cancel was asked counts as cancelled', async () => {
    const { delegate, registry, add, clock } = setup({}, { ignoreAbort: true });
    add('one');
    registry.cancel('task-1');
    delegate.run('task-1').done('finished anyway');
    await flush();
    expect(registry.get('task-1')).toMatchObject({
      status: 'cancelled',
      result: 'finished anyway',
    });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('records progress, streams it, sums usage and lets the outcome usage win', async () => {
    const { delegate, registry, add } = setup();
    const progress: string[] = [];
    registry.on('progress', (p) => progress.push(`${p.name}:${p.item.kind}`));
    add('fix login');
    const run = delegate.run('task-1');
    run.emit({ kind: 'agent_message', text: 'Looking' });
    run.emit({ kind: 'usage', usage: { inputTokens: 10, outputTokens: 2 } });
    run.emit({ kind: 'usage', usage: { inputTokens: 5, outputTokens: 1 } });
    expect(registry.get('task-1')?.usage).toEqual({ inputTokens: 15, outputTokens: 3 });
    expect(progress).toEqual([
      'task-1-fix-login:agent_message',
      'task-1-fix-login:usage',
      'task-1-fix-login:usage',
    ]);
    run.done('fixed');
    await flush();
    expect(registry.get('task-1')?.usage).toEqual({ inputTokens: 15, outputTokens: 3 });

    add('another one');
    delegate.run('task-2').done('x', { inputTokens: 99, outputTokens: 9 });
    await flush();
    expect(registry.get('task-2')?.usage).toEqual({ inputTokens: 99, outputTokens: 9 });
  });

  it('keeps a bounded progress history and counts what it dropped', () => {
    const { delegate, registry, add } = setup({ progressLimit: 3 });
    add('chatty');
    const run = delegate.run('task-1');
    for (let i = 0; i < 5; i++) run.emit({ kind: 'log', line: `line ${i}` });
    const t = registry.get('task-1');
    expect(t?.progress.map((p) => (p.item.kind === 'log' ? p.item.line : ''))).toEqual([
      'line 2',
      'line 3',
      'line 4',
    ]);
    expect(t?.progressDropped).toBe(2);
  });

  it('snapshots are detached copies', () => {
    const { delegate, registry, add } = setup();
    add('x job');
    const item = { kind: 'plan' as const, items: [{ text: 'a', completed: false }] };
    delegate.run('task-1').emit(item);
    item.items[0]!.completed = true;
    const snap = registry.get('task-1')!;
    expect(snap.progress[0]?.item).toEqual({
      kind: 'plan',
      items: [{ text: 'a', completed: false }],
    });
    snap.followUps.push('mutated');
    expect(registry.get('task-1')?.followUps).toEqual([]);
  });

  it('steers a running task when its delegate can', () => {
    const { delegate, registry, add } = setup({}, { canSteer: true });
    add('refactor the parser');
    const r = registry.steer({ conversationId: 'c1', workspace: '/ws', text: 'also add tests' });
    expect(r.mode).toBe('steered');
    expect(r.task.followUps).toEqual(['also add tests']);
    expect(delegate.run('task-1').steered).toEqual(['also add tests']);
    expect(delegate.runs).toHaveLength(1);
  });

  it('falls back to a queued follow-up when the delegate cannot steer', async () => {
    const { delegate, registry, add } = setup();
    add('refactor the parser');
    const r = registry.steer({
      conversationId: 'c1',
      workspace: '/elsewhere',
      text: 'and the docs',
    });
    expect(r.mode).toBe('queued');
    expect(r.task).toMatchObject({ status: 'queued', followUpOf: 'task-1', workspace: '/ws' });
    // A queued task takes further follow-ups into its own text.
    const again = registry.steer({
      conversationId: 'c1',
      workspace: '/ws',
      text: 'and the readme',
    });
    expect(again.mode).toBe('amended');
    expect(again.task.text).toBe('and the docs\n\nand the readme');
    delegate.run('task-1').done('ok');
    await flush();
    expect(delegate.run('task-2').request.text).toBe('and the docs\n\nand the readme');
  });

  it('steer with no task at all starts a new one', () => {
    const { registry } = setup();
    const r = registry.steer({ conversationId: 'c1', workspace: '/ws', text: 'hello there world' });
    expect(r).toMatchObject({ mode: 'queued', task: { status: 'running', followUpOf: null } });
  });

  it('finds tasks by id, number, name, prefix and latest', () => {
    const { registry, add } = setup({ maxRunningPerConversation: 3 });
    add('deploy the staging server');
    add('write release notes');
    expect(registry.get('2')?.id).toBe('task-2');
    expect(registry.get('TASK-1')?.id).toBe('task-1');
    expect(registry.get('task-1-deploy-staging-server')?.id).toBe('task-1');
    expect(registry.get('task-2-write')?.id).toBe('task-2');
    expect(registry.get('latest')?.id).toBe('task-2');
    expect(registry.get('task-9')).toBeNull();
  });

  it('names come from the user words, not the delegation envelope', () => {
    const { add } = setup();
    const t = add(
      '<realtime_delegation>\n  <input>draft a reply to issue &lt;42&gt;</input>\n</realtime_delegation>',
    );
    expect(t.name).toBe('task-1-draft-reply-issue-42');
    expect(t.prompt).toBe('draft a reply to issue <42>');
  });

  it('describe() summarises for the voice model', async () => {
    const { clock, delegate, registry, add } = setup();
    expect(registry.describe()).toBe('No tasks yet.');
    add('run the tests');
    add('draft the changelog');
    delegate
      .run('task-1')
      .emit({ kind: 'command', command: 'npm test', exitCode: null, status: 'in_progress' });
    clock.advance(65_000);
    expect(registry.describe()).toBe(
      [
        '1 running, 1 queued, 0 finished.',
        '- task-1-run-tests: running for 1m 05s — run the tests; latest: running `npm test`',
        '- task-2-draft-changelog: queued — draft the changelog',
      ].join('\n'),
    );
    delegate.run('task-1').done('All 12 tests pass.');
    await flush();
    delegate.run('task-2').fail('git not found');
    await flush();
    expect(registry.describe('c1')).toBe(
      [
        '0 running, 0 queued, 2 finished.',
        '- task-2-draft-changelog: failed after 0s — git not found',
        '- task-1-run-tests: done in 1m 05s — All 12 tests pass.',
      ].join('\n'),
    );
    expect(registry.describe('other')).toBe('No tasks yet.');
  });

  it('a delegate that throws on start fails the task and frees the slot', () => {
    const { registry, add } = setup({}, { throwOnStart: 'no codex here' });
    add('one');
    expect(registry.get('task-1')).toMatchObject({ status: 'failed', error: 'no codex here' });
  });

  it('whenSettled resolves with the final snapshot', async () => {
    const { delegate, registry, add } = setup();
    add('one');
    const settled = registry.whenSettled('task-1');
    delegate.run('task-1').done('result');
    await expect(settled).resolves.toMatchObject({ status: 'done', result: 'result' });
    await expect(registry.whenSettled('task-1')).resolves.toMatchObject({ status: 'done' });
    await expect(registry.whenSettled('task-7')).rejects.toThrow(/task-7/);
  });

  it('keeps at most finishedLimit finished tasks', async () => {
    const { delegate, registry, add } = setup({ finishedLimit: 2 });
    for (let i = 0; i < 4; i++) {
      add(`job ${i}`);
      delegate.runs.at(-1)?.done('ok');
      await flush();
    }
    expect(registry.list().map((t) => t.id)).toEqual(['task-3', 'task-4']);
  });

  it('dispose cancels active tasks, leaves no listeners and is idempotent', async () => {
    const { clock, delegate, registry, add } = setup({}, { ignoreAbort: true });
    add('one');
    add('two');
    const run = delegate.run('task-1');
    registry.cancel('task-1');
    registry.dispose();
    registry.dispose();
    expect(run.request.signal.aborted).toBe(true);
    expect(registry.list().map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
    expect(registry.listenerCount()).toBe(0);
    expect(run.listenerCount()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    expect(() => add('three')).toThrow(/disposed/);
    run.done('late');
    await flush();
    expect(delegate.runs).toHaveLength(1);
  });

  it('refuses an empty delegation text', () => {
    const { add } = setup();
    expect(() => add('   ')).toThrow(/non-empty/);
  });
});
