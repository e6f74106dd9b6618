import { describe, expect, it } from 'vitest';
import { parseEnvConfig } from '../../../main/config/env-config';
import {
  checkSettings,
  checkStartupSettings,
  settingsProblems,
} from '../../../main/config/settings-check';
import { DEFAULT_SETTINGS } from '../../../preload/schemas/settings';

describe('settings checks', () => {
  it('accepts the defaults', () => {
    expect(checkSettings(DEFAULT_SETTINGS)).toBeNull();
  });

  it('rejects a voice the protocol does not have, listing the voices', () => {
    const problem = checkSettings({ ...DEFAULT_SETTINGS, protocol: 'v1', voice: 'marin' });
    expect(problem?.field).toBe('voice');
    expect(problem?.message).toMatch(/juniper.*cove/);
  });

  it('requires a command for the command delegate', () => {
    expect(checkSettings({ ...DEFAULT_SETTINGS, delegate: 'command' })).toEqual({
      field: 'delegateCommand',
      message: expect.stringMatching(/needs a command/),
    });
    expect(
      checkSettings({ ...DEFAULT_SETTINGS, delegate: 'command', delegateCommand: 'cat' }),
    ).toBeNull();
  });

  it('is fatal at start-up when an environment variable caused the problem', () => {
    const env = parseEnvConfig({ PARLEY_VOICE: 'marin', PARLEY_REALTIME_PROTOCOL: 'v1' });
    const result = checkStartupSettings({ ...DEFAULT_SETTINGS, ...env.overrides }, env);
    expect(result.fatal?.variable).toBe('PARLEY_VOICE');
    const protocolOnly = parseEnvConfig({ PARLEY_REALTIME_PROTOCOL: 'v1' });
    const stored = { ...DEFAULT_SETTINGS, voice: 'marin', ...protocolOnly.overrides };
    expect(checkStartupSettings(stored, protocolOnly).fatal?.variable).toBe(
      'PARLEY_REALTIME_PROTOCOL',
    );
  });

  it('names the variable to fix for a command delegate without a command', () => {
    const env = parseEnvConfig({ PARLEY_DELEGATE: 'command' });
    const result = checkStartupSettings({ ...DEFAULT_SETTINGS, ...env.overrides }, env);
    expect(result.fatal?.variable).toBe('PARLEY_DELEGATE');
    expect(result.fatal?.message).toMatch(/PARLEY_DELEGATE=command: .*PARLEY_DELEGATE_COMMAND/);
  });

  it('lists every problem, each with its field', () => {
    const problems = settingsProblems({
      ...DEFAULT_SETTINGS,
      protocol: 'v1',
      voice: 'marin',
      delegate: 'command',
      realtimeUrl: 'ftp://x',
    });
    expect(problems.map((p) => p.field).sort()).toEqual([
      'delegateCommand',
      'realtimeUrl',
      'voice',
    ]);
  });

  it('only warns when settings.json alone is at fault', () => {
    const env = parseEnvConfig({});
    const result = checkStartupSettings(
      { ...DEFAULT_SETTINGS, protocol: 'v1', voice: 'marin' },
      env,
    );
    expect(result.fatal).toBeNull();
    expect(result.warning).toMatch(/marin/);
  });
});
