import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
} from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { err, errorMessage, ok, type Result, type TaggedError } from '../../base/result';
import { migrate, schemaVersion, SCHEMA_VERSION } from './history-schema';
import {
  clearIntegrityRequest,
  closedUncleanly,
  integrityRequested,
  integrityDue,
  integrityProblem,
  INTEGRITY_CHECK_EVERY_MS,
  recordIntegrityCheck,
} from './integrity-check';
import { createSearchIndex, fts5Available, hasSearchIndex } from './search-index';
import { classifyFailure, describeFailure } from './sqlite-failure';

/**
 * node:sqlite, loaded on the first open: a process that never opens the history (`parley
 * --mute`, most tests) never loads it or sees its experimental-feature warning.
 */
function sqlite(): typeof import('node:sqlite') {
  return process.getBuiltinModule('node:sqlite');
}

/** The database file's name in the data dir. */
export const HISTORY_FILE = 'history.db';

/** Options of {@link openHistoryDatabase}. */
export interface OpenDatabaseOptions {
  dataDir: string;
  /** Wall-clock epoch ms, for the name of a file moved aside. */
  now: () => number;
  /** How long opening waits for another connection's lock. Default 2 s. */
  busyTimeoutMs?: number;
  /** `always` runs `integrity_check` at every open; default `when_due` (see `integrityDue`). */
  check?: 'always' | 'when_due';
  /** How long a cleanly closed history goes unchecked. Default a week. */
  checkEveryMs?: number;
  /** Build and use the full-text index. Default: when this runtime's SQLite has FTS5. */
  fullText?: boolean;
  /** Keep history in memory on purpose (tests, a host without a data dir): no file, no warning. */
  memory?: boolean;
}

/** An open history database and what the app should tell the user about it. */
export interface OpenedDatabase {
  db: DatabaseSync;
  /** `memory`: nothing is saved past this run. */
  location: 'file' | 'memory';
  path: string | null;
  /** Sentences the app shows (a file moved aside, history kept in memory only). */
  warnings: string[];
}

type OpenFailure = TaggedError<'locked' | 'corrupt' | 'unreadable' | 'newer' | 'needs_fts'>;

/**
 * Opens `<dataDir>/history.db` (WAL, foreign keys, migrated to the current schema). A file
 * that is locked, damaged or cannot be opened is moved aside as `history.db.bad-<time>` (with
 * its -wal and -shm) and a fresh database is started; when even that fails, or the file comes
 * from a newer version (or has a search index this SQLite cannot maintain), history is kept in
 * memory for this run. Never throws.
 */
export function openHistoryDatabase(options: OpenDatabaseOptions): OpenedDatabase {
  if (options.memory) return { ...inMemory('', options), warnings: [] };
  const path = join(options.dataDir, HISTORY_FILE);
  try {
    mkdirSync(options.dataDir, { recursive: true });
  } catch (error) {
    const reason = `${options.dataDir} cannot be created (${errorMessage(error)})`;
    return inMemory(`History cannot be saved: ${reason}.`, options);
  }
  try {
    // SQLite needs the folder itself for the -wal and -shm files beside the database.
    accessSync(options.dataDir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? errorMessage(error);
    const reason = `History cannot be saved: the data folder ${options.dataDir} is read-only (${code}).`;
    return inMemory(reason, options);
  }
  const first = openFile(path, options);
  if (first.ok) return withSearchNote({ db: first.value, location: 'file', path, warnings: [] });
  if (first.error.tag === 'newer' || first.error.tag === 'needs_fts') {
    return inMemory(`${first.error.message} It was left untouched.`, options);
  }
  const moved = moveAside(path, options.now());
  if (!moved.ok) {
    const reason = `${first.error.message} It could not be moved aside (${moved.error.message}).`;
    return inMemory(reason, options);
  }
  const fresh = openFile(path, options);
  if (!fresh.ok) {
    const before = moved.value ? `${first.error.message} It was moved to ${moved.value}. ` : '';
    return inMemory(`${before}A new history could not be started: ${fresh.error.message}`, options);
  }
  const warnings = moved.value
    ? [`${first.error.message} It was moved to ${moved.value} and a new history was started.`]
    : [];
  return withSearchNote({ db: fresh.value, location: 'file', path, warnings });
}

function inMemory(reason: string, options: OpenDatabaseOptions): OpenedDatabase {
  const db = new (sqlite().DatabaseSync)(':memory:');
  configure(db);
  migrate(db, { fullText: options.fullText });
  const warning = `${reason} This run's history is kept in memory only and is lost when Parley quits.`;
  return withSearchNote({ db, location: 'memory', path: null, warnings: [warning] });
}

/** Says so when search has to scan the text for want of the full-text index. */
function withSearchNote(opened: OpenedDatabase): OpenedDatabase {
  if (hasSearchIndex(opened.db)) return opened;
  const note =
    "History search is slower: this runtime's SQLite has no FTS5 module (Node 22.16 and " +
    'newer have it), so search scans the text.';
  return { ...opened, warnings: [...opened.warnings, note] };
}

function configure(db: DatabaseSync): void {
  // Only takes effect on a new, empty file: lets retention give pages back to the disk.
  db.exec('PRAGMA auto_vacuum = INCREMENTAL');
  db.prepare('PRAGMA journal_mode = WAL').get();
  // In WAL mode NORMAL survives a crash of the app (not of the machine) without a sync per commit.
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
}

function openFile(path: string, options: OpenDatabaseOptions): Result<DatabaseSync, OpenFailure> {
  // Checked before SQLite opens the file: closing a connection to a file that is not a
  // database deletes its -wal, and closing any connection rewrites the header.
  const header = readHeader(path);
  if (!header.ok) return header;
  if (header.value !== null && header.value > SCHEMA_VERSION) return newer(path, header.value);
  const uncleanClose = closedUncleanly(path) || integrityRequested(path);
  const now = options.now();
  const everyMs = options.checkEveryMs ?? INTEGRITY_CHECK_EVERY_MS;
  let db: DatabaseSync | null = null;
  try {
    db = new (sqlite().DatabaseSync)(path, { timeout: options.busyTimeoutMs ?? 2_000 });
    configure(db);
    const check = options.check === 'always' || integrityDue(db, { uncleanClose, now, everyMs });
    const problem = check ? integrityProblem(db) : null;
    if (problem) {
      db.close();
      return err('corrupt', `${path} is damaged (${problem}).`);
    }
    const version = schemaVersion(db);
    if (version > SCHEMA_VERSION) {
      db.close();
      return newer(path, version);
    }
    const fullText = options.fullText ?? fts5Available(db);
    if (!fullText && hasSearchIndex(db)) {
      db.close();
      const why = "this runtime's SQLite has no FTS5 module to keep its search index in step";
      return err('needs_fts', `${path} cannot be written here: ${why}.`);
    }
    migrate(db, { fullText });
    if (fullText && !hasSearchIndex(db)) addSearchIndex(db);
    // Proves the write lock can be taken now, not at the first entry of the conversation.
    db.exec('BEGIN IMMEDIATE');
    if (check) recordIntegrityCheck(db, now);
    db.exec('COMMIT');
    if (check) clearIntegrityRequest(path);
    return ok(db);
  } catch (error) {
    try {
      db?.close();
    } catch {
      // Already closed or never opened: nothing to release.
    }
    const failure = classifyFailure(error);
    const tag =
      failure.tag === 'busy' ? 'locked' : failure.tag === 'corrupt' ? 'corrupt' : 'unreadable';
    return err(tag, `${path} cannot be used: ${describeFailure(failure)}.`);
  }
}

/** Indexes a history that was written where FTS5 was missing. */
function addSearchIndex(db: DatabaseSync): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    createSearchIndex(db);
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function newer(path: string, version: number): Result<never, OpenFailure> {
  const versions = `history schema ${version}; this version reads ${SCHEMA_VERSION}`;
  return err('newer', `${path} was written by a newer Parley (${versions}).`);
}

const MAGIC = 'SQLite format 3\u0000';

/**
 * The `user_version` in the file's header; null for a missing or empty file (a new database).
 * A file without SQLite's header is damaged, one that cannot be read is unreadable.
 */
function readHeader(path: string): Result<number | null, OpenFailure> {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const header = Buffer.alloc(100);
    const read = readSync(fd, header, 0, header.length, 0);
    if (read === 0) return ok(null);
    if (read < header.length || header.toString('latin1', 0, 16) !== MAGIC) {
      return err(
        'corrupt',
        `${path} cannot be used: the database file is damaged (file is not a database).`,
      );
    }
    return ok(header.readUInt32BE(60));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(null);
    return err(
      'unreadable',
      `${path} cannot be used: the database file cannot be opened (${errorMessage(error)}).`,
    );
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Renames `path` and its -wal and -shm to `<path>.bad-<time>` (a stale -wal beside a new file
 * would be replayed into it). The new name, or null when there was no file to move.
 */
function moveAside(path: string, now: number): Result<string | null, TaggedError<'move_failed'>> {
  if (!existsSync(path)) return ok(null);
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  let target = `${path}.bad-${stamp}`;
  for (let n = 2; existsSync(target); n++) target = `${path}.bad-${stamp}-${n}`;
  const moved: [from: string, to: string][] = [];
  try {
    for (const suffix of ['', '-wal', '-shm']) {
      if (!existsSync(path + suffix)) continue;
      renameSync(path + suffix, target + suffix);
      moved.push([path + suffix, target + suffix]);
    }
    return ok(target);
  } catch (error) {
    // All or nothing: a file without its -wal loses its last commits.
    for (const [from, to] of moved.reverse()) {
      try {
        renameSync(to, from);
      } catch {
        // Nothing more can be done; the error below says the move failed.
      }
    }
    return err('move_failed', errorMessage(error));
  }
}
