import { afterEach, describe, expect, it } from 'vitest';
import { quietSqliteWarning } from '../../../main/base/quiet-warnings';

const original = process.emitWarning;

afterEach(() => {
  process.emitWarning = original;
});

describe('quietSqliteWarning', () => {
  it("drops node:sqlite's experimental warning and passes every other warning on", async () => {
    const seen: string[] = [];
    const listener = (warning: Error) => seen.push(warning.message);
    process.on('warning', listener);
    try {
      quietSqliteWarning();
      process.emitWarning(
        'SQLite is an experimental feature and might change at any time',
        'ExperimentalWarning',
      );
      process.emitWarning('WASI is an experimental feature', 'ExperimentalWarning');
      process.emitWarning(new Error('disk almost full'));
      // Warnings are delivered on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(seen).toEqual(['WASI is an experimental feature', 'disk almost full']);
    } finally {
      process.off('warning', listener);
    }
  });
});
