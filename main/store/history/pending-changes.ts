import { coalesceKey, conversationOf, type HistoryOp } from './history-ops';

/** One waiting operation and the key it waits under. */
export type PendingChange = readonly [key: string, op: HistoryOp];

/**
 * The operations waiting for a transaction, oldest first. An upsert of something already
 * waiting replaces it in place (so the entry keeps its turn and only its latest text is
 * written); status changes and progress items are each kept.
 */
export class PendingChanges {
  private readonly ops = new Map<string, HistoryOp>();
  private sequence = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.ops.size;
  }

  /** Queue `op`; returns true when the queue was full and the oldest change was dropped. */
  add(op: HistoryOp): boolean {
    this.ops.set(coalesceKey(op) ?? `#${this.sequence++}`, op);
    if (this.ops.size <= this.capacity) return false;
    this.dropOldest();
    return true;
  }

  /** The oldest `max` changes, left in place until {@link settle}. */
  oldest(max: number): PendingChange[] {
    const batch: PendingChange[] = [];
    for (const change of this.ops) {
      if (batch.length >= max) break;
      batch.push(change);
    }
    return batch;
  }

  /** Whether `change` still waits as it was (not replaced by a newer upsert). */
  has([key, op]: PendingChange): boolean {
    return this.ops.get(key) === op;
  }

  /** Remove the changes that were written (or given up), unless a newer one replaced them. */
  settle(changes: readonly PendingChange[]): void {
    for (const change of changes) if (this.has(change)) this.ops.delete(change[0]);
  }

  /** Remove every change of `conversationId` (of every conversation when omitted). */
  removeConversation(conversationId?: string): void {
    for (const [key, op] of this.ops) {
      if (conversationId === undefined || conversationOf(op) === conversationId) {
        this.ops.delete(key);
      }
    }
  }

  // Progress lines are the bulk of a flood and the least missed: they go before any word.
  private dropOldest(): void {
    let victim: string | undefined;
    for (const [key, op] of this.ops) {
      if (op.kind === 'task_progress') {
        victim = key;
        break;
      }
    }
    victim ??= this.ops.keys().next().value;
    if (victim !== undefined) this.ops.delete(victim);
  }
}
