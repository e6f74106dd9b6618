import { rmSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Clock } from '../main/base/clock';
import { openHistoryDatabase } from '../main/store/history/history-open';
import { HistorySearch } from '../main/store/history/history-search';
import { HistoryWriter } from '../main/store/history/history-writer';
import { formatTable, quantile, writeResults, type Cell } from './bench-report';
import { historyCorpus, type HistoryCorpus } from './history-corpus';
import { createRandom } from './seeded-random';

/**
 * The history database benchmark: write throughput of the real writer on 100,000 transcript
 * entries with the full-text index, against the same writes without it and one row per
 * transaction; then search latency on those entries, FTS5 against a `LIKE` scan, for common,
 * middling and rare words. Same run, same machine, reported as ratios.
 */
export const HISTORY_BENCH = {
  seed: 0x415707,
  entries: 100_000,
  batch: 256,
  singleRowSample: 3_000,
};
const QUERIES_PER_BUCKET = 40;
const SEARCH_LIMIT = 50;

// Timers never fire: the benchmark flushes at batch boundaries itself, so it times the writes only.
const manualClock: Clock = {
  now: () => performance.now(),
  setTimeout: () => 0,
  clearTimeout: () => {},
};

interface WriteRun {
  name: string;
  entries: number;
  seconds: number;
  entriesPerSecond: number;
  commitMs: { median: number; p95: number; max: number };
  fileBytes: number;
}

/** A fresh history file in a temp dir; `withoutFts` drops the index triggers (the peer). */
function freshDatabase(withoutFts: boolean): { db: DatabaseSync; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-history-'));
  const { db } = openHistoryDatabase({ dataDir: dir, now: Date.now });
  if (withoutFts) {
    for (const t of ['entries_fts_insert', 'entries_fts_delete', 'entries_fts_update'])
      db.exec(`DROP TRIGGER ${t}`);
  }
  return { db, dir };
}

function writeRun(
  name: string,
  corpus: HistoryCorpus,
  count: number,
  batch: number,
  withoutFts: boolean,
): WriteRun & { db: DatabaseSync; dir: string } {
  const { db, dir } = freshDatabase(withoutFts);
  const writer = new HistoryWriter({
    db,
    clock: manualClock,
    redact: (t) => t,
    maxBatchOps: batch,
  });
  const commits: number[] = [];
  writer.on('committed', ({ ms }) => commits.push(ms));
  const started = new Set<string>();
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const { conversationId, entry } = corpus.entries[i]!;
    if (!started.has(conversationId)) {
      started.add(conversationId);
      writer.conversationStarted({
        id: conversationId,
        startedAt: entry.at,
        protocol: 'v2',
        model: 'bench',
      });
    }
    writer.entry(conversationId, entry);
    if ((i + 1) % batch === 0) writer.flush();
  }
  writer.dispose();
  const seconds = (performance.now() - start) / 1_000;
  db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get();
  return {
    name,
    entries: count,
    seconds,
    entriesPerSecond: count / seconds,
    commitMs: {
      median: quantile(commits, 0.5),
      p95: quantile(commits, 0.95),
      max: Math.max(...commits),
    },
    fileBytes: statSync(join(dir, 'history.db')).size,
    db,
    dir,
  };
}

type Bucket = 'common' | 'middling' | 'rare';
const BUCKETS: Record<Bucket, [number, number]> = {
  common: [0, 50],
  middling: [50, 2_000],
  rare: [2_000, 20_000],
};

interface SearchRun {
  bucket: Bucket;
  ftsMs: { median: number; p95: number };
  likeMs: { median: number; p95: number };
  meanHits: number;
}

function timeQueries(
  words: readonly string[],
  run: (word: string) => number,
): { ms: number[]; hits: number[] } {
  const ms: number[] = [];
  const hits: number[] = [];
  for (const word of words) {
    const start = performance.now();
    hits.push(run(word));
    ms.push(performance.now() - start);
  }
  return { ms, hits };
}

function searchRuns(db: DatabaseSync, corpus: HistoryCorpus): SearchRun[] {
  const fts = new HistorySearch(db);
  // The peer: what a history without an index would do — scan, match, newest first.
  const like: StatementSync = db.prepare(
    `SELECT conversation_id, entry_id, text FROM entries WHERE text LIKE ? ORDER BY at DESC LIMIT ?`,
  );
  const random = createRandom(HISTORY_BENCH.seed + 1);
  fts.search('warmup');
  like.all('%warmup%', SEARCH_LIMIT);
  return (Object.keys(BUCKETS) as Bucket[]).map((bucket) => {
    const [from, to] = BUCKETS[bucket];
    const words = Array.from(
      { length: QUERIES_PER_BUCKET },
      () => corpus.vocabulary[random.int(from, to - 1)]!,
    );
    const f = timeQueries(words, (w) => fts.search(w, SEARCH_LIMIT).length);
    const l = timeQueries(words, (w) => like.all(`%${w}%`, SEARCH_LIMIT).length);
    return {
      bucket,
      ftsMs: { median: quantile(f.ms, 0.5), p95: quantile(f.ms, 0.95) },
      likeMs: { median: quantile(l.ms, 0.5), p95: quantile(l.ms, 0.95) },
      meanHits: f.hits.reduce((a, b) => a + b, 0) / f.hits.length,
    };
  });
}

/** Opening the 100,000-entry file (closed cleanly) with the whole-file check and without it. */
function timeOpens(dir: string): { checkedMs: number; uncheckedMs: number } {
  const time = (check: 'always' | 'when_due'): number => {
    const start = performance.now();
    const opened = openHistoryDatabase({ dataDir: dir, now: Date.now, check });
    const ms = performance.now() - start;
    opened.db.close();
    return ms;
  };
  const checkedMs = time('always');
  return { checkedMs, uncheckedMs: time('when_due') };
}

/** Runs the benchmark, prints its tables and writes a dated `bench/results/history-<time>.json`. */
export function runHistory(): void {
  const { seed, entries, batch, singleRowSample } = HISTORY_BENCH;
  const corpus = historyCorpus(seed, entries);
  const runs = [
    writeRun(`writer, batches of ${batch}, FTS`, corpus, entries, batch, false),
    writeRun(`writer, batches of ${batch}, no FTS`, corpus, entries, batch, true),
    writeRun('one row per transaction, FTS', corpus, singleRowSample, 1, false),
  ];
  const [main] = runs;
  if (!main) return;
  const search = searchRuns(main.db, corpus);
  main.db.close();
  const opens = timeOpens(main.dir);
  for (const run of runs) {
    if (run !== main) run.db.close();
    rmSync(run.dir, { recursive: true, force: true });
  }
  printTables(runs, search, opens);
  const path = writeResults('history', {
    benchmark: 'history',
    config: {
      ...HISTORY_BENCH,
      queriesPerBucket: QUERIES_PER_BUCKET,
      searchLimit: SEARCH_LIMIT,
      buckets: BUCKETS,
    },
    writes: runs.map(({ db: _db, dir: _dir, ...run }) => ({
      ...run,
      ratioVsWriter: run.entriesPerSecond / main.entriesPerSecond,
    })),
    search: search.map((s) => ({ ...s, likeOverFtsMedian: s.likeMs.median / s.ftsMs.median })),
    opens: { entries, ...opens },
  });
  console.log(`\nwrote ${path}`);
}

function printTables(
  runs: readonly WriteRun[],
  search: readonly SearchRun[],
  opens: { checkedMs: number; uncheckedMs: number },
): void {
  const main = runs[0]!;
  console.log(
    `\nHistory writes — ${HISTORY_BENCH.entries.toLocaleString('en')} transcript entries (Zipf vocabulary), WAL, synchronous=NORMAL\n`,
  );
  const writeRows = runs.map((r): Cell[] => [
    r.name,
    r.entries,
    Math.round(r.entriesPerSecond),
    (r.entriesPerSecond / main.entriesPerSecond).toFixed(2),
    r.commitMs.median.toFixed(2),
    r.commitMs.p95.toFixed(2),
    r.commitMs.max.toFixed(1),
    (r.fileBytes / 1_048_576).toFixed(1),
  ]);
  console.log(
    formatTable(
      ['variant', 'entries', 'entries/s', '×writer', 'commit ms median', 'p95', 'max', 'file MiB'],
      writeRows,
    ),
  );
  console.log(
    `\nSearch — ${QUERIES_PER_BUCKET} one-word queries per bucket, top ${SEARCH_LIMIT}, on the FTS database\n`,
  );
  const searchRows = search.map((s): Cell[] => [
    s.bucket,
    s.meanHits.toFixed(1),
    s.ftsMs.median.toFixed(2),
    s.ftsMs.p95.toFixed(2),
    s.likeMs.median.toFixed(2),
    s.likeMs.p95.toFixed(2),
    (s.likeMs.median / s.ftsMs.median).toFixed(1),
  ]);
  console.log(
    formatTable(
      ['words', 'hits', 'FTS ms median', 'FTS p95', 'LIKE ms median', 'LIKE p95', 'LIKE/FTS'],
      searchRows,
    ),
  );
  const entries = HISTORY_BENCH.entries.toLocaleString('en');
  console.log(
    `\nOpening the ${entries}-entry file: ${opens.checkedMs.toFixed(0)} ms with integrity_check, ` +
      `${opens.uncheckedMs.toFixed(0)} ms when the check is not due`,
  );
}
