import type { DatabaseSync } from 'node:sqlite';
import { maintainSearchIndex } from './search-index';

/** How long history is kept and how large it may grow. */
export interface RetentionPolicy {
  /** Conversations older than this many days are deleted. Default 90. */
  maxAgeDays: number;
  /** Past this many bytes the oldest conversations are deleted. Default 512 MiB. */
  maxBytes: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxAgeDays: 90, maxBytes: 512 * 1024 * 1024 };

/** What a retention pass did. */
export interface RetentionReport {
  deletedByAge: number;
  deletedBySize: number;
  /** Pages in use before and after, in bytes (the file shrinks to about this). */
  bytesBefore: number;
  bytesAfter: number;
}

/** The writer's side of a deletion: changes still waiting must not bring a conversation back. */
export interface PendingWrites {
  forget(conversationId?: string): void;
  liveConversationIds(): string[];
}

const DAY_MS = 86_400_000;
const INTERRUPTED = 'Parley stopped before this task finished.';

/**
 * Deletes history: one conversation, all of it, or what retention says is too old or too
 * much, and then gives the freed pages back to the file system (the file really shrinks).
 * Conversations still going on are never deleted by retention.
 */
export class HistoryMaintenance {
  constructor(
    private readonly db: DatabaseSync,
    private readonly writes: PendingWrites,
    private readonly now: () => number,
  ) {}

  /**
   * Closes what a previous run left open: its conversations get an end (their last entry or
   * task time) and its queued or running tasks are marked failed, so neither the list nor the
   * next startup context shows work that no process is doing. Returns the tasks it closed.
   */
  closeInterrupted(): number {
    const now = this.now();
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.db.exec(`UPDATE conversations SET ended_at = max(started_at,
        coalesce((SELECT max(at) FROM entries e WHERE e.conversation_id = conversations.id), 0),
        coalesce((SELECT max(coalesce(ended_at, started_at, created_at)) FROM tasks t
          WHERE t.conversation_id = conversations.id), 0))
        WHERE ended_at IS NULL`);
      this.db
        .prepare(
          `INSERT INTO task_events (task_rowid, at, kind, data)
          SELECT rowid, ?, 'status', '{"status":"failed"}' FROM tasks
          WHERE status IN ('queued', 'running')`,
        )
        .run(now);
      const closed = this.db
        .prepare(
          `UPDATE tasks SET status = 'failed', ended_at = coalesce(ended_at, ?),
          error = coalesce(error, ?) WHERE status IN ('queued', 'running')`,
        )
        .run(now, INTERRUPTED);
      this.db.exec('COMMIT');
      return Number(closed.changes);
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Deletes one conversation with its entries, tasks and events; false when there was none. */
  deleteConversation(id: string): boolean {
    this.writes.forget(id);
    const deleted = this.db.prepare('DELETE FROM conversations WHERE id = ?').run(id).changes;
    if (deleted > 0) this.reclaim();
    return Number(deleted) > 0;
  }

  /** Deletes every conversation; returns how many there were. */
  clearAll(): number {
    this.writes.forget();
    const deleted = Number(this.db.prepare('DELETE FROM conversations').run().changes);
    maintainSearchIndex(this.db, 'rebuild');
    this.db.exec('VACUUM');
    this.checkpoint();
    return deleted;
  }

  /** Deletes conversations past the age limit, then the oldest until under the size cap. */
  applyRetention(policy: RetentionPolicy = DEFAULT_RETENTION): RetentionReport {
    const bytesBefore = this.usedBytes();
    const live = new Set(this.writes.liveConversationIds());
    const cutoff = this.now() - policy.maxAgeDays * DAY_MS;
    const old = this.db
      .prepare('SELECT id FROM conversations WHERE coalesce(ended_at, started_at) < ?')
      .all(cutoff) as { id: string }[];
    const deletedByAge = this.deleteAll(old.map((r) => r.id).filter((id) => !live.has(id)));
    let deletedBySize = 0;
    while (this.usedBytes() > policy.maxBytes) {
      const batch = this.oldestBatch(policy.maxBytes, live);
      if (batch.length === 0) break;
      deletedBySize += this.deleteAll(batch);
    }
    if (deletedByAge + deletedBySize > 0) this.reclaim();
    return { deletedByAge, deletedBySize, bytesBefore, bytesAfter: this.usedBytes() };
  }

  /** Bytes of the pages in use (the file's size without its free pages and its WAL). */
  usedBytes(): number {
    const pragma = (name: string): number =>
      Number(Object.values(this.db.prepare(`PRAGMA ${name}`).get() ?? {})[0] ?? 0);
    return (pragma('page_count') - pragma('freelist_count')) * pragma('page_size');
  }

  /** The oldest finished conversations, about as many as the excess is worth. */
  private oldestBatch(maxBytes: number, live: ReadonlySet<string>): string[] {
    const count = Number(
      (this.db.prepare('SELECT count(*) AS n FROM conversations').get() as { n: number }).n,
    );
    if (count === 0) return [];
    const used = this.usedBytes();
    const perConversation = used / count;
    const wanted = Math.max(1, Math.ceil((used - maxBytes) / perConversation));
    const rows = this.db
      .prepare('SELECT id FROM conversations ORDER BY started_at, id LIMIT ?')
      .all(wanted + live.size) as { id: string }[];
    return rows
      .map((r) => r.id)
      .filter((id) => !live.has(id))
      .slice(0, wanted);
  }

  private deleteAll(ids: readonly string[]): number {
    if (ids.length === 0) return 0;
    const del = this.db.prepare('DELETE FROM conversations WHERE id = ?');
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const id of ids) {
        this.writes.forget(id);
        del.run(id);
      }
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
    return ids.length;
  }

  /** Merge the search index's segments and give free pages back to the file system. */
  private reclaim(): void {
    maintainSearchIndex(this.db, 'optimize');
    const mode = this.db.prepare('PRAGMA auto_vacuum').get() as { auto_vacuum: number };
    // 2 = incremental; a file made without it needs a full VACUUM to shrink.
    if (mode.auto_vacuum === 2) this.db.exec('PRAGMA incremental_vacuum');
    else this.db.exec('VACUUM');
    this.checkpoint();
  }

  private checkpoint(): void {
    this.db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get();
  }
}
