import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/** Counts of a finished run, as the closing line states them. */
export interface RunCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * Counts a run honestly: a test that did not pass counts as failed when its file failed (a
 * `beforeAll` that threw, an import that broke), as skipped only when it was really skipped; a
 * file that failed with no test to blame counts once as failed, and so does each unhandled error.
 */
export function countRun(
  modules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<unknown> = [],
): RunCounts {
  const counts = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
  for (const module of modules) {
    // Errors of the file itself (not of one test): setup, hooks, imports.
    const moduleFailed = module.state() === 'failed' && module.errors().length > 0;
    let blamed = false;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') counts.passed++;
      else if (state === 'failed' || moduleFailed) {
        counts.failed++;
        blamed = true;
      } else counts.skipped++;
    }
    if (moduleFailed && !blamed) counts.failed++;
  }
  return counts;
}

/**
 * Prints the plain closing line `N passed, N failed, N skipped` so CI logs state the count
 * in a form any reader can check.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
  ): void {
    const { passed, failed, skipped } = countRun(testModules, unhandledErrors);
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
