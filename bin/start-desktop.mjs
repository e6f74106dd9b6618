#!/usr/bin/env node
// `npm start`: builds and runs the desktop app (electron-vite preview). Electron fetches its
// binary lazily, so on a machine without it this says what is missing and how to get it,
// instead of electron-vite's "Electron uninstall" stack trace. Arguments go to electron-vite;
// those after `--` go to Parley (`npm start -- -- --hidden`).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** @typedef {{ path: string | null, found: boolean, missingPackage?: boolean }} ElectronBinary */

/**
 * Where electron-vite will look for the Electron binary, and whether it is there.
 * @returns {ElectronBinary}
 */
export function findElectronBinary(env = process.env) {
  if (env.ELECTRON_EXEC_PATH) {
    return { path: env.ELECTRON_EXEC_PATH, found: existsSync(env.ELECTRON_EXEC_PATH) };
  }
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { path: null, found: false, missingPackage: true };
  }
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const path = join(packageDir, 'dist', executable || 'electron');
  return { path, found: executable !== '' && existsSync(path) };
}

/**
 * The message for a machine without the binary.
 * @param {ElectronBinary} binary
 */
export function missingElectronMessage(binary) {
  const path = binary.path ?? '';
  const what =
    binary.missingPackage || !path
      ? 'the `electron` package is not installed (run `npm ci`)'
      : `the Electron binary is missing (${path.startsWith(root) ? relative(root, path) : path})`;
  return [
    `parley: the desktop app cannot start: ${what}.`,
    '  Get Electron with `npx electron --version`: it downloads the binary where the network allows.',
    '  Meanwhile `npm run serve` runs Parley in your browser (no tray or global talk key there).',
    '',
  ].join('\n');
}

function main() {
  const binary = findElectronBinary();
  if (!binary.found || !binary.path) {
    process.stderr.write(missingElectronMessage(binary));
    process.exit(1);
  }
  const cli = join(
    dirname(require.resolve('electron-vite/package.json')),
    'bin',
    'electron-vite.js',
  );
  const child = spawn(process.execPath, [cli, 'preview', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_EXEC_PATH: binary.path },
  });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('close', (/** @type {number | null} */ code, /** @type {string | null} */ signal) =>
    process.exit(code ?? (signal ? 1 : 0)),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
