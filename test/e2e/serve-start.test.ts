/**
 * The start command as a person runs it: `npm run serve` on a current build prints its URL
 * without rebuilding (the time is printed, not judged), receives SIGTERM itself through npm and
 * leaves no process behind, keeps the page address across restarts, rotates it on request, and
 * prints usage. On a Node older than 22.12 the `parley` command provisions Node 22 the way
 * .ci/run does and runs on it (npm is played by a recording script: no network).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStatus } from '../../bin/ensure-build.mjs';
import { repoRoot } from '../support/parley-process';

const URL_LINE = /Parley is running at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+))/;

interface Served {
  child: ChildProcess;
  url: string;
  port: number;
  token: string;
  ms: number;
  stderr: string[];
}

/** `npm run serve` (or another command) until it prints the URL. */
function serve(command: string, args: string[], env: Record<string, string>): Promise<Served> {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no URL within 30 s:\n${stderr.join('\n')}`)),
      30_000,
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = URL_LINE.exec(line);
      if (!match) return;
      clearTimeout(timer);
      const [, url, port, token] = match as unknown as [string, string, string, string];
      resolve({ child, url, port: Number(port), token, ms: performance.now() - started, stderr });
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${stderr.join('\n')}`)));
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** The pids of `pid`'s children, from /proc (field 4 of /proc/<pid>/stat is the parent). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

/** The process under `pid` (at any depth) running bin/parley: the host npm started. */
function hostUnder(pid: number): number | null {
  for (const child of childrenOf(pid)) {
    const args = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0');
    if (args.includes(join('bin', 'parley'))) return child;
    const deeper = hostUnder(child);
    if (deeper) return deeper;
  }
  return null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the start command', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-serve-'));

  beforeAll(() => {
    // "When the build is current": make it so, then the timed start must not build.
    if (!buildStatus(repoRoot).current) {
      execFileSync(
        process.execPath,
        [join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
        {
          cwd: repoRoot,
          stdio: 'ignore',
        },
      );
    }
    expect(buildStatus(repoRoot)).toEqual({ current: true, reason: null });
  });

  it('prints its URL without rebuilding, and stops with its child on SIGTERM to npm', async () => {
    const served = await serve('npm', ['run', 'serve'], {
      PARLEY_PORT: '0',
      PARLEY_DATA_DIR: dataDir,
    });
    console.log(`npm run serve printed its URL after ${Math.round(served.ms)} ms (current build)`);
    expect(served.stderr.join('\n')).not.toMatch(/building the app/);
    expect((await fetch(served.url)).status).toBe(200);
    // npm runs `sh -c "node bin/parley serve"`: the host is npm's grandchild.
    const host = hostUnder(served.child.pid!);
    expect(host).not.toBeNull();
    served.child.kill('SIGTERM');
    const ended = await exited(served.child);
    console.log(`npm ended with ${JSON.stringify(ended)}`);
    await expect.poll(() => alive(host!), { timeout: 5000 }).toBe(false);
    expect(served.stderr.join('\n')).not.toMatch(/\berror\b/i);
  });

  it('keeps the page address for the data dir across restarts, and --new-token replaces it', async () => {
    const first = await serve(process.execPath, ['bin/parley', 'serve'], {
      PARLEY_PORT: '0',
      PARLEY_DATA_DIR: dataDir,
    });
    first.child.kill('SIGTERM');
    await exited(first.child);
    const again = await serve(process.execPath, ['bin/parley', 'serve'], {
      PARLEY_PORT: String(first.port),
      PARLEY_DATA_DIR: dataDir,
    });
    expect(again.url).toBe(first.url);
    expect((await fetch(first.url)).status).toBe(200);
    again.child.kill('SIGTERM');
    await exited(again.child);
    const rotated = await serve(process.execPath, ['bin/parley', 'serve', '--new-token'], {
      PARLEY_PORT: String(first.port),
      PARLEY_DATA_DIR: dataDir,
    });
    expect(rotated.token).not.toBe(first.token);
    const old = await fetch(first.url);
    expect(old.status).toBe(403);
    expect(await old.text()).toContain('parley serve --new-token');
    rotated.child.kill('SIGTERM');
    await exited(rotated.child);
    expect(readFileSync(join(dataDir, 'browser-token'), 'utf8').trim()).toBe(rotated.token);
  });

  it.each([[['--help']], [['serve', '--help']], [['help']]])('parley %j prints usage', (args) => {
    const ran = spawnSync(process.execPath, ['bin/parley', ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(ran.status).toBe(0);
    expect(ran.stdout).toMatch(
      /^Usage: parley serve \[--headless\] \[--log-json\] \[--new-token\]/,
    );
    expect(ran.stdout).toContain('--new-token');
  });
});

describe('the start command on an older Node', () => {
  const oldNode = '/usr/bin/node';

  /** A cache dir and a PATH whose `npm` records its arguments and "installs" Node 22. */
  function fakeRegistry(npmExit = 0) {
    const cache = mkdtempSync(join(tmpdir(), 'parley-node-cache-'));
    const bin = mkdtempSync(join(tmpdir(), 'parley-fake-npm-'));
    const log = join(cache, 'npm-args');
    const ran = join(cache, 'node22-ran');
    writeFileSync(
      join(bin, 'npm'),
      `#!/bin/sh\necho "$@" >> ${log}\n[ ${npmExit} -eq 0 ] || exit ${npmExit}\n` +
        `mkdir -p "$4/node_modules/node/bin"\n` +
        `printf '#!/bin/sh\\necho ran >> ${ran}\\nexec ${process.execPath} "$@"\\n' > "$4/node_modules/node/bin/node"\n` +
        `chmod +x "$4/node_modules/node/bin/node"\n`,
    );
    chmodSync(join(bin, 'npm'), 0o755);
    return { cache, log, ran, PATH: `${bin}:/usr/bin:/bin` };
  }

  beforeAll(() => {
    const version = existsSync(oldNode)
      ? spawnSync(oldNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim()
      : '';
    const [major = 99, minor = 99] = version.split('.').map(Number);
    if (!(major < 22 || (major === 22 && minor < 12))) {
      throw new Error(
        `This test needs a Node older than 22.12 at ${oldNode} (found ${version || 'none'}): install Debian's nodejs package.`,
      );
    }
  });

  it('installs Node 22 exactly as .ci/run does, once, and runs on it', () => {
    const fake = fakeRegistry();
    const env = { PATH: fake.PATH, HOME: tmpdir(), PARLEY_NODE_CACHE: fake.cache };
    const first = spawnSync(oldNode, ['bin/parley', '--help'], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
    });
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^Usage: parley serve/);
    expect(first.stderr).toContain(`installing Node 22 into ${fake.cache} once`);
    expect(first.stderr).toContain(`npm install --no-save --prefix ${fake.cache} node@22`);
    expect(readFileSync(fake.log, 'utf8')).toBe(
      `install --no-save --prefix ${fake.cache} node@22\n`,
    );
    expect(readFileSync(fake.ran, 'utf8')).toBe('ran\n');
    const second = spawnSync(oldNode, ['bin/parley', '--help'], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
    });
    expect(second.status).toBe(0);
    expect(second.stderr).toBe('');
    expect(readFileSync(fake.log, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
    expect(readFileSync(fake.ran, 'utf8')).toBe('ran\nran\n');
  });

  it('says exactly what to run when the install fails', () => {
    const fake = fakeRegistry(1);
    const env = { PATH: fake.PATH, HOME: tmpdir(), PARLEY_NODE_CACHE: fake.cache };
    const ran = spawnSync(oldNode, ['bin/parley', 'serve'], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
    });
    expect(ran.status).toBe(2);
    expect(ran.stderr).toContain(
      'could not install Node 22 (npm exited with 1). Run it yourself, then try again:',
    );
    expect(ran.stderr).toContain(`parley: npm install --no-save --prefix ${fake.cache} node@22`);
  });
});
