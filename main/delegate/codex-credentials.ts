import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isJsonObject, parseJson } from '../base/json';

type Environment = Record<string, string | undefined>;

/** Where the Codex CLI would find what it needs to answer, or null when it has nothing. */
export type CodexCredentials = { found: true; via: string } | { found: false };

/** Variables the Codex CLI takes an API key or access token from. */
const CREDENTIAL_VARIABLES = ['CODEX_API_KEY', 'OPENAI_API_KEY', 'CODEX_ACCESS_TOKEN'];
/** Fields of `auth.json` that say when, not who: a file with only these holds no login. */
const BOOKKEEPING_FIELDS = new Set(['auth_mode', 'last_refresh']);

/** `CODEX_HOME`, else `~/.codex`: where the Codex CLI keeps its config and its login. */
export function codexHome(env: Environment): string {
  return env.CODEX_HOME || join(env.HOME || homedir(), '.codex');
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The top-level `key = "value"` settings of config.toml (those before its first table). */
function topLevelSetting(toml: string, key: string): string | null {
  const head = toml.split(/^\s*\[/m)[0] ?? '';
  const match = new RegExp(`^\\s*${key}\\s*=\\s*["']([^"'\\n]*)["']`, 'm').exec(head);
  return match?.[1] ?? null;
}

/** Whether `auth.json` holds a login (tokens or an API key), not just an empty record. */
function holdsLogin(text: string): boolean {
  const parsed = parseJson(text);
  if (!parsed.ok || !isJsonObject(parsed.value)) return false;
  return Object.entries(parsed.value).some(
    ([field, value]) => !BOOKKEEPING_FIELDS.has(field) && value !== null && value !== '',
  );
}

/**
 * What the Codex CLI would answer with, looked for the way it looks (`env` is the environment
 * it runs with): a key or token variable; a model provider of the user's own in config.toml
 * (Codex then needs no OpenAI login); a login kept in the OS keyring, which cannot be read from
 * here and is trusted; or a login in `auth.json` under `CODEX_HOME` (default `~/.codex`).
 */
export function findCodexCredentials(env: Environment): CodexCredentials {
  const variable = CREDENTIAL_VARIABLES.find((name) => (env[name] ?? '').trim() !== '');
  if (variable) return { found: true, via: variable };
  const home = codexHome(env);
  const config = readText(join(home, 'config.toml')) ?? '';
  const provider = topLevelSetting(config, 'model_provider');
  if (provider && provider !== 'openai') return { found: true, via: `model provider ${provider}` };
  const store = topLevelSetting(config, 'cli_auth_credentials_store');
  if (store === 'keyring' || store === 'auto') return { found: true, via: `${store} login store` };
  const auth = readText(join(home, 'auth.json'));
  if (auth !== null && holdsLogin(auth)) return { found: true, via: 'auth.json' };
  return { found: false };
}
