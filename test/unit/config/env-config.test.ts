import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_PORT, parseEnvConfig } from '../../../main/config/env-config';
import { Protocol, TalkMode } from '../../../preload/schemas/settings';

/** The ConfigError thrown for `env`, or a failure when nothing is thrown. */
function configError(env: Record<string, string>): ConfigError {
  try {
    parseEnvConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`parseEnvConfig accepted ${JSON.stringify(env)}`);
}

describe('parseEnvConfig: defaults', () => {
  it('overrides nothing when no variable is set', () => {
    expect(parseEnvConfig({})).toEqual({
      overrides: {},
      overriddenBy: {},
      apiKey: null,
      dataDir: null,
      port: DEFAULT_PORT,
      delegateInheritsKey: false,
    });
    expect(DEFAULT_PORT).toBe(7717);
  });

  it('treats empty and blank values as unset', () => {
    const blank = Object.fromEntries(
      [
        'OPENAI_API_KEY',
        'PARLEY_REALTIME_URL',
        'PARLEY_REALTIME_PROTOCOL',
        'PARLEY_MODEL',
        'PARLEY_VOICE',
        'PARLEY_DELEGATE',
        'PARLEY_DELEGATE_COMMAND',
        'PARLEY_WORKSPACE',
        'PARLEY_DATA_DIR',
        'PARLEY_LISTEN_ON_START',
        'PARLEY_TALK_MODE',
        'PARLEY_PORT',
      ].map((name, i) => [name, i % 2 ? '' : '   ']),
    );
    expect(parseEnvConfig(blank)).toEqual(parseEnvConfig({}));
  });

  it('ignores unrelated variables', () => {
    expect(parseEnvConfig({ PARLEY_UNKNOWN: 'x', HOME: '/root' })).toEqual(parseEnvConfig({}));
  });
});

describe('parseEnvConfig: each variable', () => {
  it.each([
    ['PARLEY_REALTIME_URL', 'https://proxy.example/v1', 'realtimeUrl', 'https://proxy.example/v1'],
    ['PARLEY_REALTIME_URL', 'wss://host:8443/rt', 'realtimeUrl', 'wss://host:8443/rt'],
    ['PARLEY_REALTIME_URL', 'http://127.0.0.1:9000', 'realtimeUrl', 'http://127.0.0.1:9000'],
    ['PARLEY_REALTIME_URL', 'ws://localhost/x', 'realtimeUrl', 'ws://localhost/x'],
    ['PARLEY_REALTIME_PROTOCOL', 'v1', 'protocol', 'v1'],
    ['PARLEY_REALTIME_PROTOCOL', 'V2', 'protocol', 'v2'],
    ['PARLEY_MODEL', ' gpt-realtime ', 'model', 'gpt-realtime'],
    ['PARLEY_VOICE', 'Marin', 'voice', 'marin'],
    ['PARLEY_DELEGATE', 'command', 'delegate', 'command'],
    ['PARLEY_DELEGATE', 'CODEX', 'delegate', 'codex'],
    ['PARLEY_DELEGATE_COMMAND', 'my-agent --stdin', 'delegateCommand', 'my-agent --stdin'],
    ['PARLEY_WORKSPACE', '/home/u/src', 'workspace', '/home/u/src'],
    ['PARLEY_TALK_MODE', 'hands-free', 'talkMode', 'hands-free'],
    ['PARLEY_TALK_MODE', 'Hold', 'talkMode', 'hold'],
    ['PARLEY_TALK_MODE', 'toggle', 'talkMode', 'toggle'],
    ['PARLEY_TALK_MODE', 'auto', 'talkMode', 'auto'],
    ['PARLEY_HISTORY_DAYS', '30', 'historyDays', 30],
    ['PARLEY_HISTORY_DAYS', '3650', 'historyDays', 3650],
  ])('%s=%j sets %s', (variable, value, field, expected) => {
    const config = parseEnvConfig({ [variable]: value });
    expect(config.overrides).toEqual({ [field]: expected });
    expect(config.overriddenBy).toEqual({ [field]: variable });
  });

  it.each([
    ['1', true],
    ['0', false],
    ['true', true],
    ['FALSE', false],
    ['yes', true],
    ['no', false],
    ['on', true],
    ['off', false],
  ])('PARLEY_LISTEN_ON_START=%j is %s', (value, expected) => {
    expect(parseEnvConfig({ PARLEY_LISTEN_ON_START: value }).overrides).toEqual({
      listenOnStart: expected,
    });
  });

  it.each([
    ['1', true],
    ['off', false],
  ])('PARLEY_DELEGATE_INHERIT_KEY=%j opts command delegates in to the key: %s', (value, on) => {
    const config = parseEnvConfig({ PARLEY_DELEGATE_INHERIT_KEY: value });
    expect(config.delegateInheritsKey).toBe(on);
    expect(config.overrides).toEqual({});
  });

  it('refuses a PARLEY_DELEGATE_INHERIT_KEY that is not a flag', () => {
    expect(configError({ PARLEY_DELEGATE_INHERIT_KEY: 'maybe' }).variable).toBe(
      'PARLEY_DELEGATE_INHERIT_KEY',
    );
  });

  it('reads the key and data dir without making them overrides', () => {
    const config = parseEnvConfig({ OPENAI_API_KEY: ' sk-abc ', PARLEY_DATA_DIR: '/d' });
    expect(config.apiKey).toBe('sk-abc');
    expect(config.dataDir).toBe('/d');
    expect(config.overrides).toEqual({});
    expect(config.overriddenBy).toEqual({});
  });

  it.each([
    ['0', 0],
    ['1', 1],
    ['65535', 65535],
    ['8080', 8080],
  ])('PARLEY_PORT=%j is %d', (value, expected) => {
    expect(parseEnvConfig({ PARLEY_PORT: value }).port).toBe(expected);
  });

  it('combines several variables', () => {
    const config = parseEnvConfig({
      PARLEY_MODEL: 'm',
      PARLEY_TALK_MODE: 'hold',
      PARLEY_LISTEN_ON_START: '1',
    });
    expect(config.overrides).toEqual({ model: 'm', talkMode: 'hold', listenOnStart: true });
    expect(config.overriddenBy).toEqual({
      model: 'PARLEY_MODEL',
      talkMode: 'PARLEY_TALK_MODE',
      listenOnStart: 'PARLEY_LISTEN_ON_START',
    });
  });
});

describe('parseEnvConfig: bad values name the variable and what it accepts', () => {
  it.each([['65536'], ['99999'], ['abc'], ['-1'], ['80.5'], ['0x50'], ['123456'], ['1e3']])(
    'PARLEY_PORT=%j',
    (value) => {
      const error = configError({ PARLEY_PORT: value });
      expect(error.variable).toBe('PARLEY_PORT');
      expect(error.message).toContain(`PARLEY_PORT="${value}"`);
      expect(error.message).toMatch(/0 to 65535/);
    },
  );

  it.each(['0', '3651', '30d', '-5', '1.5', 'forever'])('PARLEY_HISTORY_DAYS=%j', (value) => {
    const error = configError({ PARLEY_HISTORY_DAYS: value });
    expect(error.variable).toBe('PARLEY_HISTORY_DAYS');
    expect(error.message).toContain(`PARLEY_HISTORY_DAYS="${value}"`);
  });

  it.each(['bogus', '2', 'y', 'enabled'])('PARLEY_LISTEN_ON_START=%j', (value) => {
    const error = configError({ PARLEY_LISTEN_ON_START: value });
    expect(error.variable).toBe('PARLEY_LISTEN_ON_START');
    expect(error.message).toContain(`PARLEY_LISTEN_ON_START="${value}"`);
    expect(error.message).toMatch(/1 or 0/);
  });

  it.each([
    ['PARLEY_REALTIME_PROTOCOL', 'v3', 'v1, v2, live'],
    ['PARLEY_DELEGATE', 'claude', 'codex, command'],
    ['PARLEY_TALK_MODE', 'handsfree', 'hands-free, hold, toggle, auto'],
  ])('%s=%j lists the allowed values', (variable, value, allowed) => {
    const error = configError({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toBe(`${variable}="${value}" is not valid: use one of ${allowed}.`);
  });

  it.each(['api.openai.com/v1', 'not a url', 'https://', '//host/x'])(
    'PARLEY_REALTIME_URL=%j is not a URL',
    (value) => {
      const error = configError({ PARLEY_REALTIME_URL: value });
      expect(error.variable).toBe('PARLEY_REALTIME_URL');
      expect(error.message).toMatch(/is not a URL: use an http\(s\):\/\/ or ws\(s\):\/\/ URL/);
    },
  );

  it.each(['ftp://host/x', 'file:///etc/passwd', 'javascript:alert(1)', 'data:,x'])(
    'PARLEY_REALTIME_URL=%j has a wrong scheme',
    (value) => {
      const error = configError({ PARLEY_REALTIME_URL: value });
      expect(error.variable).toBe('PARLEY_REALTIME_URL');
      expect(error.message).toMatch(/has the scheme ".+:": use http, https, ws or wss\./);
    },
  );

  it('refuses a realtime URL longer than the settings allow', () => {
    const error = configError({ PARLEY_REALTIME_URL: `https://h.example/${'a'.repeat(2100)}` });
    expect(error.variable).toBe('PARLEY_REALTIME_URL');
    expect(error.message).toMatch(/at most 2048/);
  });

  it.each([
    ['PARLEY_MODEL', 201],
    ['PARLEY_VOICE', 101],
    ['PARLEY_DELEGATE_COMMAND', 10_001],
    ['PARLEY_WORKSPACE', 4097],
  ])('%s longer than %d characters is refused', (variable, length) => {
    const error = configError({ [variable]: 'x'.repeat(length) });
    expect(error.variable).toBe(variable);
    expect(error.message).toBe(`${variable} is too long: at most ${length - 1} characters.`);
    expect(() => parseEnvConfig({ [variable]: 'x'.repeat(length - 1) })).not.toThrow();
  });

  it('checks each value with the settings schema itself (a NUL in the command)', () => {
    const error = configError({ PARLEY_DELEGATE_COMMAND: 'my-agent\0--rm' });
    expect(error.variable).toBe('PARLEY_DELEGATE_COMMAND');
    expect(error.message).toBe('PARLEY_DELEGATE_COMMAND: must not contain a NUL character.');
  });

  it('takes the allowed values from the contract schemas', () => {
    expect(configError({ PARLEY_REALTIME_PROTOCOL: 'x' }).message).toContain(
      Protocol.options.join(', '),
    );
    expect(configError({ PARLEY_TALK_MODE: 'x' }).message).toContain(TalkMode.options.join(', '));
  });

  it('reports the first bad variable even when a later one is fine', () => {
    expect(configError({ PARLEY_DELEGATE: 'x', PARLEY_PORT: '1' }).variable).toBe(
      'PARLEY_DELEGATE',
    );
  });
});
