/**
 * Runs inside a private mount namespace with `argv[3]` on a small tmpfs (see the test) and
 * boots the whole app there as `parley serve` does: `readonly` puts a broken settings.json on
 * a data dir remounted read-only; `full` fills the disk under a good one. Prints one JSON line
 * per step for the test to check.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { bootParley } from '../../../main/app/boot';

const [scenario, dataDir] = process.argv.slice(2);
if (!scenario || !dataDir) throw new Error('usage: settings-disk-child <readonly|full> <dataDir>');
const settingsPath = join(dataDir, 'settings.json');
const print = (record: unknown): void => void writeSync(1, `${JSON.stringify(record)}\n`);
const sha256 = (path: string): string =>
  createHash('sha256').update(readFileSync(path)).digest('hex');

async function boot() {
  const lines: string[] = [];
  const booted = await bootParley({
    host: 'browser',
    version: '0.0.0-test',
    environment: { PARLEY_DATA_DIR: dataDir, PATH: process.env.PATH ?? '' },
    logFormat: 'human',
    writeJson: (line) => lines.push(line),
    writeHuman: (line) => lines.push(line),
  });
  if (!booted.ok) throw new Error(booted.error.message);
  return { app: booted.value.app, lines };
}

function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (;;) writeSync(fd, Buffer.alloc(16 * 1024));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

async function readOnly(): Promise<void> {
  writeFileSync(settingsPath, '{"version": 1, "settings": {"talkMode": ');
  const before = sha256(settingsPath);
  execFileSync('mount', ['-o', 'remount,ro', dataDir!]);
  const { app, lines } = await boot();
  print({ booted: true, warnings: lines.filter((l) => l.includes(' warn ')) });
  print({ view: await app.handlers['settings.get'](undefined) });
  print({ update: await app.handlers['settings.update']({ talkMode: 'toggle' }) });
  print({
    unchanged: sha256(settingsPath) === before,
    keptAside: existsSync(`${settingsPath}.bad`),
  });
  await app.dispose();
}

async function diskFull(): Promise<void> {
  writeFileSync(settingsPath, JSON.stringify({ version: 1, settings: { talkMode: 'hold' } }));
  const before = sha256(settingsPath);
  const { app } = await boot();
  fillDisk(join(dataDir!, 'filler'));
  const patch = { talkMode: 'toggle', apiKey: 'sk-typed-while-full-0001' } as const;
  print({ update: await app.handlers['settings.update'](patch) });
  print({ view: await app.handlers['settings.get'](undefined) });
  print({
    unchanged: sha256(settingsPath) === before,
    keyStored: existsSync(join(dataDir!, 'api-key')),
  });
  rmSync(join(dataDir!, 'filler'));
  print({ retry: await app.handlers['settings.update'](patch) });
  print({ saved: JSON.parse(readFileSync(settingsPath, 'utf8')) as unknown });
  await app.dispose();
}

await (scenario === 'full' ? diskFull() : readOnly());
