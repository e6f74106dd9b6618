// `parley --toggle|--start|--stop|--mute` against a running `parley serve --headless`: the
// command goes through the control channel announced in the data dir.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, startParley } from '../support/parley-process';

function parleyCommand(dataDir: string, ...args: string[]) {
  return spawnSync(process.execPath, [join(repoRoot, 'bin', 'parley'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: dataDir, PARLEY_DATA_DIR: dataDir },
    timeout: 20_000,
  });
}

describe('remote commands for the browser host', () => {
  it('reach the running parley serve, and its control file goes when it stops', async () => {
    const parley = startParley(['--headless'], { PARLEY_TALK_MODE: 'toggle' });
    try {
      await parley.waitFor((r) => r.event === 'host.control_listening');
      const mute = parleyCommand(parley.dataDir, '--mute');
      expect(mute.stderr).toBe('');
      expect(mute.stdout).toBe('Parley: microphone off\n');
      expect(mute.status).toBe(0);
      expect(parleyCommand(parley.dataDir, '--mute').stdout).toBe('Parley: idle\n');
      expect(parleyCommand(parley.dataDir, '--start').stdout).toBe('Parley: talking\n');
      await parley.waitFor((r) => r.event === 'shell.remote_command' && r.command === 'start');
    } finally {
      expect(await parley.stop('SIGTERM')).toBe(0);
    }
    expect(existsSync(join(parley.dataDir, 'control.json'))).toBe(false);
  });

  it('with nothing running, says so and how to start Parley; exit 1', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-nobody-'));
    const result = parleyCommand(dataDir, '--toggle');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('No running Parley uses');
    expect(result.stderr).toContain('parley serve');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('two commands at once are refused with the reason; exit 2', () => {
    const result = parleyCommand(mkdtempSync(join(tmpdir(), 'parley-two-')), '--start', '--stop');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('pass one of them');
  });
});
