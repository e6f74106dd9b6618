import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  codexEnvironment,
  codexProviderKeys,
  commandEnvironment,
} from '../../../main/delegate/delegate-environment';

const host = {
  PATH: '/usr/bin',
  HOME: '/home/u',
  OPENAI_API_KEY: 'sk-env-key-0123456789',
  MY_TOOL_TOKEN: 'unrelated-token',
  COPY_OF_KEY: 'Bearer sk-stored-key-9876543210',
  AWS_PROFILE: 'dev',
  UNSET: undefined,
};

describe('commandEnvironment', () => {
  it('drops the key variable and any variable holding a key Parley knows', () => {
    const env = commandEnvironment(host, {
      secrets: ['sk-stored-key-9876543210'],
      inheritKey: false,
    });
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/u',
      MY_TOOL_TOKEN: 'unrelated-token',
      AWS_PROFILE: 'dev',
    });
  });

  it('keeps everything when the user opted in', () => {
    const env = commandEnvironment(host, {
      secrets: ['sk-stored-key-9876543210'],
      inheritKey: true,
    });
    expect(env.OPENAI_API_KEY).toBe('sk-env-key-0123456789');
    expect(env.COPY_OF_KEY).toBe('Bearer sk-stored-key-9876543210');
  });
});

describe('codexEnvironment', () => {
  it('passes what Codex needs and nothing else of the host', () => {
    const env = codexEnvironment({ ...host, HOME: mkdtempSync(join(tmpdir(), 'codex-env-')) });
    expect(Object.keys(env).sort()).toEqual(['HOME', 'OPENAI_API_KEY', 'PATH']);
  });

  it('adds the env_key of each provider in config.toml', () => {
    const codexHome = mkdtempSync(join(tmpdir(), 'codex-home-'));
    writeFileSync(
      join(codexHome, 'config.toml'),
      '[model_providers.mock]\nenv_key = "MOCK_API_KEY"\n[model_providers.b]\n  env_key=\'B_KEY\'\n',
    );
    expect(codexProviderKeys({ CODEX_HOME: codexHome })).toEqual(['MOCK_API_KEY', 'B_KEY']);
    const env = codexEnvironment({ CODEX_HOME: codexHome, MOCK_API_KEY: 'm', B_KEY: 'b', X: '1' });
    expect(env).toEqual({ CODEX_HOME: codexHome, MOCK_API_KEY: 'm', B_KEY: 'b' });
  });
});
