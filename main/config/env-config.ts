import { Protocol, type SettingsFields } from '../../preload/contract';

/** Start-up configuration read from the environment. */
export interface EnvConfig {
  /** Settings fields fixed by the environment; they override settings.json. */
  overrides: Partial<SettingsFields>;
  /** Field name → the variable that set it. */
  overriddenBy: Partial<Record<keyof SettingsFields, string>>;
  /** `OPENAI_API_KEY`, used when no key is stored. */
  apiKey: string | null;
  /** `PARLEY_DATA_DIR`, else null (the host picks the OS app-data folder). */
  dataDir: string | null;
  /** `PARLEY_PORT` for the browser host. */
  port: number;
}

/** A start-up configuration error that names the variable and what it accepts. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_PORT = 7717;

type Env = Record<string, string | undefined>;

const truthy = new Set(['1', 'true', 'yes', 'on']);
const falsy = new Set(['0', 'false', 'no', 'off']);

function oneOf<T extends string>(variable: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(
    variable,
    `${variable}="${value}" is not valid: use one of ${allowed.join(', ')}.`,
  );
}

function url(variable: string, value: string): string {
  // The settings schema caps the URL too; a longer override would make every settings view fail.
  text(variable, value, 2048);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(
      variable,
      `${variable}="${value}" is not a URL: use an http(s):// or ws(s):// URL such as https://api.openai.com/v1.`,
    );
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) {
    throw new ConfigError(
      variable,
      `${variable}="${value}" has the scheme "${parsed.protocol}": use http, https, ws or wss.`,
    );
  }
  return value;
}

function flag(variable: string, value: string): boolean {
  const v = value.toLowerCase();
  if (truthy.has(v)) return true;
  if (falsy.has(v)) return false;
  throw new ConfigError(variable, `${variable}="${value}" is not valid: use 1 or 0.`);
}

function port(variable: string, value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new ConfigError(
      variable,
      `${variable}="${value}" is not a port: use a number from 0 to 65535 (0 picks a free port).`,
    );
  }
  return Number(value);
}

function text(variable: string, value: string, max: number): string {
  if (value.length > max) {
    throw new ConfigError(variable, `${variable} is too long: at most ${max} characters.`);
  }
  return value;
}

/**
 * Parse the `PARLEY_*` variables. Empty values count as unset. Throws {@link ConfigError} for
 * the first invalid one.
 */
export function parseEnvConfig(env: Env): EnvConfig {
  const config: EnvConfig = {
    overrides: {},
    overriddenBy: {},
    apiKey: null,
    dataDir: null,
    port: DEFAULT_PORT,
  };
  const read = (name: string): string | null => {
    const value = env[name]?.trim();
    return value ? value : null;
  };
  const set = <K extends keyof SettingsFields>(
    variable: string,
    field: K,
    parse: (variable: string, value: string) => SettingsFields[K],
  ): void => {
    const value = read(variable);
    if (value === null) return;
    config.overrides[field] = parse(variable, value);
    config.overriddenBy[field] = variable;
  };

  set('PARLEY_REALTIME_URL', 'realtimeUrl', url);
  set('PARLEY_REALTIME_PROTOCOL', 'protocol', (v, s) =>
    oneOf(v, s.toLowerCase(), Protocol.options),
  );
  set('PARLEY_MODEL', 'model', (v, s) => text(v, s, 200));
  set('PARLEY_VOICE', 'voice', (v, s) => text(v, s.toLowerCase(), 100));
  set('PARLEY_DELEGATE', 'delegate', (v, s) => oneOf(v, s.toLowerCase(), ['codex', 'command']));
  set('PARLEY_DELEGATE_COMMAND', 'delegateCommand', (v, s) => text(v, s, 10_000));
  set('PARLEY_WORKSPACE', 'workspace', (v, s) => text(v, s, 4096));
  set('PARLEY_LISTEN_ON_START', 'listenOnStart', flag);
  set('PARLEY_TALK_MODE', 'talkMode', (v, s) =>
    oneOf(v, s.toLowerCase(), ['hands-free', 'hold', 'toggle', 'auto']),
  );

  config.apiKey = read('OPENAI_API_KEY');
  config.dataDir = read('PARLEY_DATA_DIR');
  const portValue = read('PARLEY_PORT');
  if (portValue !== null) config.port = port('PARLEY_PORT', portValue);
  return config;
}
