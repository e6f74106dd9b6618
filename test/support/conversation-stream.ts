import type { ProgressItem, TaskSnapshot } from '../../preload/schemas/tasks';
import type { TranscriptEntry } from '../../preload/schemas/conversation';
import type { Random } from '../../bench/seeded-random';
import type { HistoryWriter } from '../../main/store/history/history-writer';

/** One thing that happens in a conversation, as the app would tell the history writer. */
export type ConversationEvent =
  | { kind: 'entry'; conversationId: string; entry: TranscriptEntry }
  | { kind: 'task'; task: TaskSnapshot }
  | {
      kind: 'progress';
      conversationId: string;
      taskId: string;
      name: string;
      at: number;
      item: ProgressItem;
    };

const WORDS = (
  'the build failed again on main can you look at the linker error and run the tests ' +
  'please deploy staging after lunch why is the parser slow today refactor that module ' +
  'sure I will check the logs first it looks like a missing flag in the config file ' +
  'done the tests pass now except one flaky network test which I skipped for now'
).split(' ');

function words(random: Random, min: number, max: number): string[] {
  return Array.from({ length: random.int(min, max) }, () => random.pick(WORDS));
}

/**
 * An endless, seeded stream of what a conversation produces: user speech streamed as
 * deltas (same entry id, growing text), typed lines, assistant replies that are sometimes
 * cut off by barge-in, and delegated tasks with status changes and progress items.
 */
export function* conversationStream(
  random: Random,
  conversationId: string,
  startAt: number,
): Generator<ConversationEvent> {
  let at = startAt;
  let entry = 0;
  let task = 0;
  for (;;) {
    at += random.int(200, 2_000);
    if (random.chance(0.15)) {
      const text = words(random, 3, 12).join(' ');
      yield {
        kind: 'entry',
        conversationId,
        entry: line(conversationId, `u${++entry}`, 'user', text, at, true, true),
      };
    } else {
      yield* streamed(random, conversationId, `u${++entry}`, 'user', at);
    }
    yield* streamed(random, conversationId, `a${++entry}`, 'assistant', at + 500);
    if (random.chance(0.3)) yield* delegated(random, conversationId, `task-${++task}`, at + 800);
  }
}

function line(
  conversationId: string,
  id: string,
  role: TranscriptEntry['role'],
  text: string,
  at: number,
  final: boolean,
  typed = false,
  heardChars: number | null = null,
): TranscriptEntry {
  return { id, conversationId, role, text, final, at, typed, heardChars };
}

function* streamed(
  random: Random,
  conversationId: string,
  id: string,
  role: TranscriptEntry['role'],
  at: number,
): Generator<ConversationEvent> {
  let text = '';
  for (const word of words(random, 4, 40)) {
    text += text ? ` ${word}` : word;
    yield { kind: 'entry', conversationId, entry: line(conversationId, id, role, text, at, false) };
  }
  const cut = role === 'assistant' && random.chance(0.2) ? random.int(0, text.length) : null;
  yield {
    kind: 'entry',
    conversationId,
    entry: line(conversationId, id, role, text, at, true, false, cut),
  };
}

function* delegated(
  random: Random,
  conversationId: string,
  id: string,
  at: number,
): Generator<ConversationEvent> {
  const prompt = words(random, 4, 10).join(' ');
  const name = `${id}-${prompt.split(' ').slice(0, 3).join('-')}`;
  const base: TaskSnapshot = {
    id,
    name,
    conversationId,
    prompt,
    text: prompt,
    workspace: '/home/me/project',
    status: 'queued',
    createdAt: at,
    startedAt: null,
    endedAt: null,
    durationMs: null,
    result: null,
    error: null,
    usage: null,
    progress: [],
    progressDropped: 0,
    cancelRequested: false,
    followUps: [],
    followUpOf: null,
  };
  yield { kind: 'task', task: base };
  const running = { ...base, status: 'running' as const, startedAt: at + 10 };
  yield { kind: 'task', task: running };
  for (let i = 0, n = random.int(2, 30); i < n; i++) {
    const item: ProgressItem = random.chance(0.5)
      ? { kind: 'log', line: words(random, 2, 12).join(' '), stream: 'stdout' }
      : random.chance(0.5)
        ? {
            kind: 'command',
            command: `npm run ${random.pick(WORDS)}`,
            exitCode: 0,
            status: 'completed',
          }
        : { kind: 'agent_message', text: words(random, 5, 20).join(' ') };
    yield { kind: 'progress', conversationId, taskId: id, name, at: at + 20 + i, item };
    yield { kind: 'task', task: running };
  }
  const ok = random.chance(0.8);
  yield {
    kind: 'task',
    task: {
      ...running,
      status: ok ? 'done' : 'failed',
      endedAt: at + 5_000,
      durationMs: 4_990,
      result: ok ? words(random, 5, 30).join(' ') : null,
      error: ok ? null : 'the command exited with code 1',
      usage: { inputTokens: random.int(100, 5_000), outputTokens: random.int(10, 900) },
    },
  };
}

/** Tells `writer` about `event`, as the app's wiring does. */
export function feed(writer: HistoryWriter, event: ConversationEvent): void {
  if (event.kind === 'entry') writer.entry(event.conversationId, event.entry);
  else if (event.kind === 'task') writer.task(event.task);
  else writer.taskProgress(event);
}
