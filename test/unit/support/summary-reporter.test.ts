import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'reporter');

/** Runs vitest on the fixtures with the summary reporter; returns its closing line. */
function closingLine(files: string[]): string {
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--config',
      join(fixtures, 'vitest.config.ts'),
      '--reporter',
      join(root, 'test', 'support', 'summary-reporter.ts'),
      ...files,
    ],
    { cwd: fixtures, encoding: 'utf8', timeout: 60_000 },
  );
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  expect(run.status).not.toBe(0);
  return line;
}

describe('summary reporter', () => {
  it('counts the tests of a suite that failed in its setup as failed, not skipped', () => {
    expect(closingLine(['setup-fails.test.ts'])).toBe('0 passed, 2 failed, 0 skipped');
  });

  it('counts passed, failed and skipped tests as they are', () => {
    expect(closingLine(['mixed.test.ts'])).toBe('1 passed, 1 failed, 1 skipped');
  });
});
