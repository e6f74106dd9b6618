import { describe, expect, it } from 'vitest';
import { chooseDelegate } from '../../../main/app/delegate-choice';
import type { CodexCredentials } from '../../../main/delegate/codex-credentials';

const none = (): CodexCredentials => ({ found: false });
const login = (): CodexCredentials => ({ found: true, via: 'auth.json' });
const key = (): CodexCredentials => ({ found: true, via: 'OPENAI_API_KEY' });

describe('which delegate runs a task', () => {
  it('Codex with no credentials in an offline conversation gives way to the workspace runner', () => {
    expect(
      chooseDelegate({ configured: 'codex', backend: 'offline', codexCredentials: none }),
    ).toEqual({
      kind: 'workspace-runner',
      reason: 'offline conversation, Codex has no API key or login',
    });
  });

  it('Codex with a key or a login runs as configured, offline too, and says why', () => {
    expect(
      chooseDelegate({ configured: 'codex', backend: 'offline', codexCredentials: key }),
    ).toEqual({
      kind: 'codex',
      reason: 'offline conversation, Codex can answer (OPENAI_API_KEY)',
    });
    expect(
      chooseDelegate({ configured: 'codex', backend: 'offline', codexCredentials: login }),
    ).toMatchObject({
      kind: 'codex',
    });
  });

  it('a command delegate is always used as chosen, and never asks about Codex', () => {
    const asked = (): CodexCredentials => {
      throw new Error('Codex credentials asked for a command delegate');
    };
    for (const backend of ['offline', 'cloud', null] as const) {
      expect(chooseDelegate({ configured: 'command', backend, codexCredentials: asked })).toEqual({
        kind: 'command',
        reason: 'configured',
      });
    }
  });

  it('a cloud conversation (or one not known) uses the delegate as configured', () => {
    for (const backend of ['cloud', null] as const) {
      expect(chooseDelegate({ configured: 'codex', backend, codexCredentials: none })).toEqual({
        kind: 'codex',
        reason: 'configured',
      });
    }
  });
});
