import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';

/** How often a history that keeps closing cleanly is checked anyway: a week. */
export const INTEGRITY_CHECK_EVERY_MS = 7 * 86_400_000;

const LAST_CHECK = 'integrity_checked_at';

/**
 * True when the previous run did not close the file: a clean close checkpoints the WAL and
 * removes it, so a non-empty `-wal` beside the file means a crash (or another live process).
 */
export function closedUncleanly(path: string): boolean {
  try {
    return statSync(`${path}-wal`).size > 0;
  } catch {
    return false;
  }
}

/** The marker that asks the next open to check the file (SQLite reported it damaged). */
export function checkMarker(path: string): string {
  return `${path}.check`;
}

/** Asks the next open of `path` to run the whole-file check; never throws. */
export function requestIntegrityCheck(path: string): void {
  try {
    writeFileSync(
      checkMarker(path),
      'SQLite reported this database damaged; check it at the next open.\n',
    );
  } catch {
    // A folder that cannot take the marker cannot take the database either.
  }
}

/** Whether a check was asked for; the marker is removed once a check has passed. */
export function integrityRequested(path: string): boolean {
  return existsSync(checkMarker(path));
}

/** Removes the request after a passed check. */
export function clearIntegrityRequest(path: string): void {
  rmSync(checkMarker(path), { force: true });
}

/**
 * Whether this open runs `integrity_check`, which reads the whole file (about 10 ms per MB):
 * after an unclean close or a damaged read or write (`uncleanClose`), on a file that never
 * recorded a check, and once `everyMs` has passed since the last one.
 */
export function integrityDue(
  db: DatabaseSync,
  options: { uncleanClose: boolean; now: number; everyMs: number },
): boolean {
  if (options.uncleanClose) return true;
  const last = lastCheck(db);
  return last === null || options.now - last >= options.everyMs;
}

/** First problem `integrity_check` reports, or null when it says ok. */
export function integrityProblem(db: DatabaseSync): string | null {
  const rows = db.prepare('PRAGMA integrity_check(1)').all() as Record<string, unknown>[];
  const first = rows[0] ? Object.values(rows[0])[0] : 'no answer';
  return first === 'ok' ? null : String(first);
}

/** Notes a passed check (the `meta` table exists from schema 4 on). */
export function recordIntegrityCheck(db: DatabaseSync, now: number): void {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(LAST_CHECK, String(now));
}

function lastCheck(db: DatabaseSync): number | null {
  const table = db
    .prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name = 'meta'`)
    .get() as { n: number } | undefined;
  if (!table?.n) return null;
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(LAST_CHECK) as
    { value: string } | undefined;
  const value = Number(row?.value);
  return Number.isFinite(value) && row ? value : null;
}
