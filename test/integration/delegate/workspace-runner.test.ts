import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCommand } from '../../../preload/schemas/offline';
import type { ProgressItem } from '../../../preload/schemas/tasks';
import { err, ok } from '../../../main/base/result';
import type { Delegate, DelegateOutcome } from '../../../main/delegate/types';
import {
  createWorkspaceRunner,
  type LocalPlan,
  type WorkspaceRunnerOptions,
} from '../../../main/delegate/workspace-runner';

let workspace: string;
const runners: Delegate[] = [];

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'parley-runner-'));
});

afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.dispose()));
  rmSync(workspace, { recursive: true, force: true });
});

const steps = (...commands: string[]): LocalCommand => ({
  kind: 'run',
  steps: commands.map((command) => ({ command })),
});

function start(
  plan: LocalPlan,
  options: Partial<WorkspaceRunnerOptions> = {},
  controller = new AbortController(),
) {
  const runner = createWorkspaceRunner({ plan: async () => plan, ...options });
  runners.push(runner);
  const run = runner.start({
    taskId: 'task-1',
    conversationId: 'c1',
    text: '<realtime_delegation>…</realtime_delegation>',
    workspace,
    signal: controller.signal,
  });
  const progress: ProgressItem[] = [];
  run.on('progress', (item) => progress.push(item));
  const outcome: Promise<DelegateOutcome> = run.outcome;
  return { outcome, progress, controller, runner };
}

const commandItems = (progress: ProgressItem[]) =>
  progress.flatMap((p) => (p.kind === 'command' ? [`${p.command} ${p.status} ${p.exitCode}`] : []));

describe.runIf(process.platform !== 'win32')('the workspace runner (real processes)', () => {
  it('runs the command in the workspace: its lines as progress, its stdout as the result', async () => {
    writeFileSync(
      join(workspace, 'package.json'),
      JSON.stringify({ name: 'ws', scripts: { test: "echo 'All 12 tests passed.'; pwd" } }),
    );
    const { outcome, progress } = start(ok([steps('npm test --silent')]));
    const o = await outcome;
    expect(o).toMatchObject({ status: 'done', error: null, exitCode: 0 });
    // npm's banner is silenced: the answer is what the script printed.
    expect(o.result).toBe(`All 12 tests passed.\n${workspace}`);
    expect(commandItems(progress)).toEqual([
      'npm test --silent in_progress null',
      'npm test --silent completed 0',
    ]);
    expect(progress).toContainEqual({
      kind: 'log',
      line: 'All 12 tests passed.',
      stream: 'stdout',
    });
  }, 20_000);

  it('a failing command fails with its exit code and its stderr tail, and stops the plan', async () => {
    const script = "echo 'checked 9 files'; echo 'FAIL parser.test.ts: 2 of 9 failed' >&2; exit 3";
    const { outcome, progress } = start(ok([steps(script, 'echo never')]));
    const o = await outcome;
    expect(o.status).toBe('failed');
    expect(o.exitCode).toBe(3);
    expect(o.error).toBe(
      `\`${script}\` failed with exit code 3.\nFAIL parser.test.ts: 2 of 9 failed`,
    );
    expect(o.result).toBe('checked 9 files');
    expect(commandItems(progress)).toEqual([`${script} in_progress null`, `${script} failed 3`]);
  });

  it('with nothing on stderr, a failure quotes the end of stdout', async () => {
    const { outcome } = start(ok([steps("echo 'Tests: 1 failed, 4 passed'; exit 1")]));
    expect((await outcome).error).toMatch(/failed with exit code 1\.\nTests: 1 failed, 4 passed$/);
  });

  it('a missing program says it is not installed', async () => {
    const { outcome } = start(ok([steps('parley-no-such-program --x')]));
    const o = await outcome;
    expect(o.error).toMatch(
      /^`parley-no-such-program --x` could not run: its program is not installed or not on the PATH\./,
    );
    expect(o.exitCode).toBe(127);
  });

  it('several steps: titled answers, and the words for an empty output', async () => {
    const local: LocalCommand = {
      kind: 'run',
      steps: [
        {
          command: 'true',
          title: 'Commits since midnight:',
          whenEmpty: 'No commits since midnight.',
        },
        { command: "printf ' M a.ts\\n'", title: 'Uncommitted changes:' },
      ],
    };
    const o = await start(ok([local, { kind: 'answer', text: 'And that is all.' }])).outcome;
    expect(o.status).toBe('done');
    expect(o.result).toBe(
      'No commits since midnight.\n\nUncommitted changes:\n M a.ts\n\nAnd that is all.',
    );
  });

  it('runs with the environment it is given, and no stdin', async () => {
    const env = { PATH: process.env.PATH, ONLY_THIS: 'yes' };
    const o = await start(ok([steps('echo "$ONLY_THIS ${OPENAI_API_KEY:-none}"; cat')]), { env })
      .outcome;
    expect(o.result).toBe('yes none');
  });

  it('cancel kills the process tree and keeps what was printed', async () => {
    const controller = new AbortController();
    const { outcome, progress } = start(
      ok([steps('echo started; sleep 30 & sleep 30; echo late')]),
      {},
      controller,
    );
    const began = Date.now();
    while (!progress.some((p) => p.kind === 'log' && p.line === 'started')) {
      if (Date.now() - began > 10_000) throw new Error('the command never started');
      await new Promise((r) => setTimeout(r, 20));
    }
    controller.abort();
    const o = await outcome;
    expect(o.status).toBe('cancelled');
    expect(o.result).toBe('started');
    expect(Date.now() - began).toBeLessThan(10_000);
  });

  it('a timeout stops the command and says so', async () => {
    const o = await start(ok([steps('sleep 30')]), { timeoutMs: 200, killGraceMs: 100 }).outcome;
    expect(o.status).toBe('failed');
    expect(o.error).toMatch(/^`sleep 30` took longer than .* and was stopped\.$/);
  });

  it('no local command: the plan’s plain message, and nothing runs', async () => {
    const plan = err('no_local_command', 'Add an API key or a command delegate in Settings.');
    const { outcome, progress } = start(plan);
    expect(await outcome).toMatchObject({
      status: 'failed',
      error: 'Add an API key or a command delegate in Settings.',
    });
    expect(progress).toEqual([]);
  });

  it('opens the workspace with the desktop’s opener, or answers plainly where there is none', async () => {
    const opened: string[] = [];
    const withOpener = await start(ok([{ kind: 'open_workspace' }]), {
      openFolder: async (path) => void opened.push(path),
    }).outcome;
    expect(opened).toEqual([workspace]);
    expect(withOpener).toMatchObject({
      status: 'done',
      result: `Opened the workspace folder: ${workspace}`,
    });

    const headless = await start(ok([{ kind: 'open_workspace' }]), {
      platform: 'linux',
      env: { PATH: process.env.PATH },
    }).outcome;
    expect(headless).toMatchObject({
      status: 'done',
      result: `There is no desktop file manager to open here; the workspace folder is ${workspace}.`,
    });

    const failing = await start(ok([{ kind: 'open_workspace' }]), {
      openFolder: async () => {
        throw new Error('No application is registered for folders');
      },
    }).outcome;
    expect(failing.error).toBe(
      `Could not open the workspace folder ${workspace}: No application is registered for folders`,
    );
  });

  it('on a Linux desktop it runs xdg-open in the workspace', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'parley-bin-'));
    const opener = join(bin, 'xdg-open');
    writeFileSync(opener, `#!/bin/sh\npwd > "${join(bin, 'opened')}"\n`, { mode: 0o755 });
    const env = { PATH: `${bin}:${process.env.PATH}`, DISPLAY: ':99' };
    const { outcome, progress } = start(ok([{ kind: 'open_workspace' }]), {
      platform: 'linux',
      env,
    });
    expect(await outcome).toMatchObject({
      status: 'done',
      result: 'Opened the workspace folder in the file manager.',
    });
    expect(commandItems(progress)).toContain('xdg-open . completed 0');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(bin, 'opened'), 'utf8').trim()).toBe(workspace);
    rmSync(bin, { recursive: true, force: true });
  });

  it('a missing workspace fails clearly before anything runs', async () => {
    rmSync(workspace, { recursive: true, force: true });
    const o = await start(ok([steps('echo hi')])).outcome;
    expect(o.error).toBe(`The workspace folder does not exist: ${workspace}`);
  });

  it('dispose stops runs still going', async () => {
    const { outcome, runner } = start(ok([steps('sleep 30')]));
    await new Promise((r) => setTimeout(r, 100));
    await runner.dispose();
    expect((await outcome).status).toBe('cancelled');
  });
});
