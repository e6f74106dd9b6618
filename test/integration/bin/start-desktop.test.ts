import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/parley-process';

const wrapper = join(repoRoot, 'bin', 'start-desktop.mjs');

function start(env: Record<string, string>, args: string[] = []) {
  return spawnSync(process.execPath, [wrapper, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
    timeout: 60_000,
  });
}

describe('npm start (bin/start-desktop.mjs)', () => {
  it('without the Electron binary: what is missing, how to get it, what works meanwhile; exit 1, no stack trace', () => {
    const missing = join(tmpdir(), 'no-electron-here', 'electron');
    const result = start({ ELECTRON_EXEC_PATH: missing });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        `parley: the desktop app cannot start: the Electron binary is missing (${missing}).`,
        '  Get Electron with `npx electron --version`: it downloads the binary where the network allows.',
        '  Meanwhile `npm run serve` runs Parley in your browser (no tray or global talk key there).',
        '',
      ].join('\n'),
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('with the binary: runs electron-vite preview, which starts Electron on the app with its arguments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-fake-electron-'));
    const seen = join(dir, 'argv.json');
    const fake = join(dir, 'electron');
    writeFileSync(
      fake,
      `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(seen)}, JSON.stringify(process.argv.slice(2)));\n`,
    );
    chmodSync(fake, 0o755);
    // --skipBuild: the suite's build is in out/ already; rebuilding it under running tests would race them.
    const result = start({ ELECTRON_EXEC_PATH: fake }, ['--skipBuild', '--', '--hidden']);
    expect(result.stderr).not.toContain('cannot start');
    expect(result.status).toBe(0);
    expect(JSON.parse(readFileSync(seen, 'utf8'))).toEqual(['.', '--hidden']);
  });
});
