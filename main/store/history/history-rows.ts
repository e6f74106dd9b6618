import type { ConversationSummary, HistoryTask } from '../../../preload/schemas/history';
import type { ProgressItem } from '../../../preload/schemas/tasks';
import type { TranscriptEntry } from '../../../preload/schemas/conversation';
import { parseJson } from '../../base/json';
import type { TaskStatus } from './history-ops';

/** A `conversations` row with its counts and first user words, as the list query selects it. */
export interface ConversationRow {
  id: string;
  started_at: number;
  ended_at: number | null;
  protocol: string;
  model: string;
  codex_thread_id: string | null;
  entry_count: number;
  task_count: number;
  first_words: string | null;
}

/** Columns of a summary, for `SELECT ${SUMMARY_COLUMNS} FROM conversations c`. */
export const SUMMARY_COLUMNS = `
  c.id, c.started_at, c.ended_at, c.protocol, c.model, c.codex_thread_id,
  (SELECT count(*) FROM entries e WHERE e.conversation_id = c.id) AS entry_count,
  (SELECT count(*) FROM tasks t WHERE t.conversation_id = c.id) AS task_count,
  (SELECT e.text FROM entries e WHERE e.conversation_id = c.id AND e.role = 'user'
     AND e.text <> '' ORDER BY e.at, e.rowid LIMIT 1) AS first_words`;

const TITLE_CHARS = 60;

/** The first words of `text`, cut at a word boundary within {@link TITLE_CHARS}. */
export function titleOf(text: string | null): string {
  const words = (text ?? '').replace(/\s+/g, ' ').trim();
  if (words.length <= TITLE_CHARS) return words;
  const cut = words.slice(0, TITLE_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > TITLE_CHARS / 2 ? cut.slice(0, space) : cut}…`;
}

export function toSummary(row: ConversationRow): ConversationSummary {
  return {
    id: row.id,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    protocol: row.protocol,
    model: row.model,
    title: titleOf(row.first_words),
    codexThreadId: row.codex_thread_id,
    entryCount: row.entry_count,
    taskCount: row.task_count,
  };
}

/** An `entries` row. */
export interface EntryRow {
  conversation_id: string;
  entry_id: string;
  role: string;
  text: string;
  final: number;
  typed: number;
  heard_chars: number | null;
  at: number;
}

export function toEntry(row: EntryRow): TranscriptEntry {
  return {
    id: row.entry_id,
    conversationId: row.conversation_id,
    role: row.role === 'assistant' ? 'assistant' : 'user',
    text: row.text,
    final: row.final !== 0,
    at: row.at,
    typed: row.typed !== 0,
    heardChars: row.heard_chars,
  };
}

/** A `tasks` row. */
export interface TaskRow {
  rowid: number;
  conversation_id: string;
  task_id: string;
  name: string;
  prompt: string;
  text: string;
  workspace: string;
  status: string;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  duration_ms: number | null;
  result: string | null;
  error: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cancel_requested: number;
  follow_ups: string;
  follow_up_of: string | null;
  progress_dropped: number;
}

/** A `task_events` row. */
export interface TaskEventRow {
  task_rowid: number;
  at: number;
  kind: string;
  data: string;
}

const STATUSES: readonly TaskStatus[] = ['queued', 'running', 'done', 'failed', 'cancelled'];

function toStatus(value: unknown): TaskStatus {
  return STATUSES.find((s) => s === value) ?? 'failed';
}

/** A task with its events, oldest event first. */
export function toTask(row: TaskRow, events: readonly TaskEventRow[]): HistoryTask {
  const progress: HistoryTask['progress'] = [];
  const statusChanges: HistoryTask['statusChanges'] = [];
  for (const event of events) {
    // Only this code writes events; a row edited into bad JSON is left out, not fatal.
    const data = parseJson(event.data);
    if (!data.ok || typeof data.value !== 'object' || data.value === null) continue;
    if (event.kind === 'progress')
      progress.push({ at: event.at, item: data.value as ProgressItem });
    else {
      const status = toStatus((data.value as { status?: unknown }).status);
      statusChanges.push({ at: event.at, status });
    }
  }
  const usage =
    row.input_tokens === null || row.output_tokens === null
      ? null
      : { inputTokens: row.input_tokens, outputTokens: row.output_tokens };
  return {
    id: row.task_id,
    name: row.name,
    conversationId: row.conversation_id,
    prompt: row.prompt,
    text: row.text,
    workspace: row.workspace,
    status: toStatus(row.status),
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms,
    result: row.result,
    error: row.error,
    usage,
    progress,
    progressDropped: row.progress_dropped,
    cancelRequested: row.cancel_requested !== 0,
    followUps: stringList(row.follow_ups),
    followUpOf: row.follow_up_of,
    statusChanges,
  };
}

function stringList(json: string): string[] {
  const parsed = parseJson(json);
  return parsed.ok && Array.isArray(parsed.value)
    ? parsed.value.filter((v): v is string => typeof v === 'string')
    : [];
}
