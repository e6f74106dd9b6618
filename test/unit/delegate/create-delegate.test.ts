import { describe, expect, it } from 'vitest';
import { createDelegate, DelegateConfigError } from '../../../main/delegate';

describe('createDelegate', () => {
  it('builds the command delegate when a command is set', () => {
    const d = createDelegate({ delegate: 'command', delegateCommand: 'cat' });
    expect(d.kind).toBe('command');
    d.dispose();
  });

  it('refuses the command delegate without a command, saying what to set', () => {
    for (const delegateCommand of [null, undefined, '   ']) {
      expect(() => createDelegate({ delegate: 'command', delegateCommand })).toThrow(
        DelegateConfigError,
      );
    }
    expect(() => createDelegate({ delegate: 'command' })).toThrow(/PARLEY_DELEGATE_COMMAND/);
  });

  it('builds the codex delegate lazily (no binary needed until a task starts)', () => {
    const d = createDelegate({ delegate: 'codex', codex: { codexPath: '/nowhere/codex' } });
    expect(d.kind).toBe('codex');
    d.dispose();
  });

  it('builds the workspace runner only with a way to find local commands', async () => {
    const d = createDelegate({
      delegate: 'workspace-runner',
      runner: { plan: async () => ({ ok: true, value: [] }) },
    });
    expect(d.kind).toBe('workspace-runner');
    await d.dispose();
    expect(() => createDelegate({ delegate: 'workspace-runner' })).toThrow(DelegateConfigError);
  });
});
