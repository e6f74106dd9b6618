import type { TranscriptEntry } from '../../preload/schemas/conversation';
import type { TaskSnapshot } from '../../preload/schemas/tasks';
import type { RecentTask } from '../../preload/schemas/tasks';

/** Upper bound of the recap added to a reconnect's instructions (characters). */
export const RECAP_LIMIT = 4000;

/**
 * What the voice model needs after a reconnect: the last lines of the conversation and the
 * tasks still running, newest kept when it must be cut.
 */
export function conversationRecap(entries: readonly TranscriptEntry[], tasks: string): string {
  const lines = entries
    .filter((e) => e.text.trim())
    .map((e) => `${e.role}: ${e.text.trim().replace(/\s+/g, ' ').slice(0, 400)}`);
  const taskBlock = tasks.trim() ? `\nTasks still going:\n${tasks.trim()}` : '';
  let conversation = '';
  for (let i = lines.length - 1; i >= 0; i--) {
    const next = `${lines[i]}\n${conversation}`;
    if (next.length + taskBlock.length > RECAP_LIMIT) break;
    conversation = next;
  }
  const head = conversation ? `Conversation so far (latest last):\n${conversation.trimEnd()}` : '';
  return `${head}${taskBlock}`.trim().slice(0, RECAP_LIMIT);
}

/** Finished and running tasks for the startup context, newest first. */
export function recentTasks(tasks: readonly TaskSnapshot[]): RecentTask[] {
  return [...tasks]
    .reverse()
    .slice(0, 10)
    .map((t) => ({
      name: t.name,
      prompt: t.prompt,
      status: t.status,
      outcome: t.status === 'failed' ? t.error : t.result,
    }));
}
