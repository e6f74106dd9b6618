import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { TaskSnapshot } from '../../../preload/schemas/tasks';
import type { TranscriptEntry } from '../../../preload/schemas/conversation';
import type { ConversationStart, HistoryOp } from './history-ops';
import { prepareAll } from './prepare-all';

const SQL = {
  startConversation: `
    INSERT INTO conversations (id, started_at, protocol, model, codex_thread_id)
    VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET
      started_at = min(started_at, excluded.started_at),
      protocol = excluded.protocol,
      model = excluded.model,
      codex_thread_id = coalesce(excluded.codex_thread_id, codex_thread_id)`,
  // A change for a conversation whose start was never written still gets a row to hang on.
  ensureConversation: `
    INSERT INTO conversations (id, started_at, protocol, model) VALUES (?, ?, 'unknown', 'unknown')
    ON CONFLICT (id) DO NOTHING`,
  endConversation: `UPDATE conversations SET ended_at = ? WHERE id = ?`,
  setThread: `UPDATE conversations SET codex_thread_id = ? WHERE id = ?`,
  upsertEntry: `
    INSERT INTO entries (conversation_id, entry_id, role, text, final, typed, heard_chars, at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (conversation_id, entry_id) DO UPDATE SET
      role = excluded.role, text = excluded.text, final = excluded.final, typed = excluded.typed,
      heard_chars = excluded.heard_chars, at = excluded.at`,
  upsertTask: `
    INSERT INTO tasks (conversation_id, task_id, name, prompt, text, workspace, status,
      created_at, started_at, ended_at, duration_ms, result, error, input_tokens, output_tokens,
      cancel_requested, follow_ups, follow_up_of)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (conversation_id, task_id) DO UPDATE SET
      name = excluded.name, prompt = excluded.prompt, text = excluded.text,
      workspace = excluded.workspace, status = excluded.status, created_at = excluded.created_at,
      started_at = excluded.started_at, ended_at = excluded.ended_at,
      duration_ms = excluded.duration_ms, result = excluded.result, error = excluded.error,
      input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
      cancel_requested = excluded.cancel_requested, follow_ups = excluded.follow_ups,
      follow_up_of = excluded.follow_up_of`,
  // A progress item may arrive before the task's first snapshot was written.
  ensureTask: `
    INSERT INTO tasks (conversation_id, task_id, name, prompt, text, workspace, status, created_at)
    VALUES (?, ?, ?, '', '', '', 'running', ?)
    ON CONFLICT (conversation_id, task_id) DO NOTHING`,
  taskRow: `SELECT rowid, progress_count FROM tasks WHERE conversation_id = ? AND task_id = ?`,
  addEvent: `INSERT INTO task_events (task_rowid, at, kind, data) VALUES (?, ?, ?, ?)`,
  countProgress: `UPDATE tasks SET progress_count = progress_count + 1 WHERE rowid = ?`,
  dropProgress: `UPDATE tasks SET progress_dropped = progress_dropped + 1 WHERE rowid = ?`,
} as const;

type Statements = Record<keyof typeof SQL, StatementSync>;
interface TaskRow {
  rowid: number;
  progress_count: number;
}

/** The writes of history, prepared once per connection. */
export class HistoryStatements {
  private readonly s: Statements;

  /** `maxProgressPerTask`: progress items kept per task; later ones are only counted. */
  constructor(
    db: DatabaseSync,
    private readonly maxProgressPerTask: number,
  ) {
    this.s = prepareAll(db, SQL);
  }

  /** Writes one operation (inside the caller's transaction). */
  apply(op: HistoryOp): void {
    switch (op.kind) {
      case 'conversation_started':
        return this.startConversation(op.conversation);
      case 'conversation_ended':
        this.s.endConversation.run(op.endedAt, op.conversationId);
        return;
      case 'codex_thread':
        this.s.setThread.run(op.threadId, op.conversationId);
        return;
      case 'entry':
        return this.upsertEntry(op.conversationId, op.entry);
      case 'task':
        return this.upsertTask(op.task);
      case 'task_status':
        return this.addStatus(op.conversationId, op.taskId, op.at, op.status);
      case 'task_progress':
        this.s.ensureConversation.run(op.conversationId, op.at);
        this.s.ensureTask.run(op.conversationId, op.taskId, op.name, op.at);
        return this.addProgress(op.conversationId, op.taskId, op.at, op.item);
    }
  }

  private startConversation(c: ConversationStart): void {
    this.s.startConversation.run(c.id, c.startedAt, c.protocol, c.model, c.codexThreadId ?? null);
  }

  private upsertEntry(conversationId: string, e: TranscriptEntry): void {
    this.s.ensureConversation.run(conversationId, e.at);
    this.s.upsertEntry.run(
      conversationId,
      e.id,
      e.role,
      e.text,
      e.final ? 1 : 0,
      e.typed ? 1 : 0,
      e.heardChars,
      e.at,
    );
  }

  private upsertTask(t: TaskSnapshot): void {
    this.s.ensureConversation.run(t.conversationId, t.createdAt);
    this.s.upsertTask.run(
      t.conversationId,
      t.id,
      t.name,
      t.prompt,
      t.text,
      t.workspace,
      t.status,
      t.createdAt,
      t.startedAt,
      t.endedAt,
      t.durationMs,
      t.result,
      t.error,
      t.usage?.inputTokens ?? null,
      t.usage?.outputTokens ?? null,
      t.cancelRequested ? 1 : 0,
      JSON.stringify(t.followUps),
      t.followUpOf,
    );
  }

  private taskRow(conversationId: string, taskId: string): TaskRow | undefined {
    return this.s.taskRow.get(conversationId, taskId) as TaskRow | undefined;
  }

  private addStatus(conversationId: string, taskId: string, at: number, status: string): void {
    const row = this.taskRow(conversationId, taskId);
    // A status change of a task whose snapshot was never written has nothing to attach to.
    if (row) this.s.addEvent.run(row.rowid, at, 'status', JSON.stringify({ status }));
  }

  private addProgress(conversationId: string, taskId: string, at: number, item: unknown): void {
    const row = this.taskRow(conversationId, taskId);
    if (!row) return;
    if (row.progress_count >= this.maxProgressPerTask) {
      this.s.dropProgress.run(row.rowid);
      return;
    }
    this.s.addEvent.run(row.rowid, at, 'progress', JSON.stringify(item));
    this.s.countProgress.run(row.rowid);
  }
}
