import type {
  ConversationFile,
  HistoryConversation,
  HistoryDay,
  HistoryMatch,
  HistorySearchHit,
  HistoryStatus,
} from '../../../preload/schemas/history';
import type { Clock, TimerHandle } from '../../base/clock';
import { silentLogger, type Logger } from '../../base/logger';
import { err, errorMessage, ok, type Result, type TaggedError } from '../../base/result';
import type { RecentTask } from '../../../preload/schemas/tasks';
import { exportJson, exportMarkdown, localTime, type FormatTime } from './history-export';
import {
  DEFAULT_RETENTION,
  HistoryMaintenance,
  type RetentionPolicy,
  type RetentionReport,
} from './history-maintenance';
import { openHistoryDatabase, type OpenDatabaseOptions, type OpenedDatabase } from './history-open';
import { HistoryReader, type DayOf, type ListOptions } from './history-reader';
import type { Redact } from './history-redaction';
import { redactValue } from '../../base/redaction';
import { HistoryWriter } from './history-writer';
import type { HistoryWriterOptions } from './history-writer-types';
import { requestIntegrityCheck } from './integrity-check';
import { classifyFailure, describeFailure } from './sqlite-failure';

/** Options of {@link openHistory}. */
export interface HistoryOptions {
  dataDir: string;
  /** Timers of the writer and of the daily retention pass. */
  clock: Clock;
  /** Wall-clock epoch ms (retention, names of files moved aside). Default `Date.now`. */
  now?: () => number;
  /** Applied to every text before it is written, so no API key reaches the file. */
  redact: Redact;
  logger?: Logger;
  /** The retention rules, read at each pass (they may follow a setting). */
  retention?: RetentionPolicy | (() => RetentionPolicy);
  writer?: Omit<HistoryWriterOptions, 'db' | 'clock' | 'redact' | 'logger'>;
  open?: Pick<OpenDatabaseOptions, 'busyTimeoutMs' | 'check' | 'fullText' | 'memory'>;
  dayOf?: DayOf;
  formatTime?: FormatTime;
}

/** A failed history request, with words for the UI. */
export type HistoryError = TaggedError<'history_failed' | 'not_found'>;

const RETENTION_INTERVAL_MS = 86_400_000;

/**
 * The history database of the app: {@link writer} takes what happens, the methods answer the
 * history view. Opening never fails (a broken file is moved aside, a read-only data dir means
 * memory), requests fail as values, and a retention pass runs when started and once a day.
 */
export class HistoryStore {
  readonly writer: HistoryWriter;
  private readonly reader: HistoryReader;
  private readonly maintenance: HistoryMaintenance;
  private readonly log: Logger;
  private readonly formatTime: FormatTime;
  private retentionTimer: TimerHandle | null = null;
  private disposed = false;

  constructor(
    private readonly opened: OpenedDatabase,
    private readonly options: HistoryOptions,
  ) {
    this.log = options.logger ?? silentLogger;
    this.formatTime = options.formatTime ?? localTime;
    const { db } = opened;
    const now = options.now ?? Date.now;
    this.writer = new HistoryWriter({
      ...options.writer,
      db,
      clock: options.clock,
      redact: options.redact,
      logger: this.log,
    });
    this.maintenance = new HistoryMaintenance(db, this.writer, now);
    this.reader = new HistoryReader(db, options.dayOf);
    // Damage seen while running is checked (and the file moved aside) at the next start.
    this.writer.on('error', (error) => {
      if (error.tag === 'corrupt') this.damaged();
    });
  }

  /** Where history is saved, what went wrong opening it, and whether writes are failing. */
  status(): HistoryStatus {
    const { location, path, warnings } = this.opened;
    return { location, path, warnings: [...warnings], ...this.writer.status() };
  }

  /** One page of the conversation list, grouped by day. */
  listDays(options?: ListOptions): Result<HistoryDay[], HistoryError> {
    return this.attempt('list history', () => this.reader.listDays(options));
  }

  /** One conversation, opened read-only. */
  conversation(id: string): Result<HistoryConversation, HistoryError> {
    const found = this.attempt('open the conversation', () => this.reader.conversation(id));
    if (!found.ok) return found;
    return found.value ? ok(found.value) : err('not_found', `No saved conversation ${id}.`);
  }

  search(query: string, limit?: number): Result<HistorySearchHit[], HistoryError> {
    return this.attempt('search history', () => this.reader.search(query, limit));
  }

  /** Where the words of `query` occur in conversation `id`. */
  matches(id: string, query: string): Result<HistoryMatch[], HistoryError> {
    return this.attempt('search the conversation', () => this.reader.matches(id, query));
  }

  /** A conversation as a Markdown or JSON file. */
  exportConversation(
    id: string,
    format: 'markdown' | 'json',
  ): Result<ConversationFile, HistoryError> {
    const found = this.conversation(id);
    if (!found.ok) return found;
    // Saved text was redacted as it was written; a key learned since then is hidden here.
    const c = redactValue(found.value, this.options.redact, { heardChars: 'text' });
    const stamp = this.formatTime(c.conversation.startedAt).replace(/[: ]/g, '-');
    return format === 'json'
      ? ok({ fileName: `parley-${stamp}.json`, mimeType: 'application/json', text: exportJson(c) })
      : ok({
          fileName: `parley-${stamp}.md`,
          mimeType: 'text/markdown',
          text: exportMarkdown(c, this.formatTime),
        });
  }

  deleteConversation(id: string): Result<boolean, HistoryError> {
    return this.attempt('delete the conversation', () => this.maintenance.deleteConversation(id));
  }

  /** Deletes every conversation; returns how many there were. */
  clearAll(): Result<number, HistoryError> {
    return this.attempt('clear history', () => this.maintenance.clearAll());
  }

  applyRetention(policy?: RetentionPolicy): Result<RetentionReport, HistoryError> {
    const given = this.options.retention;
    const rules = policy ?? (typeof given === 'function' ? given() : given) ?? DEFAULT_RETENTION;
    return this.attempt('apply retention', () => this.maintenance.applyRetention(rules));
  }

  /** The newest tasks for the startup context; [] when history cannot be read. */
  recentTasks(limit?: number): RecentTask[] {
    const tasks = this.attempt('read recent tasks', () => this.reader.recentTasks(limit));
    return tasks.ok ? tasks.value : [];
  }

  /** Conversation id → Codex thread id, for the Codex delegate's `threads`; {} when unreadable. */
  codexThreads(limit?: number): Record<string, string> {
    const threads = this.attempt('read Codex threads', () => this.reader.codexThreads(limit));
    return threads.ok ? threads.value : {};
  }

  /** Start the daily retention pass (the first runs now). */
  startRetention(): void {
    const pass = (): void => {
      const report = this.applyRetention();
      if (report.ok) this.log('info', 'history.retention', { ...report.value });
      this.retentionTimer = this.options.clock.setTimeout(pass, RETENTION_INTERVAL_MS);
    };
    pass();
  }

  /** Close what a previous run left running (see {@link HistoryMaintenance.closeInterrupted}). */
  closeInterrupted(): Result<number, HistoryError> {
    return this.attempt('close interrupted tasks', () => this.maintenance.closeInterrupted());
  }

  /** Save what waits, stop the timers and close the file; idempotent. */
  dispose(): { unsaved: number } {
    if (this.disposed) return { unsaved: 0 };
    this.disposed = true;
    if (this.retentionTimer !== null) this.options.clock.clearTimeout(this.retentionTimer);
    const result = this.writer.dispose();
    try {
      this.opened.db.close();
    } catch (error) {
      this.log('warn', 'history.close_failed', { error: errorMessage(error) });
    }
    return result;
  }

  private damaged(): void {
    if (this.opened.path) requestIntegrityCheck(this.opened.path);
  }

  /** Runs a request with what is waiting written first, so it sees the conversation so far. */
  private attempt<T>(what: string, run: () => T): Result<T, HistoryError> {
    if (this.disposed) return err('history_failed', `Could not ${what}: history is closed.`);
    try {
      this.writer.flush();
      return ok(run());
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.tag === 'corrupt') this.damaged();
      const message = `Could not ${what}: ${describeFailure(failure)}.`;
      this.log('error', 'history.request_failed', { what, error: errorMessage(error) });
      return err('history_failed', message);
    }
  }
}

/**
 * Opens the history of `options.dataDir` and closes what the previous run left running. The
 * owner starts the daily retention pass ({@link HistoryStore.startRetention}) once its rules are
 * known (the app: after the settings are loaded).
 * Never throws: problems end up in {@link HistoryStore.status} `warnings`.
 */
export function openHistory(options: HistoryOptions): HistoryStore {
  const now = options.now ?? Date.now;
  const opened = openHistoryDatabase({ ...options.open, dataDir: options.dataDir, now });
  const log = options.logger ?? silentLogger;
  for (const warning of opened.warnings) log('warn', 'history.open', { message: warning });
  const store = new HistoryStore(opened, options);
  const closed = store.closeInterrupted();
  if (closed.ok && closed.value > 0) log('info', 'history.interrupted', { tasks: closed.value });
  return store;
}
