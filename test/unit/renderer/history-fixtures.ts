import type { TranscriptEntry } from '../../../preload/schemas/conversation';
import {
  ConversationSummary,
  HistoryConversation,
  HistorySearchHit,
  HistoryStatus,
  type HistoryTask,
} from '../../../preload/schemas/history';
import { dayKey } from '../../../renderer/src/history-days';

/** Local time on `day` days from today (negative: before) at `hour`:`minute`. */
export function localTime(day: number, hour: number, minute = 0): number {
  const d = new Date();
  d.setDate(d.getDate() + day);
  d.setHours(hour, minute, 0, 0);
  return d.getTime();
}

/** A saved conversation as `history.list` returns it (checked against the contract). */
export function summary(id: string, startedAt: number, patch: Partial<ConversationSummary> = {}) {
  return ConversationSummary.parse({
    id,
    startedAt,
    endedAt: startedAt + 125_000,
    protocol: 'v2',
    model: 'gpt-realtime-1.5',
    title: `Conversation ${id}`,
    codexThreadId: null,
    entryCount: 4,
    taskCount: 1,
    ...patch,
  });
}

export function entry(id: string, at: number, patch: Partial<TranscriptEntry> = {}) {
  return {
    id,
    conversationId: 'c1',
    role: 'user' as const,
    text: `words of ${id}`,
    final: true,
    at,
    typed: false,
    heardChars: null,
    ...patch,
  };
}

export function task(id: string, createdAt: number, patch: Partial<HistoryTask> = {}) {
  return {
    id,
    name: `${id}-check-the-build`,
    conversationId: 'c1',
    prompt: 'check the build',
    text: 'check the build',
    workspace: '/home/u/project',
    status: 'done' as const,
    createdAt,
    startedAt: createdAt + 10,
    endedAt: createdAt + 4_210,
    durationMs: 4_200,
    result: 'The build passes.',
    error: null,
    usage: null,
    progress: [{ at: createdAt + 100, item: { kind: 'agent_message' as const, text: 'Looking' } }],
    progressDropped: 0,
    cancelRequested: false,
    followUps: [],
    followUpOf: null,
    statusChanges: [{ at: createdAt + 4_210, status: 'done' as const }],
    ...patch,
  };
}

/** One past conversation as `history.get` returns it (checked against the contract). */
export function conversation(
  c: ConversationSummary,
  entries: TranscriptEntry[],
  tasks: HistoryTask[] = [],
) {
  return HistoryConversation.parse({ conversation: c, entries, tasks });
}

export function hit(conversationId: string, itemId: string, patch: Partial<HistorySearchHit> = {}) {
  return HistorySearchHit.parse({
    conversationId,
    conversationStartedAt: localTime(0, 9),
    conversationTitle: `Conversation ${conversationId}`,
    source: 'transcript',
    itemId,
    role: 'user',
    at: localTime(0, 9, 1),
    snippet: 'the migration of the database',
    ranges: [{ start: 4, end: 13 }],
    ...patch,
  });
}

export function status(patch: Partial<HistoryStatus> = {}) {
  return HistoryStatus.parse({
    location: 'file',
    path: '/home/u/.config/Parley/history.sqlite',
    warnings: [],
    writeError: null,
    pendingChanges: 0,
    droppedChanges: 0,
    ...patch,
  });
}

/** `history.list`'s answer for these conversations (grouped as main groups them). */
export function days(list: ConversationSummary[]) {
  const out: { day: string; conversations: ConversationSummary[] }[] = [];
  for (const c of list) {
    const day = dayKey(c.startedAt);
    const last = out.at(-1);
    if (last?.day === day) last.conversations.push(c);
    else out.push({ day, conversations: [c] });
  }
  return out;
}
