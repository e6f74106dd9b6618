// @ts-check
// A current build before `parley serve` runs: build (without type-checking: that is
// `npm run check`) only when a source is newer than the oldest build output.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runChild } from './run-child.mjs';

/** What the build reads, relative to the repo root (folders are walked). */
export const SOURCES = [
  'main',
  'preload',
  'renderer',
  'electron.vite.config.ts',
  'package.json',
  'package-lock.json',
];

/** What the build writes; all must exist and be newer than every source. */
export const HOST_ENTRY = 'out/main/host.js';
export const OUTPUTS = [
  HOST_ENTRY,
  'out/main/index.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
];

/**
 * The newest file under `paths` (relative to `root`), skipping dot files and node_modules.
 * @param {string} root
 * @param {string[]} paths
 * @returns {{ path: string, mtimeMs: number } | null}
 */
export function newestFile(root, paths) {
  /** @type {{ path: string, mtimeMs: number } | null} */
  let newest = null;
  const visit = (/** @type {string} */ path) => {
    let info;
    try {
      info = statSync(path);
    } catch {
      return;
    }
    if (info.isDirectory()) {
      for (const name of readdirSync(path)) {
        if (!name.startsWith('.') && name !== 'node_modules') visit(join(path, name));
      }
    } else if (!newest || info.mtimeMs > newest.mtimeMs) {
      newest = { path: relative(root, path), mtimeMs: info.mtimeMs };
    }
  };
  for (const path of paths) visit(join(root, path));
  return newest;
}

/**
 * Whether the build in `root/out` is current, and why not.
 * @param {string} root
 * @returns {{ current: boolean, reason: string | null }}
 */
export function buildStatus(root) {
  let oldest = Infinity;
  for (const output of OUTPUTS) {
    const path = join(root, output);
    if (!existsSync(path)) return { current: false, reason: `${output} is missing` };
    oldest = Math.min(oldest, statSync(path).mtimeMs);
  }
  const newest = newestFile(root, SOURCES);
  if (newest && newest.mtimeMs > oldest) {
    return { current: false, reason: `${newest.path} changed since the last build` };
  }
  return { current: true, reason: null };
}

/**
 * Build when the build is missing or older than the sources; sources absent (an installed
 * package) means the shipped build is used as it is.
 * @param {string} root
 */
export async function ensureBuild(root) {
  if (!existsSync(join(root, 'main')) && existsSync(join(root, HOST_ENTRY))) return;
  const status = buildStatus(root);
  if (status.current) return;
  const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const say = (/** @type {string} */ line) => process.stderr.write(`parley: ${line}\n`);
  if (!existsSync(cli)) {
    say(
      `the app needs building (${status.reason}), but its build tools are missing: run \`npm ci\` first.`,
    );
    process.exit(2);
  }
  say(`building the app (${status.reason})…`);
  const started = performance.now();
  // The build's output goes to stderr: stdout stays one JSON line per record with --log-json.
  const ended = await runChild(process.execPath, [cli, 'build'], {
    cwd: root,
    stdio: ['ignore', 2, 2],
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
  if (ended.code !== 0) {
    say(
      ended.signal ? `the build was stopped (${ended.signal}).` : 'the build failed (see above).',
    );
    process.exit(ended.code ?? 1);
  }
  say(`built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}
