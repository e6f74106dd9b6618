import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type SettingsFields } from '../../../preload/schemas/settings';
import type { LogRecord } from '../../../main/base/logger';
import { ok } from '../../../main/base/result';
import { SettingsDelegate } from '../../../main/app/settings-delegate';
import type { DelegateSettings } from '../../../main/delegate/index';
import { FakeDelegate } from '../delegate/fake-delegate';

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

/** A SettingsDelegate over fake delegates, one per kind asked for, on a machine with no login. */
function build(
  settings: Partial<SettingsFields>,
  variables: Record<string, string> = {},
  storedKey: string | null = null,
) {
  const home = mkdtempSync(join(tmpdir(), 'parley-choice-'));
  homes.push(home);
  const built: DelegateSettings[] = [];
  const delegates = new Map<string, FakeDelegate>();
  const logs: Omit<LogRecord, 'ts'>[] = [];
  const delegate = new SettingsDelegate(
    () => ({ ...DEFAULT_SETTINGS, ...settings }),
    (asked) => {
      built.push(asked);
      const fake = new FakeDelegate();
      delegates.set(asked.delegate, fake);
      return fake;
    },
    (level, event, fields) => logs.push({ level, event, ...fields }),
    {
      variables: { HOME: home, CODEX_HOME: home, ...variables },
      secrets: () => [],
      inheritKey: false,
      storedKey: () => storedKey,
    },
    {},
    { plan: async () => ok([]) },
  );
  const start = (conversationId: string) =>
    delegate.start({
      taskId: `task-${built.length + 1}`,
      conversationId,
      text: 'Run the tests.',
      workspace: home,
      signal: new AbortController().signal,
    });
  return { delegate, built, delegates, logs, start, home };
}

const chosen = (logs: Omit<LogRecord, 'ts'>[]) =>
  logs.filter((l) => l.event === 'delegate.chosen').map((l) => l.kind);

describe('the delegate chosen for each task', () => {
  it('an offline conversation with Codex and no login runs on the workspace runner, built once', async () => {
    const { delegate, built, delegates, logs, start } = build({ delegate: 'codex' });
    delegate.conversationStarted('c-offline', 'offline');
    start('c-offline');
    start('c-offline');
    expect(built.map((b) => b.delegate)).toEqual(['workspace-runner']);
    expect(built[0]?.runner?.plan).toBeTypeOf('function');
    expect(delegates.get('workspace-runner')?.runs).toHaveLength(2);
    expect(chosen(logs)).toEqual(['workspace-runner', 'workspace-runner']);
    await delegate.dispose();
    expect(delegates.get('workspace-runner')?.disposed).toBe(true);
  });

  it('a cloud conversation, or a Codex login, keeps Codex', () => {
    const cloud = build({ delegate: 'codex' });
    cloud.delegate.conversationStarted('c-cloud', 'cloud');
    cloud.start('c-cloud');
    expect(cloud.built.map((b) => b.delegate)).toEqual(['codex']);

    const loggedIn = build({ delegate: 'codex' });
    writeFileSync(
      join(loggedIn.home, 'auth.json'),
      JSON.stringify({ tokens: { access_token: 'a' } }),
    );
    loggedIn.delegate.conversationStarted('c-offline', 'offline');
    loggedIn.start('c-offline');
    expect(loggedIn.built.map((b) => b.delegate)).toEqual(['codex']);
    expect(loggedIn.logs).toContainEqual(
      expect.objectContaining({
        event: 'delegate.chosen',
        kind: 'codex',
        reason: 'offline conversation, Codex can answer (auth.json)',
      }),
    );

    const keyed = build({ delegate: 'codex' }, { OPENAI_API_KEY: 'sk-in-the-environment' });
    keyed.delegate.conversationStarted('c-offline', 'offline');
    keyed.start('c-offline');
    expect(keyed.built.map((b) => b.delegate)).toEqual(['codex']);
  });

  it('a command delegate runs as chosen, offline too', () => {
    const { delegate, built, start } = build({ delegate: 'command', delegateCommand: 'cat' });
    delegate.conversationStarted('c-offline', 'offline');
    start('c-offline');
    expect(built.map((b) => b.delegate)).toEqual(['command']);
  });

  it('a conversation it was not told of runs the configured delegate', () => {
    const { built, start } = build({ delegate: 'codex' });
    start('c-unknown');
    expect(built.map((b) => b.delegate)).toEqual(['codex']);
  });

  it('Codex with no login of its own is given the key stored in Parley; with a login it is not', () => {
    const stored = build({ delegate: 'codex' }, {}, 'sk-stored-in-parley-0001');
    stored.delegate.conversationStarted('c-cloud', 'cloud');
    stored.start('c-cloud');
    expect(stored.built).toHaveLength(1);
    expect(stored.built[0]).toMatchObject({
      delegate: 'codex',
      codex: { apiKey: 'sk-stored-in-parley-0001' },
    });

    // Chosen offline too: the stored key is something Codex can answer with.
    const offline = build({ delegate: 'codex' }, {}, 'sk-stored-in-parley-0001');
    offline.delegate.conversationStarted('c-offline', 'offline');
    offline.start('c-offline');
    expect(offline.built.map((b) => b.delegate)).toEqual(['codex']);

    const loggedIn = build({ delegate: 'codex' }, {}, 'sk-stored-in-parley-0001');
    writeFileSync(
      join(loggedIn.home, 'auth.json'),
      JSON.stringify({ tokens: { access_token: 'a' } }),
    );
    loggedIn.start('c-any');
    expect(loggedIn.built[0]?.codex?.apiKey).toBeUndefined();
  });
});
