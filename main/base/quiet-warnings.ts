/**
 * Node's "SQLite is an experimental feature" warning, printed when the history database first
 * opens, tells a person running Parley nothing they can act on: it is dropped. Every other
 * warning is printed as usual.
 */
export function quietSqliteWarning(): void {
  const emit = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (text.startsWith('SQLite is an experimental feature')) return;
    (emit as (warning: string | Error, ...rest: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}
