import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/parley-process';
import { tempDir } from '../../support/history-builders';

const CHILD = join(repoRoot, 'test', 'integration', 'store', 'history-disk-child.ts');
const NODE_FLAGS = [
  '--experimental-transform-types',
  '--disable-warning=ExperimentalWarning',
  '--import',
  join(repoRoot, 'bench', 'resolve-ts.ts'),
];
// Mounts a private tmpfs of the given size on the data dir, then runs the rest of the line.
const MOUNT_THEN_RUN = 'mount -t tmpfs -o size="$1" tmpfs "$2" && shift 2 && exec "$@"';

type Line = Record<string, unknown>;

/**
 * Runs the child in a new user and mount namespace (`unshare -rm`), where it may mount a real
 * tmpfs without privileges outside it: a full disk gives a real ENOSPC, a read-only remount a
 * real EROFS, and the mount vanishes with the process.
 */
function runInTmpfs(
  scenario: 'full' | 'readonly',
  root: string,
): { lines: Line[]; outDir: string } {
  const dataDir = join(root, `${scenario}-data`);
  const outDir = join(root, `${scenario}-out`);
  mkdirSync(dataDir);
  const args = ['-rm', '--propagation', 'private', 'sh', '-c', MOUNT_THEN_RUN, 'sh', '2m', dataDir];
  const child = spawnSync(
    'unshare',
    [...args, process.execPath, ...NODE_FLAGS, CHILD, scenario, dataDir, outDir],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  if (child.error || child.status !== 0) {
    throw new Error(
      `The disk-fault test mounts a tmpfs in a private namespace with \`unshare -rm\` (Debian package ` +
        `util-linux; needs root or unprivileged user namespaces). It failed: ` +
        `${child.error?.message ?? `exit ${child.status}`}\n${child.stderr}`,
    );
  }
  return {
    lines: child.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line),
    outDir,
  };
}

/** Every entry reported committed, latest report per entry. */
function committedEntries(lines: readonly Line[]): Map<string, { text: string; final: boolean }> {
  const committed = new Map<string, { text: string; final: boolean }>();
  for (const line of lines) {
    for (const [conversation, id, text, final] of (line.committed ?? []) as [
      string,
      string,
      string,
      boolean,
    ][]) {
      committed.set(`${conversation}/${id}`, { text, final });
    }
  }
  return committed;
}

function expectAllSaved(
  path: string,
  committed: ReadonlyMap<string, { text: string; final: boolean }>,
): void {
  const db = new DatabaseSync(path);
  try {
    expect(db.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
    const find = db.prepare(
      'SELECT text, final FROM entries WHERE conversation_id = ? AND entry_id = ?',
    );
    const lost = [...committed].filter(([key, want]) => {
      const [conversation, id] = key.split('/');
      const row = find.get(conversation ?? '', id ?? '') as
        { text: string; final: number } | undefined;
      return !row || row.text !== want.text || row.final !== (want.final ? 1 : 0);
    });
    expect(lost).toEqual([]);
  } finally {
    db.close();
  }
}

describe('history on a failing disk (real tmpfs)', () => {
  const { dir, remove } = tempDir('parley-disk-');
  afterAll(remove);

  it('disk full: a clear error, nothing committed lost, and writing resumes once space returns', () => {
    const { lines, outDir } = runInTmpfs('full', dir);
    const phase = (name: string): number => lines.findIndex((l) => l.phase === name);
    const errors = lines
      .filter((l) => l.error)
      .map((l) => l.error as { tag: string; message: string });
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]?.tag).toBe('disk_full');
    expect(errors[0]?.message).toMatch(
      /^History could not be saved: the disk is full \(database or disk is full\)\. \d+ unsaved changes? (is|are) kept and retried; everything saved before is safe\.$/,
    );
    const full = lines[phase('full')]?.status as { writeError: string; pendingChanges: number };
    expect(full.writeError).toMatch(/disk is full/);
    expect(full.pendingChanges).toBeGreaterThan(0);
    const recovered = lines.findIndex((l) => l.recovered);
    expect(recovered).toBeGreaterThan(phase('freed'));
    // Commits before the disk filled, none while it was full, and more after it was freed.
    const commitsBetween = (from: number, to: number): number =>
      lines.slice(from, to).filter((l) => Array.isArray(l.committed)).length;
    expect(commitsBetween(0, phase('filling'))).toBeGreaterThan(0);
    expect(commitsBetween(lines.indexOf(lines.find((l) => l.error)!), phase('freed'))).toBe(0);
    expect(commitsBetween(phase('freed'), phase('done'))).toBeGreaterThan(0);
    expect(lines[phase('done')]?.unsaved).toBe(0);
    expectAllSaved(join(outDir, 'history.db'), committedEntries(lines));
  });

  it('read-only data dir: history runs in memory with a warning and the file is untouched', () => {
    const { lines, outDir } = runInTmpfs('readonly', dir);
    const opened = lines
      .filter((l) => l.opened)
      .map((l) => l.opened as { location: string; warnings: string[] });
    expect(opened).toHaveLength(2);
    for (const status of opened) {
      expect(status.location).toBe('memory');
      expect(status.warnings).toHaveLength(1);
      expect(status.warnings[0]).toMatch(
        /History cannot be saved: the data folder .* is read-only \(EROFS\)\. This run's history is kept in memory only/,
      );
    }
    expect(lines.filter((l) => l.memoryRead).map((l) => l.memoryRead)).toEqual([
      ['kept in memory'],
      ['kept in memory'],
    ]);
    const before = lines.find((l) => l.hashBefore)?.hashBefore;
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(lines.find((l) => l.hashAfter)?.hashAfter).toBe(before);
    // What was saved before the folder turned read-only is all there; the rest was in memory.
    const onDisk = new Map(
      [...committedEntries(lines)].filter(([key]) => key.startsWith('before/')),
    );
    expect(onDisk.size).toBeGreaterThan(0);
    expectAllSaved(join(outDir, 'history.db'), onDisk);
  });
});
