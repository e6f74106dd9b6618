import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type {
  ConversationSummary,
  HistoryConversation,
  HistoryDay,
  HistoryMatch,
  HistorySearchHit,
} from '../../../preload/schemas/history';
import type { RecentTask } from '../../../preload/schemas/tasks';
import {
  SUMMARY_COLUMNS,
  toEntry,
  toSummary,
  toTask,
  type ConversationRow,
  type EntryRow,
  type TaskEventRow,
  type TaskRow,
} from './history-rows';
import { ConversationMatches } from './conversation-matches';
import { HistorySearch } from './history-search';
import { prepareAll } from './prepare-all';

/** Which page of the conversation list to read. */
export interface ListOptions {
  /** Conversations per page. Default 50. */
  limit?: number;
  /** Only conversations that started before this epoch ms (the last one of the previous page). */
  before?: number;
  /** With `before`: also those that started at `before` with an id below this one (same-ms ties). */
  beforeId?: string;
}

/** The local calendar day of an epoch-ms time, `YYYY-MM-DD`. */
export type DayOf = (epochMs: number) => string;

/** The day in the time zone of this process. */
export const localDay: DayOf = (epochMs) => {
  const d = new Date(epochMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

const SQL = {
  list: `SELECT ${SUMMARY_COLUMNS} FROM conversations c
    WHERE (c.started_at < ? OR (c.started_at = ? AND c.id < ?))
      AND (EXISTS (SELECT 1 FROM entries e WHERE e.conversation_id = c.id)
        OR EXISTS (SELECT 1 FROM tasks t WHERE t.conversation_id = c.id))
    ORDER BY c.started_at DESC, c.id DESC LIMIT ?`,
  one: `SELECT ${SUMMARY_COLUMNS} FROM conversations c WHERE c.id = ?`,
  entries: `SELECT conversation_id, entry_id, role, text, final, typed, heard_chars, at FROM entries
    WHERE conversation_id = ? ORDER BY at, rowid`,
  tasks: `SELECT * FROM tasks WHERE conversation_id = ? ORDER BY created_at, rowid`,
  events: `SELECT v.task_rowid, v.at, v.kind, v.data FROM task_events v
    JOIN tasks t ON t.rowid = v.task_rowid WHERE t.conversation_id = ? ORDER BY v.id`,
  recentTasks: `SELECT name, prompt, status, result, error FROM tasks
    ORDER BY created_at DESC, rowid DESC LIMIT ?`,
  threads: `SELECT id, codex_thread_id FROM conversations WHERE codex_thread_id IS NOT NULL
    ORDER BY started_at DESC LIMIT ?`,
} as const;

/** Reads history: the list by day, one conversation, search, recent tasks, Codex threads. */
export class HistoryReader {
  private readonly s: Record<keyof typeof SQL, StatementSync>;
  private readonly fullText: HistorySearch;
  private readonly inConversation: ConversationMatches;

  constructor(
    db: DatabaseSync,
    private readonly dayOf: DayOf = localDay,
  ) {
    this.s = prepareAll(db, SQL);
    this.fullText = new HistorySearch(db);
    this.inConversation = new ConversationMatches(db);
  }

  /** Conversations that have entries or tasks, newest first. */
  listConversations(options: ListOptions = {}): ConversationSummary[] {
    const before = options.before ?? Number.MAX_SAFE_INTEGER;
    // The list is ordered by (started_at, id): a page ends between two ties, not before both.
    const beforeId = options.before === undefined ? '' : (options.beforeId ?? '');
    const limit = options.limit ?? 50;
    const rows = this.s.list.all(before, before, beforeId, limit) as unknown as ConversationRow[];
    return rows.map(toSummary);
  }

  /** One page of conversations grouped by the local day they started, newest first. */
  listDays(options: ListOptions = {}): HistoryDay[] {
    const days: HistoryDay[] = [];
    for (const conversation of this.listConversations(options)) {
      const day = this.dayOf(conversation.startedAt);
      const last = days.at(-1);
      if (last?.day === day) last.conversations.push(conversation);
      else days.push({ day, conversations: [conversation] });
    }
    return days;
  }

  /** One conversation with its entries and tasks (oldest first), or null when there is none. */
  conversation(id: string): HistoryConversation | null {
    const row = this.s.one.get(id) as ConversationRow | undefined;
    if (!row) return null;
    const entries = (this.s.entries.all(id) as unknown as EntryRow[]).map(toEntry);
    const events = new Map<number, TaskEventRow[]>();
    for (const event of this.s.events.all(id) as unknown as TaskEventRow[]) {
      const list = events.get(event.task_rowid);
      if (list) list.push(event);
      else events.set(event.task_rowid, [event]);
    }
    const taskRows = this.s.tasks.all(id) as unknown as TaskRow[];
    const tasks = taskRows.map((task) => toTask(task, events.get(task.rowid) ?? []));
    return { conversation: toSummary(row), entries, tasks };
  }

  /** Ranked matches of every word of `query` in transcripts and task prompts and results. */
  search(query: string, limit?: number): HistorySearchHit[] {
    return this.fullText.search(query, limit);
  }

  /** Where the words of `query` occur in conversation `id`, over each item's whole text. */
  matches(id: string, query: string): HistoryMatch[] {
    return this.inConversation.in(id, query);
  }

  /** The newest tasks of any conversation, for the startup context of the next one. */
  recentTasks(limit = 10): RecentTask[] {
    const rows = this.s.recentTasks.all(limit) as unknown as Pick<
      TaskRow,
      'name' | 'prompt' | 'status' | 'result' | 'error'
    >[];
    return rows.map((row) => ({
      name: row.name,
      prompt: row.prompt,
      status: row.status,
      outcome: row.result ?? row.error,
    }));
  }

  /** Conversation id → Codex thread id of the newest conversations that have one. */
  codexThreads(limit = 20): Record<string, string> {
    const rows = this.s.threads.all(limit) as { id: string; codex_thread_id: string }[];
    return Object.fromEntries(rows.map((row) => [row.id, row.codex_thread_id]));
  }
}
