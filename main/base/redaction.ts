/** What replaces a secret in everything that leaves main. */
export const REDACTED = '[redacted]';

// Key shapes: OpenAI keys (also as servers print them masked, `sk-proj-ab****wxyz`), realtime
// ephemeral secrets, and bearer tokens (base64 allowed; the scheme name is case-insensitive).
const SECRET_PATTERN =
  /\b(sk-[A-Za-z0-9_*-]{8,}|ek_[A-Za-z0-9_-]{8,}|Bearer\s+[A-Za-z0-9._~+/=-]{8,})/gi;
// The value of an `api-key` header or field (Azure's header, `"apiKey": "…"`, `api_key=…`).
const KEY_FIELD_PATTERN = /\b(api[-_]?key)(["']?\s*[:=]\s*["']?)([A-Za-z0-9._~+/=*-]{8,})/gi;
/** Known secrets shorter than this are not replaced: they would match ordinary words. */
const MIN_KNOWN_SECRET = 4;

/** Replace anything that looks like an API key, and the known keys themselves, with a marker. */
export function redact(text: string, knownSecrets: readonly string[] = []): string {
  let out = text
    .replace(SECRET_PATTERN, REDACTED)
    .replace(KEY_FIELD_PATTERN, (_match, name: string, sep: string) => `${name}${sep}${REDACTED}`);
  for (const secret of knownSecrets) {
    if (secret.length < MIN_KNOWN_SECRET) continue;
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    // The same secret as it appears inside JSON text (a log line, an echoed request body).
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join(REDACTED);
  }
  return out;
}

/** Nesting deeper than this is not a value main sends anywhere: a cycle or a bug. */
const MAX_DEPTH = 64;

/**
 * Character counts into a sibling text field (`{ heardChars: 'text' }`): after redaction the
 * count is redone on the redacted text, so it still marks the same words.
 */
export type TextOffsets = Readonly<Record<string, string>>;

/**
 * `value` with every string in it (object keys included) passed through `text`; arrays and
 * plain objects are walked, anything else is kept. Unchanged parts keep their identity, so a
 * value with nothing to hide is returned as it is.
 */
export function redactValue<T>(
  value: T,
  text: (s: string) => string,
  offsets: TextOffsets = {},
): T {
  return walk(value, { text, offsets }, 0) as T;
}

interface Walk {
  text: (s: string) => string;
  offsets: TextOffsets;
}

function walk(value: unknown, how: Walk, depth: number): unknown {
  if (typeof value === 'string') return how.text(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) throw new RangeError(`redactValue: nested deeper than ${MAX_DEPTH}`);
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((item, i) => {
      const next = walk(item, how, depth + 1);
      if (next !== item) (copy ??= [...value])[i] = next;
    });
    return copy ?? value;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const source = value as Record<string, unknown>;
  let changed = false;
  const entries = Object.entries(source).map(([key, item]) => {
    const k = how.text(key);
    let v = walk(item, how, depth + 1);
    const counted = Object.hasOwn(how.offsets, key) ? source[how.offsets[key]!] : undefined;
    if (typeof v === 'number' && typeof counted === 'string') {
      v = Math.min(how.text(counted.slice(0, v)).length, how.text(counted).length);
    }
    if (k !== key || v !== item) changed = true;
    return [k, v] as const;
  });
  // fromEntries defines own keys: a key named `__proto__` stays a key, never a prototype.
  return changed ? Object.fromEntries(entries) : value;
}

/** The one redaction of what leaves main: logs, renderer events, invoke results, exports. */
export interface Redactor {
  /** One text, key-shaped strings and known keys replaced. */
  text(text: string): string;
  /** Any JSON-like value, every string in it redacted (see {@link redactValue}). */
  value<T>(value: T): T;
}

/** A redactor over the keys known at each call (keys are learned while the app runs). */
export function createRedactor(
  secrets: () => readonly string[] = () => [],
  offsets: TextOffsets = {},
): Redactor {
  return {
    text: (s) => redact(s, secrets()),
    value: (value) => {
      const known = secrets();
      return redactValue(value, (s) => redact(s, known), offsets);
    },
  };
}

const SECRET_QUERY_KEYS =
  /^(api[-_]?key|key|token|access[-_]?token|auth|authorization|sig|signature)$/i;

/** A URL fit for a log: values of secret-looking query parameters replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const key of [...parsed.searchParams.keys()]) {
      if (SECRET_QUERY_KEYS.test(key)) parsed.searchParams.set(key, REDACTED);
    }
    return parsed.toString();
  } catch {
    return redact(url);
  }
}
