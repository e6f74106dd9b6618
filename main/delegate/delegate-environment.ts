import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codexHome } from './codex-credentials';

type Environment = Record<string, string | undefined>;

/** Variables that carry Parley's own credentials. */
const PARLEY_KEY_VARIABLES = ['OPENAI_API_KEY'];

/**
 * The environment a command delegate runs with: the host's, minus Parley's secrets (the API key
 * variable, and any variable whose value holds a key Parley knows) unless the user opted in.
 */
export function commandEnvironment(
  env: Environment,
  options: { secrets: readonly string[]; inheritKey: boolean },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (!options.inheritKey && isSecret(name, value, options.secrets)) continue;
    out[name] = value;
  }
  return out;
}

function isSecret(name: string, value: string, secrets: readonly string[]): boolean {
  if (PARLEY_KEY_VARIABLES.includes(name)) return true;
  return secrets.some((secret) => secret.length >= 8 && value.includes(secret));
}

/** What the Codex CLI needs from the host: where it lives, how it reaches the network. */
const CODEX_VARIABLES = [
  /^(PATH|HOME|USER|LOGNAME|SHELL|LANG|TZ|TERM|TMPDIR|TMP|TEMP)$/,
  /^LC_/,
  /^XDG_/,
  /^CODEX_/,
  /^OPENAI_(API_KEY|BASE_URL|ORG_ID|PROJECT_ID)$/,
  /^(HTTPS?_PROXY|ALL_PROXY|NO_PROXY)$/i,
  /^(SSL_CERT_FILE|SSL_CERT_DIR|NODE_EXTRA_CA_CERTS)$/,
  /^(SystemRoot|SYSTEMROOT|ComSpec|PATHEXT|APPDATA|LOCALAPPDATA|USERPROFILE|HOMEDRIVE|HOMEPATH)$/,
];

/**
 * The environment of the Codex CLI: exactly what it needs — its home and paths, proxies and
 * certificates, its own OpenAI credentials, and the variables its configured model providers
 * name as `env_key` — and nothing else of the host's.
 */
export function codexEnvironment(env: Environment): Record<string, string> {
  const providerKeys = new Set(codexProviderKeys(env));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (providerKeys.has(name) || CODEX_VARIABLES.some((pattern) => pattern.test(name))) {
      out[name] = value;
    }
  }
  return out;
}

/** The `env_key` names of the model providers in Codex's config.toml, if it can be read. */
export function codexProviderKeys(env: Environment): string[] {
  const home = codexHome(env);
  let text: string;
  try {
    text = readFileSync(join(home, 'config.toml'), 'utf8');
  } catch {
    return [];
  }
  return [...text.matchAll(/^\s*env_key\s*=\s*["']([A-Za-z_][A-Za-z0-9_]*)["']/gm)].map(
    (match) => match[1]!,
  );
}
