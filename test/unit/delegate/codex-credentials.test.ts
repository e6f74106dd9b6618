import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codexHome, findCodexCredentials } from '../../../main/delegate/codex-credentials';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function emptyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-codex-cred-'));
  dirs.push(dir);
  return dir;
}

describe('whether Codex has anything to answer with', () => {
  it('an empty HOME and CODEX_HOME and no key variable: nothing', () => {
    expect(findCodexCredentials({ HOME: emptyDir(), CODEX_HOME: emptyDir() })).toEqual({
      found: false,
    });
    expect(findCodexCredentials({ HOME: emptyDir(), OPENAI_API_KEY: '  ' })).toEqual({
      found: false,
    });
  });

  it('a key or token variable counts', () => {
    const HOME = emptyDir();
    expect(findCodexCredentials({ HOME, OPENAI_API_KEY: 'sk-x' })).toEqual({
      found: true,
      via: 'OPENAI_API_KEY',
    });
    expect(findCodexCredentials({ HOME, CODEX_API_KEY: 'k' })).toMatchObject({
      via: 'CODEX_API_KEY',
    });
    expect(findCodexCredentials({ HOME, CODEX_ACCESS_TOKEN: 't' })).toMatchObject({ found: true });
  });

  it('a login in auth.json under CODEX_HOME, or under ~/.codex when CODEX_HOME is unset', () => {
    const home = emptyDir();
    writeFileSync(
      join(home, 'auth.json'),
      JSON.stringify({ OPENAI_API_KEY: null, tokens: { id_token: 'x' } }),
    );
    expect(findCodexCredentials({ CODEX_HOME: home })).toEqual({ found: true, via: 'auth.json' });

    const HOME = emptyDir();
    mkdirSync(join(HOME, '.codex'));
    expect(codexHome({ HOME })).toBe(join(HOME, '.codex'));
    writeFileSync(join(HOME, '.codex', 'auth.json'), JSON.stringify({ OPENAI_API_KEY: 'sk-y' }));
    expect(findCodexCredentials({ HOME })).toEqual({ found: true, via: 'auth.json' });
  });

  it('an auth.json with no login in it, or that is not JSON, is no login', () => {
    const home = emptyDir();
    writeFileSync(
      join(home, 'auth.json'),
      JSON.stringify({ OPENAI_API_KEY: null, last_refresh: '2025-01-01' }),
    );
    expect(findCodexCredentials({ CODEX_HOME: home })).toEqual({ found: false });
    writeFileSync(join(home, 'auth.json'), '{not json');
    expect(findCodexCredentials({ CODEX_HOME: home })).toEqual({ found: false });
  });

  it('a model provider of the user’s own, or a keyring login store, is trusted', () => {
    const home = emptyDir();
    writeFileSync(
      join(home, 'config.toml'),
      'model_provider = "ollama"\n[model_providers.ollama]\nname = "x"\n',
    );
    expect(findCodexCredentials({ CODEX_HOME: home })).toEqual({
      found: true,
      via: 'model provider ollama',
    });
    writeFileSync(
      join(home, 'config.toml'),
      'model_provider = "openai"\ncli_auth_credentials_store = "keyring"\n',
    );
    expect(findCodexCredentials({ CODEX_HOME: home })).toEqual({
      found: true,
      via: 'keyring login store',
    });
    // Only top-level settings count: a key inside a table is something else.
    writeFileSync(join(home, 'config.toml'), '[profiles.x]\nmodel_provider = "ollama"\n');
    expect(findCodexCredentials({ CODEX_HOME: home })).toEqual({ found: false });
  });
});
