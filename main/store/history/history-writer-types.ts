import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../base/clock';
import type { Logger } from '../../base/logger';
import type { HistoryOp } from './history-ops';
import type { Redact } from './history-redaction';
import type { HistoryFailure } from './sqlite-failure';
import type { RetryDelays } from './write-retry';

/** A write that failed: what happened, in words for the UI and the log. */
export interface HistoryWriteError {
  tag: HistoryFailure['tag'] | 'overflow';
  message: string;
  pendingChanges: number;
  droppedChanges: number;
}

/** Events of the {@link HistoryWriter}. */
export type HistoryWriterEvents = {
  /** A transaction committed: these operations (as written, redacted) are on disk. */
  committed: { batch: number; ops: readonly HistoryOp[]; ms: number };
  /** Writes started failing, failed differently, or a change had to be given up. */
  error: HistoryWriteError;
  /** Writes succeed again after failing. */
  recovered: { pendingChanges: number };
};

/** Construction options of {@link HistoryWriter}. */
export interface HistoryWriterOptions {
  db: DatabaseSync;
  clock: Clock;
  /** Applied to every text before it is written. */
  redact: Redact;
  logger?: Logger;
  /** Longest a change waits before its transaction. Default 250 ms. */
  flushDelayMs?: number;
  /** Operations per transaction. Default 256. */
  maxBatchOps?: number;
  /** Operations kept while writes fail; past it the oldest progress item goes first. Default 50,000. */
  maxPendingOps?: number;
  /** First and longest wait between retries of a failing write. Default 1 s and 30 s. */
  retryDelayMs?: RetryDelays;
  /** Progress items saved per task; later ones are only counted. Default 2,000. */
  maxProgressPerTask?: number;
}

/** What {@link HistoryWriter.status} reports. */
export interface WriterStatus {
  writeError: string | null;
  pendingChanges: number;
  droppedChanges: number;
}
