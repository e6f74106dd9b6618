import { errorMessage } from '../../base/result';

/** Why a history write or open failed, in the terms the app shows a person. */
export type HistoryFailureTag =
  'disk_full' | 'read_only' | 'io' | 'busy' | 'corrupt' | 'cannot_open' | 'rejected';

/** A classified SQLite failure. */
export interface HistoryFailure {
  tag: HistoryFailureTag;
  /** Retrying later may succeed (space returns, the lock is released); `rejected` never does. */
  transient: boolean;
  /** SQLite's own words, e.g. "database or disk is full". */
  detail: string;
}

// Primary result codes (the low byte of an extended code).
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_NOMEM = 7;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_PROTOCOL = 15;
const SQLITE_NOTADB = 26;

const BY_CODE: ReadonlyMap<number, Omit<HistoryFailure, 'detail'>> = new Map([
  [SQLITE_FULL, { tag: 'disk_full', transient: true }],
  [SQLITE_READONLY, { tag: 'read_only', transient: true }],
  [SQLITE_IOERR, { tag: 'io', transient: true }],
  [SQLITE_NOMEM, { tag: 'io', transient: true }],
  [SQLITE_BUSY, { tag: 'busy', transient: true }],
  [SQLITE_LOCKED, { tag: 'busy', transient: true }],
  [SQLITE_PROTOCOL, { tag: 'busy', transient: true }],
  [SQLITE_CANTOPEN, { tag: 'cannot_open', transient: true }],
  [SQLITE_CORRUPT, { tag: 'corrupt', transient: true }],
  [SQLITE_NOTADB, { tag: 'corrupt', transient: true }],
]);

/** The SQLite result code node:sqlite attached to `error`, or null for any other error. */
export function sqliteCode(error: unknown): number | null {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' ? code & 0xff : null;
}

/**
 * Classifies what a statement threw. Resource failures (full disk, read-only file, I/O, lock)
 * are transient: the operation is kept and retried. Anything else (a constraint, a value
 * SQLite refuses, a bug) is `rejected`: retrying the same operation would fail forever.
 */
export function classifyFailure(error: unknown): HistoryFailure {
  const code = sqliteCode(error);
  const known = code === null ? undefined : BY_CODE.get(code);
  const detail = errorMessage(error);
  return known ? { ...known, detail } : { tag: 'rejected', transient: false, detail };
}

const WHAT: Record<HistoryFailureTag, string> = {
  disk_full: 'the disk is full',
  read_only: 'the database file or its folder is read-only',
  io: 'the disk reported an input/output error',
  busy: 'another program holds a lock on the database',
  corrupt: 'the database file is damaged',
  cannot_open: 'the database file cannot be opened',
  rejected: 'the database refused the change',
};

/** "the disk is full (database or disk is full)". */
export function describeFailure(failure: HistoryFailure): string {
  return `${WHAT[failure.tag]} (${failure.detail})`;
}
