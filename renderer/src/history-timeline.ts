import type { TranscriptEntry } from '../../preload/schemas/conversation';
import type { HistoryConversation, HistoryTask } from '../../preload/schemas/history';

/** One item of a past conversation as the history view reads it, in time order. */
export type TimelineItem =
  | { kind: 'entry'; id: string; at: number; entry: TranscriptEntry }
  | { kind: 'task'; id: string; at: number; task: HistoryTask };

/**
 * The transcript with each task placed where it was handed off (its creation time), so a
 * result reads after the words that asked for it. Ties keep the transcript first.
 */
export function conversationTimeline(conversation: HistoryConversation): TimelineItem[] {
  const items: TimelineItem[] = [
    ...conversation.entries.map((entry) => ({
      kind: 'entry' as const,
      id: entry.id,
      at: entry.at,
      entry,
    })),
    ...conversation.tasks.map((task) => ({
      kind: 'task' as const,
      id: task.id,
      at: task.createdAt,
      task,
    })),
  ];
  // Array.prototype.sort is stable: entries (listed first) stay ahead of a task at the same ms.
  return items.sort((a, b) => a.at - b.at);
}

/** ["3 messages", "1 task"]: the counts a row and a header show. */
export function countParts(entryCount: number, taskCount: number): string[] {
  return [
    `${entryCount} ${entryCount === 1 ? 'message' : 'messages'}`,
    `${taskCount} ${taskCount === 1 ? 'task' : 'tasks'}`,
  ];
}
