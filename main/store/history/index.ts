/**
 * The history database: open it with {@link openHistory}, feed {@link HistoryStore.writer}
 * with what happens, and answer the history view from the store's requests.
 */
export { openHistory, HistoryStore } from './history-store';
export type { HistoryError, HistoryOptions } from './history-store';
export { HistoryWriter } from './history-writer';
export type {
  HistoryWriteError,
  HistoryWriterEvents,
  HistoryWriterOptions,
  WriterStatus,
} from './history-writer-types';
export type { ConversationStart, HistoryOp } from './history-ops';
export type { Redact } from './history-redaction';
export type { ListOptions, DayOf } from './history-reader';
export { DEFAULT_RETENTION } from './history-maintenance';
export type { RetentionPolicy, RetentionReport } from './history-maintenance';
export { HISTORY_FILE } from './history-open';
export { exportJson, exportMarkdown, parseConversationExport } from './history-export';
