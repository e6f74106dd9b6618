import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A cell of a printed table. */
export type Cell = string | number;

/** Formats `rows` under `headers` as an aligned plain-text table (numbers right-aligned). */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
): string {
  const text = rows.map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...text.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: readonly string[], numeric: readonly boolean[]): string =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const numeric = headers.map((_, i) => i > 0);
  return [
    line(headers, numeric),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...text.map((row) => line(row, numeric)),
  ].join('\n');
}

/**
 * Writes `data` as `bench/results/<name>-<YYYY-MM-DD>.json` (Infinity and NaN as strings) and
 * returns the path. Dated files are ignored by git, so a run never dirties a tracked file.
 */
export function writeResults(name: string, data: unknown, date = new Date()): string {
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const path = `${dir}${name}-${date.toISOString().slice(0, 10)}.json`;
  const finite = (_key: string, value: unknown): unknown =>
    typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
  writeFileSync(path, `${JSON.stringify(data, finite, 2)}\n`);
  return path;
}

/** The `q` quantile (0–1) of `values` by nearest rank; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** The arithmetic mean of `values`; NaN when empty. */
export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** `value` as a percentage with one decimal. */
export function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
