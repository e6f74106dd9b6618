import {
  CodexSandbox,
  DelegateKind,
  Protocol,
  SETTINGS_LIMITS,
  SettingsFields,
  TalkMode,
  VoiceBackend,
} from '../../preload/schemas/settings';

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
  /** `PARLEY_DELEGATE_INHERIT_KEY=1`: command delegates see `OPENAI_API_KEY` too. */
  delegateInheritsKey: boolean;
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
type Parse = (variable: string, value: string) => unknown;

const truthy = new Set(['1', 'true', 'yes', 'on']);
const falsy = new Set(['0', 'false', 'no', 'off']);

/** A value of one of the schema's options (case-insensitive). */
const oneOf =
  (options: readonly string[]): Parse =>
  (variable, value) => {
    const lower = value.toLowerCase();
    if (options.includes(lower)) return lower;
    throw new ConfigError(
      variable,
      `${variable}="${value}" is not valid: use one of ${options.join(', ')}.`,
    );
  };

/** Text no longer than the settings accept. */
const text =
  (max: number, lowerCase = false): Parse =>
  (variable, value) => {
    if (value.length > max) {
      throw new ConfigError(variable, `${variable} is too long: at most ${max} characters.`);
    }
    return lowerCase ? value.toLowerCase() : value;
  };

const url: Parse = (variable, value) => {
  text(SETTINGS_LIMITS.realtimeUrl)(variable, value);
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
};

const flag: Parse = (variable, value) => {
  const v = value.toLowerCase();
  if (truthy.has(v)) return true;
  if (falsy.has(v)) return false;
  throw new ConfigError(variable, `${variable}="${value}" is not valid: use 1 or 0.`);
};

const days: Parse = (variable, value) => {
  if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > 3650) {
    throw new ConfigError(
      variable,
      `${variable}="${value}" is not a number of days: use 1 to 3650.`,
    );
  }
  return Number(value);
};

/** Each settings variable, the field it overrides, and how its text becomes a value. */
const SETTINGS_VARIABLES: readonly [string, keyof SettingsFields, Parse][] = [
  ['PARLEY_REALTIME_URL', 'realtimeUrl', url],
  ['PARLEY_REALTIME_PROTOCOL', 'protocol', oneOf(Protocol.options)],
  ['PARLEY_MODEL', 'model', text(SETTINGS_LIMITS.model)],
  ['PARLEY_VOICE', 'voice', text(SETTINGS_LIMITS.voice, true)],
  ['PARLEY_DELEGATE', 'delegate', oneOf(DelegateKind.options)],
  ['PARLEY_DELEGATE_COMMAND', 'delegateCommand', text(SETTINGS_LIMITS.delegateCommand)],
  ['PARLEY_WORKSPACE', 'workspace', text(SETTINGS_LIMITS.workspace)],
  ['PARLEY_CODEX_SANDBOX', 'codexSandbox', oneOf(CodexSandbox.options)],
  ['PARLEY_LISTEN_ON_START', 'listenOnStart', flag],
  ['PARLEY_TALK_MODE', 'talkMode', oneOf(TalkMode.options)],
  ['PARLEY_BACKEND', 'backend', oneOf(VoiceBackend.options)],
  ['PARLEY_HISTORY_DAYS', 'historyDays', days],
];

function port(variable: string, value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new ConfigError(
      variable,
      `${variable}="${value}" is not a port: use a number from 0 to 65535 (0 picks a free port).`,
    );
  }
  return Number(value);
}

/**
 * Parse the `PARLEY_*` variables; each settings value is checked by the same schema the
 * settings view uses. Empty values count as unset. Throws {@link ConfigError} for the first
 * invalid one.
 */
export function parseEnvConfig(env: Env): EnvConfig {
  const read = (name: string): string | null => env[name]?.trim() || null;
  const config: EnvConfig = {
    overrides: {},
    overriddenBy: {},
    apiKey: read('OPENAI_API_KEY'),
    dataDir: read('PARLEY_DATA_DIR'),
    port: DEFAULT_PORT,
    delegateInheritsKey: false,
  };
  for (const [variable, field, parse] of SETTINGS_VARIABLES) {
    const raw = read(variable);
    if (raw === null) continue;
    const checked = SettingsFields.shape[field].safeParse(parse(variable, raw));
    if (!checked.success) {
      const reason = checked.error.issues.map((issue) => issue.message).join('; ');
      throw new ConfigError(variable, `${variable}: ${reason}.`);
    }
    (config.overrides as Record<string, unknown>)[field] = checked.data;
    config.overriddenBy[field] = variable;
  }
  const inherit = read('PARLEY_DELEGATE_INHERIT_KEY');
  if (inherit !== null)
    config.delegateInheritsKey = flag('PARLEY_DELEGATE_INHERIT_KEY', inherit) as boolean;
  const portValue = read('PARLEY_PORT');
  if (portValue !== null) config.port = port('PARLEY_PORT', portValue);
  return config;
}
