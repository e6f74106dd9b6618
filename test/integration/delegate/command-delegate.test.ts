import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCommandDelegate,
  type CommandDelegateOptions,
} from '../../../main/delegate/command-delegate';
import type { Delegate, DelegateOutcome } from '../../../main/delegate/types';
import type { ProgressItem } from '../../../preload/schemas/tasks';

const posix = process.platform !== 'win32';

/** Alive and not a zombie (an unreaped killed child still answers kill(pid, 0)). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms),
    ),
  ]);
}

let workspace: string;
const delegates: Delegate[] = [];
const pidsToReap: number[] = [];

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'parley-cmd-'));
});

afterEach(() => {
  for (const d of delegates.splice(0)) d.dispose();
  for (const pid of pidsToReap.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(workspace, { recursive: true, force: true });
});

function run(
  command: string,
  text = 'do the thing',
  options: Partial<CommandDelegateOptions> = {},
  controller = new AbortController(),
) {
  const delegate = createCommandDelegate({ command, ...options });
  delegates.push(delegate);
  const r = delegate.start({
    taskId: 'task-1',
    conversationId: 'c1',
    text,
    workspace,
    signal: controller.signal,
  });
  const progress: ProgressItem[] = [];
  r.on('progress', (p) => progress.push(p));
  const outcome: Promise<DelegateOutcome> = withTimeout(r.outcome, 15_000, command);
  return { outcome, progress, controller };
}

const lines = (progress: ProgressItem[], stream: 'stdout' | 'stderr') =>
  progress.flatMap((p) => (p.kind === 'log' && p.stream === stream ? [p.line] : []));

describe.runIf(posix)('command delegate (real processes)', () => {
  it('fails the task, without throwing, when the command cannot even be spawned', async () => {
    const { outcome } = run('echo a\0b');
    const o = await outcome;
    expect(o.status).toBe('failed');
    expect(o.error).toMatch(/could not run/);
  });

  it('feeds the text on stdin, streams lines as progress and returns the whole stdout', async () => {
    const { outcome, progress } = run(
      'echo "got: $(cat)"; echo "cwd: $(pwd)"; printf "tail without newline"',
      'hello <delegate> & friends',
    );
    const o = await outcome;
    expect(o.status).toBe('done');
    expect(o.exitCode).toBe(0);
    expect(o.result).toBe(
      `got: hello <delegate> & friends\ncwd: ${workspace}\ntail without newline`,
    );
    expect(lines(progress, 'stdout')).toEqual([
      'got: hello <delegate> & friends',
      `cwd: ${workspace}`,
      'tail without newline',
    ]);
  });

  it('streams progress while the command is still running', async () => {
    const { outcome, progress } = run('echo first; sleep 1; echo second');
    await until(() => lines(progress, 'stdout').includes('first'), 5_000, 'first line');
    expect(lines(progress, 'stdout')).not.toContain('second');
    expect((await outcome).result).toBe('first\nsecond');
  });

  it('does not fail when the command ignores stdin', async () => {
    const big = 'x'.repeat(1_000_000);
    const o = await run('echo ignored', big).outcome;
    expect(o).toMatchObject({ status: 'done', result: 'ignored' });
  });

  it('a non-zero exit fails with the exit code and the stderr tail', async () => {
    const { outcome, progress } = run(
      'i=0; while [ $i -lt 500 ]; do echo "noise line $i" >&2; i=$((i+1)); done; echo "real reason" >&2; exit 3',
    );
    const o = await outcome;
    expect(o.status).toBe('failed');
    expect(o.exitCode).toBe(3);
    expect(o.error).toMatch(/^Delegate command failed with exit code 3\./);
    expect(o.error).toMatch(/real reason$/);
    expect(o.error).toContain('characters omitted');
    expect(o.error!.length).toBeLessThan(2_300);
    expect(lines(progress, 'stderr')).toHaveLength(501);
  });

  it('a missing command gives a clear error naming it', async () => {
    const o = await run('parley-no-such-agent --flag').outcome;
    expect(o.status).toBe('failed');
    expect(o.exitCode).toBe(127);
    expect(o.error).toContain('Delegate command not found: "parley-no-such-agent --flag"');
    expect(o.error).toMatch(/not found/);
  });

  it('a missing workspace gives a clear error', async () => {
    const delegate = createCommandDelegate({ command: 'true' });
    delegates.push(delegate);
    const o = await delegate.start({
      taskId: 't',
      conversationId: 'c',
      text: 'x',
      workspace: join(workspace, 'gone'),
      signal: new AbortController().signal,
    }).outcome;
    expect(o.error).toBe(`The workspace folder does not exist: ${join(workspace, 'gone')}`);
  });

  it('a timeout kills the whole process tree', async () => {
    const started = Date.now();
    const { outcome, progress } = run(
      'sleep 100 & echo "pid $!"; sleep 100 & echo "pid $!"; echo "pid $$"; wait',
      'x',
      { timeoutMs: 700, killGraceMs: 1_000 },
    );
    await until(() => lines(progress, 'stdout').length === 3, 5_000, 'three pids');
    const pids = lines(progress, 'stdout').map((l) => Number(l.split(' ')[1]));
    pidsToReap.push(...pids);
    expect(pids.every(alive)).toBe(true);
    const o = await outcome;
    expect(o.status).toBe('failed');
    expect(o.error).toMatch(/^Delegate command timed out after 1s; its processes were stopped\./);
    expect(Date.now() - started).toBeLessThan(5_000);
    await until(() => !pids.some(alive), 3_000, 'all pids gone');
  });

  it('escalates to SIGKILL when the tree ignores SIGTERM', async () => {
    const controller = new AbortController();
    const { outcome, progress } = run(
      `trap '' TERM; sleep 100 & echo "pid $!"; echo "pid $$"; wait; wait`,
      'x',
      { killGraceMs: 300 },
      controller,
    );
    await until(() => lines(progress, 'stdout').length === 2, 5_000, 'two pids');
    const pids = lines(progress, 'stdout').map((l) => Number(l.split(' ')[1]));
    pidsToReap.push(...pids);
    controller.abort();
    const o = await outcome;
    expect(o.status).toBe('cancelled');
    await until(() => !pids.some(alive), 3_000, 'all pids gone after SIGKILL');
  });

  it('cancel stops the tree at once and keeps the output so far', async () => {
    const controller = new AbortController();
    const { outcome, progress } = run(
      'echo started; touch "$PARLEY_TASK_ID.marker"; sleep 60; echo never',
      'x',
      {},
      controller,
    );
    await until(() => lines(progress, 'stdout').includes('started'), 5_000, 'started');
    const t0 = Date.now();
    controller.abort();
    const o = await outcome;
    expect(o).toMatchObject({ status: 'cancelled', result: 'started' });
    // "At once" against the 60 s sleep, with room for a loaded machine.
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(existsSync(join(workspace, 'task-1.marker'))).toBe(true);
  });

  it('a run whose signal is already aborted never spawns', async () => {
    const controller = new AbortController();
    controller.abort();
    const o = await run('touch spawned', 'x', {}, controller).outcome;
    expect(o.status).toBe('cancelled');
    expect(existsSync(join(workspace, 'spawned'))).toBe(false);
  });

  it('keeps only the tail of a huge stdout', async () => {
    const o = await run('seq 1 100000', 'x', { maxResultChars: 1_000 }).outcome;
    expect(o.status).toBe('done');
    expect(o.result).toMatch(/^\[… \d+ characters omitted …\]\n/);
    expect(o.result).toMatch(/\n100000$/);
    expect(o.result!.length).toBeLessThan(1_100);
  });

  it('does not hang on a background child that keeps stdout open', async () => {
    const { outcome, progress } = run('sleep 30 & echo "pid $!"; echo done', 'x', {
      drainMs: 200,
    });
    const o = await outcome;
    expect(o).toMatchObject({ status: 'done' });
    expect(o.result).toContain('done');
    pidsToReap.push(
      ...lines(progress, 'stdout')
        .filter((l) => l.startsWith('pid '))
        .map((l) => Number(l.slice(4))),
    );
  });

  it('dispose kills runs still going', async () => {
    const { outcome } = run('sleep 60');
    await new Promise((r) => setTimeout(r, 100));
    delegates[0]?.dispose();
    expect((await outcome).status).toBe('cancelled');
  });
});
