import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** npm scripts of the sample workspace. */
export const SAMPLE_SCRIPTS = {
  test: 'vitest run',
  build: 'tsc -p .',
  lint: 'eslint .',
  'test:unit': 'vitest run test/unit',
  typecheck: 'tsc --noEmit',
  dev: 'vite',
};

/** Makefile of the sample workspace: two real targets, a variable and a special target. */
export const SAMPLE_MAKEFILE = [
  'OUT := out',
  'deploy: build',
  '\t./deploy.sh',
  'clean:',
  '\trm -rf $(OUT)',
  '.PHONY: deploy clean',
  '',
].join('\n');

/** A temporary workspace with package.json scripts, a Makefile and a few top-level files. */
export function makeSampleWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-offline-ws-'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'sample', scripts: SAMPLE_SCRIPTS }, null, 2),
  );
  writeFileSync(join(dir, 'Makefile'), SAMPLE_MAKEFILE);
  writeFileSync(join(dir, 'README.md'), '# Sample\n\nA sample workspace.\n');
  writeFileSync(join(dir, 'notes.txt'), 'notes\n');
  writeFileSync(join(dir, '.env'), 'SECRET=1\n');
  return dir;
}
