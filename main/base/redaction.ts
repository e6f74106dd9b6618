// Bearer tokens may be base64 (`+/=`) and the scheme name is case-insensitive.
const SECRET_PATTERN = /\b(sk-[A-Za-z0-9_-]{8,}|Bearer\s+[A-Za-z0-9._~+/=-]{8,})/gi;

/** Replace anything that looks like an API key, and the known keys themselves, with a marker. */
export function redact(text: string, knownSecrets: readonly string[] = []): string {
  let out = text.replace(SECRET_PATTERN, '[redacted]');
  for (const secret of knownSecrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

const SECRET_QUERY_KEYS =
  /^(api[-_]?key|key|token|access[-_]?token|auth|authorization|sig|signature)$/i;

/** A URL fit for a log: values of secret-looking query parameters replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const key of [...parsed.searchParams.keys()]) {
      if (SECRET_QUERY_KEYS.test(key)) parsed.searchParams.set(key, '[redacted]');
    }
    return parsed.toString();
  } catch {
    return redact(url);
  }
}
