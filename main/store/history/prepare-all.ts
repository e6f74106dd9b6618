import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** Every query of `sql` prepared once on `db`, under the same names. */
export function prepareAll<K extends string>(
  db: DatabaseSync,
  sql: Readonly<Record<K, string>>,
): Record<K, StatementSync> {
  const entries = Object.entries(sql) as [K, string][];
  return Object.fromEntries(entries.map(([name, text]) => [name, db.prepare(text)])) as Record<
    K,
    StatementSync
  >;
}
