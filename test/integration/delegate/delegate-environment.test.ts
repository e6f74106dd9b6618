import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok } from '../../../main/base/result';
import { DEFAULT_SETTINGS } from '../../../preload/schemas/settings';
import { silentLogger } from '../../../main/base/logger';
import { SettingsDelegate } from '../../../main/app/settings-delegate';
import { createDelegate } from '../../../main/delegate/index';

/** What a real `sh` command delegate sees of `OPENAI_API_KEY` and a copy of a stored key. */
async function seenByCommand(inheritKey: boolean): Promise<string | null> {
  const delegate = new SettingsDelegate(
    () => ({
      ...DEFAULT_SETTINGS,
      delegate: 'command',
      delegateCommand: 'echo "env=${OPENAI_API_KEY:-none} copy=${KEY_COPY:-none}"',
    }),
    createDelegate,
    silentLogger,
    {
      variables: {
        ...process.env,
        OPENAI_API_KEY: 'sk-env-key-0123456789',
        KEY_COPY: 'sk-stored-abcdefghij',
      },
      secrets: () => ['sk-env-key-0123456789', 'sk-stored-abcdefghij'],
      inheritKey,
    },
  );
  const run = delegate.start({
    taskId: 'task-1',
    conversationId: 'c1',
    text: 'hello',
    workspace: process.cwd(),
    signal: new AbortController().signal,
  });
  const outcome = await run.outcome;
  delegate.dispose();
  return outcome.result;
}

describe('delegate environment (a real shell command)', () => {
  it('a command delegate never sees Parley’s keys by default', async () => {
    expect(await seenByCommand(false)).toBe('env=none copy=none');
  });

  it('sees them when the user opted in with PARLEY_DELEGATE_INHERIT_KEY', async () => {
    expect(await seenByCommand(true)).toBe('env=sk-env-key-0123456789 copy=sk-stored-abcdefghij');
  });
});

describe('the workspace runner’s environment (a real shell command)', () => {
  it('is the command delegate’s: no key of Parley’s reaches the workspace’s commands', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'parley-runner-env-'));
    const delegate = new SettingsDelegate(
      () => DEFAULT_SETTINGS,
      createDelegate,
      silentLogger,
      {
        variables: {
          ...process.env,
          OPENAI_API_KEY: '',
          HOME: empty,
          CODEX_HOME: empty,
          KEY_COPY: 'sk-stored-abcdefghij',
          CODEX_API_KEY: '',
          CODEX_ACCESS_TOKEN: '',
        },
        secrets: () => ['sk-stored-abcdefghij'],
        inheritKey: false,
      },
      {},
      {
        plan: async () =>
          ok([{ kind: 'run', steps: [{ command: 'echo "copy=${KEY_COPY:-none} home=$HOME"' }] }]),
      },
    );
    delegate.conversationStarted('c1', 'offline');
    const run = delegate.start({
      taskId: 'task-1',
      conversationId: 'c1',
      text: 'hello',
      workspace: process.cwd(),
      signal: new AbortController().signal,
    });
    const outcome = await run.outcome;
    await delegate.dispose();
    expect(outcome.result).toBe(`copy=none home=${empty}`);
  });
});
