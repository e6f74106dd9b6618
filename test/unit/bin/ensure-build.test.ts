import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStatus, newestFile, OUTPUTS, SOURCES } from '../../../bin/ensure-build.mjs';

/** A tree with the sources and a build, each file at the given mtime (seconds). */
function tree(sourceTime: number, buildTime: number): string {
  const root = mkdtempSync(join(tmpdir(), 'parley-build-'));
  const write = (path: string, time: number): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), 'x');
    utimesSync(join(root, path), time, time);
  };
  write('main/app/boot.ts', sourceTime);
  write('renderer/src/App.vue', sourceTime - 10);
  write('package.json', sourceTime - 20);
  write('main/.hidden/ignored.ts', sourceTime + 1000);
  write('renderer/node_modules/x/index.js', sourceTime + 1000);
  for (const output of OUTPUTS) write(output, buildTime);
  return root;
}

describe('buildStatus: build only when a source is newer than the build', () => {
  it('is current when every output is newer than every source', () => {
    expect(buildStatus(tree(1000, 2000))).toEqual({ current: true, reason: null });
  });

  it('names the changed source when one is newer', () => {
    expect(buildStatus(tree(3000, 2000))).toEqual({
      current: false,
      reason: 'main/app/boot.ts changed since the last build',
    });
  });

  it('names a missing output', () => {
    const root = tree(1000, 2000);
    const empty = mkdtempSync(join(tmpdir(), 'parley-build-'));
    expect(buildStatus(empty)).toEqual({ current: false, reason: 'out/main/host.js is missing' });
    expect(buildStatus(root).current).toBe(true);
  });

  it('walks the source folders, skipping dot folders and node_modules', () => {
    expect(newestFile(tree(5000, 1), SOURCES)).toEqual({
      path: 'main/app/boot.ts',
      mtimeMs: 5_000_000,
    });
  });
});
