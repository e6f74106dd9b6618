import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Name of the browser host's token file in the data dir (beside settings.json). */
export const TOKEN_FILE = 'browser-token';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32,128}$/;

/** A fresh random access token (URL-safe, 24 random bytes). */
export function createAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time comparison of a presented token with the expected one. */
export function tokenMatches(presented: string | null | undefined, expected: string): boolean {
  if (typeof presented !== 'string' || expected.length === 0) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The browser host's access token for a data dir: kept in a `0600` file beside settings.json,
 * so the page address survives a restart; made on first use, or anew when `rotate` is set (the
 * old address then stops working). A file that does not hold a token is replaced.
 */
export async function loadAccessToken(
  dataDir: string,
  options: { rotate?: boolean } = {},
): Promise<{ token: string; created: boolean; path: string }> {
  const path = join(dataDir, TOKEN_FILE);
  if (!options.rotate) {
    const existing = await readFile(path, 'utf8').then(
      (text) => text.trim(),
      () => null,
    );
    if (existing !== null && TOKEN_SHAPE.test(existing)) {
      await chmod(path, 0o600).catch(() => {});
      return { token: existing, created: false, path };
    }
  }
  const token = createAccessToken();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${token}\n`, { mode: 0o600 });
  await rename(temporary, path);
  return { token, created: true, path };
}
