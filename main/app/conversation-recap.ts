import type { TranscriptEntry } from '../../preload/schemas/conversation';

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
