import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../../bench/seeded-random';
import { repoRoot } from '../../support/parley-process';
import { tempDir } from '../../support/history-builders';

const KILLS = 22;
const SEED = 0x5eed;
const CHILD = join(repoRoot, 'test', 'integration', 'store', 'history-crash-child.ts');
const NODE_FLAGS = [
  '--experimental-transform-types',
  '--disable-warning=ExperimentalWarning',
  '--import',
  join(repoRoot, 'bench', 'resolve-ts.ts'),
];

interface Committed {
  text: string;
  final: boolean;
}

interface Run {
  opened: { location: string; warnings: string[] } | null;
  batches: number;
  errors: unknown[];
  stderr: string;
}

/** Starts a writer child, kills it with SIGKILL `delayMs` after its first commit. */
function runUntilKilled(
  dataDir: string,
  run: number,
  delayMs: number,
  committed: Map<string, Committed>,
): Promise<Run> {
  const child = spawn(
    process.execPath,
    [...NODE_FLAGS, CHILD, dataDir, String(SEED + run), String(run)],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const result: Run = { opened: null, batches: 0, errors: [], stderr: '' };
  child.stderr.on('data', (chunk: Buffer) => (result.stderr += chunk.toString()));
  let timer: NodeJS.Timeout | null = null;
  // A line cut short by the kill is not a report: readline only yields complete lines.
  createInterface({ input: child.stdout }).on('line', (text) => {
    const record = JSON.parse(text) as {
      opened?: Run['opened'];
      batch?: number;
      entries?: [string, string, string, boolean][];
      error?: unknown;
    };
    if (record.opened) result.opened = record.opened;
    if (record.error) result.errors.push(record.error);
    if (record.batch === undefined) return;
    result.batches++;
    for (const [conversation, id, text, final] of record.entries ?? []) {
      committed.set(`${conversation}/${id}`, { text, final });
    }
    timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs);
  });
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`run ${run} never committed; stderr: ${result.stderr}`));
    }, 10_000);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL')
        reject(new Error(`run ${run} exited by itself (${code}): ${result.stderr}`));
      else resolve(result);
    });
  });
}

/** Opens the file as any SQLite client would and checks it and everything reported committed. */
function verify(
  path: string,
  committed: ReadonlyMap<string, Committed>,
): { missing: string[]; checked: number } {
  const db = new DatabaseSync(path);
  try {
    const integrity = db.prepare('PRAGMA integrity_check').all();
    expect(integrity).toEqual([{ integrity_check: 'ok' }]);
    db.exec(`INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)`);
    db.exec(`INSERT INTO tasks_fts (tasks_fts, rank) VALUES ('integrity-check', 1)`);
    const find = db.prepare(
      'SELECT text, final FROM entries WHERE conversation_id = ? AND entry_id = ?',
    );
    const missing: string[] = [];
    for (const [key, want] of committed) {
      const [conversation, id] = key.split('/');
      const row = find.get(conversation ?? '', id ?? '') as
        { text: string; final: number } | undefined;
      // Later commits may have grown the entry after the last one reported; never shrunk it.
      const intact = row && row.text.startsWith(want.text) && (!want.final || row.final === 1);
      if (!intact)
        missing.push(`${key}: want ${JSON.stringify(want)}, have ${JSON.stringify(row)}`);
    }
    return { missing, checked: committed.size };
  } finally {
    db.close();
  }
}

describe('history survives SIGKILL', () => {
  const { dir, remove } = tempDir('parley-crash-');
  afterAll(remove);

  it(`keeps every reported commit and opens cleanly after ${KILLS} kills at random points`, async () => {
    const random = createRandom(SEED);
    const committed = new Map<string, Committed>();
    let batches = 0;
    for (let run = 1; run <= KILLS; run++) {
      const delayMs = random.int(0, 250);
      const result = await runUntilKilled(dir, run, delayMs, committed);
      // The previous kill left nothing that the next open had to move aside.
      expect(result.opened, `run ${run}`).toEqual(
        expect.objectContaining({ location: 'file', warnings: [] }),
      );
      expect(result.errors, `run ${run}`).toEqual([]);
      batches += result.batches;
      const { missing, checked } = verify(join(dir, 'history.db'), committed);
      expect(missing, `after kill ${run} (${delayMs} ms after its first commit)`).toEqual([]);
      expect(checked).toBeGreaterThan(0);
    }
    // Most runs are killed after several commits, not just the first.
    expect(batches).toBeGreaterThan(KILLS);
  }, 60_000);
});
