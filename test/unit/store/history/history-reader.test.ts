import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryReader } from '../../../../main/store/history/history-reader';
import { HistoryWriter } from '../../../../main/store/history/history-writer';
import { FakeClock } from '../../../fakes/fake-clock';
import { makeEntry, makeTask, memoryDatabase, redactKeys } from '../../../support/history-builders';

const DAY = 86_400_000;
// Noon UTC, so the local day is the same date in every time zone within ±11 h.
const MONDAY = Date.UTC(2025, 5, 2, 12);
const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

let db: DatabaseSync;
let writer: HistoryWriter;
let reader: HistoryReader;

function conversation(id: string, startedAt: number, words: string[]): void {
  writer.conversationStarted({ id, startedAt, protocol: 'v2', model: 'gpt-realtime' });
  words.forEach((text, i) => {
    const role = i % 2 === 0 ? 'user' : 'assistant';
    writer.entry(id, makeEntry({ id: `t${i + 1}`, role, text, at: startedAt + i * 1_000 }));
  });
  writer.conversationEnded(id, startedAt + words.length * 1_000);
}

beforeEach(() => {
  db = memoryDatabase();
  writer = new HistoryWriter({ db, clock: new FakeClock(), redact: redactKeys });
  reader = new HistoryReader(db, utcDay);
});

afterEach(() => {
  writer.dispose();
  db.close();
});

describe('HistoryReader list', () => {
  it('lists conversations by day, newest first, with counts and a title from the first user words', () => {
    conversation('a', MONDAY, ['  what broke   in the build  ', 'the linker']);
    conversation('b', MONDAY + 3_600_000, ['', 'hello', 'deploy the staging branch please']);
    conversation('c', MONDAY + DAY, ['tuesday question']);
    writer.conversationStarted({
      id: 'empty',
      startedAt: MONDAY + 2 * DAY,
      protocol: 'v2',
      model: 'm',
    });
    writer.task(makeTask({ id: 'task-1', conversationId: 'a', createdAt: MONDAY + 10 }));
    writer.flush();
    const days = reader.listDays();
    expect(days.map((d) => [d.day, d.conversations.map((c) => c.id)])).toEqual([
      ['2025-06-03', ['c']],
      ['2025-06-02', ['b', 'a']],
    ]);
    const a = days[1]?.conversations[1];
    expect(a).toEqual({
      id: 'a',
      startedAt: MONDAY,
      endedAt: MONDAY + 2_000,
      protocol: 'v2',
      model: 'gpt-realtime',
      title: 'what broke in the build',
      codexThreadId: null,
      entryCount: 2,
      taskCount: 1,
    });
    expect(days[1]?.conversations[0]?.title).toBe('deploy the staging branch please');
  });

  it('pages with before, and cuts long titles at a word', () => {
    for (let i = 0; i < 5; i++) {
      conversation(`c${i}`, MONDAY + i * 1_000, [`${'lorem ipsum dolor '.repeat(6)}number ${i}`]);
    }
    writer.flush();
    const first = reader.listConversations({ limit: 2 });
    expect(first.map((c) => c.id)).toEqual(['c4', 'c3']);
    const next = reader.listConversations({ limit: 2, before: first.at(-1)?.startedAt });
    expect(next.map((c) => c.id)).toEqual(['c2', 'c1']);
    expect(first[0]?.title.length).toBeLessThanOrEqual(60);
    expect(first[0]?.title).toMatch(/^lorem ipsum dolor lorem .*dolor…$/);
  });

  it('pages through conversations that started in the same millisecond without skipping one', () => {
    for (const id of ['t1', 't2', 't3', 't4', 't5']) conversation(id, MONDAY, [`say ${id}`]);
    writer.flush();
    const seen: string[] = [];
    let page = reader.listConversations({ limit: 2 });
    while (page.length > 0) {
      seen.push(...page.map((c) => c.id));
      const last = page.at(-1)!;
      page = reader.listConversations({ limit: 2, before: last.startedAt, beforeId: last.id });
    }
    expect(seen).toEqual(['t5', 't4', 't3', 't2', 't1']);
    // Without the id, a page boundary between ties skips the rest of them.
    expect(reader.listConversations({ limit: 2, before: MONDAY })).toEqual([]);
  });
});

describe('HistoryReader conversation', () => {
  it('returns the entries and tasks as they were written, with progress and status changes', () => {
    conversation('a', MONDAY, ['run the tests', 'on it']);
    writer.entry(
      'a',
      makeEntry({
        id: 't3',
        role: 'assistant',
        text: 'cut off here',
        heardChars: 7,
        at: MONDAY + 5_000,
      }),
    );
    writer.entry(
      'a',
      makeEntry({ id: 't4', text: 'typed words', typed: true, final: false, at: MONDAY + 6_000 }),
    );
    const task = makeTask({
      id: 'task-1',
      conversationId: 'a',
      createdAt: MONDAY + 1_000,
      prompt: 'run the tests',
    });
    writer.task(task);
    writer.task({ ...task, status: 'running', startedAt: MONDAY + 1_100 });
    writer.taskProgress({
      taskId: 'task-1',
      name: task.name,
      conversationId: 'a',
      at: MONDAY + 1_200,
      item: { kind: 'command', command: 'npm test', exitCode: 1, status: 'failed' },
    });
    writer.taskProgress({
      taskId: 'task-1',
      name: task.name,
      conversationId: 'a',
      at: MONDAY + 1_300,
      item: { kind: 'plan', items: [{ text: 'fix', completed: false }] },
    });
    const done = {
      ...task,
      status: 'failed' as const,
      startedAt: MONDAY + 1_100,
      endedAt: MONDAY + 1_900,
      durationMs: 800,
      error: 'tests failed',
      usage: { inputTokens: 10, outputTokens: 20 },
      cancelRequested: true,
      followUps: ['and lint'],
      followUpOf: 'task-0',
    };
    writer.task(done);
    writer.codexThread('a', 'thread-123');
    writer.flush();
    const saved = reader.conversation('a');
    expect(saved?.conversation.codexThreadId).toBe('thread-123');
    expect(saved?.entries.map((e) => [e.id, e.text, e.heardChars, e.typed, e.final])).toEqual([
      ['t1', 'run the tests', null, false, true],
      ['t2', 'on it', null, false, true],
      ['t3', 'cut off here', 7, false, true],
      ['t4', 'typed words', null, true, false],
    ]);
    expect(saved?.tasks).toEqual([
      {
        ...done,
        progress: [
          {
            at: MONDAY + 1_200,
            item: { kind: 'command', command: 'npm test', exitCode: 1, status: 'failed' },
          },
          {
            at: MONDAY + 1_300,
            item: { kind: 'plan', items: [{ text: 'fix', completed: false }] },
          },
        ],
        statusChanges: [
          { at: MONDAY + 1_000, status: 'queued' },
          { at: MONDAY + 1_100, status: 'running' },
          { at: MONDAY + 1_900, status: 'failed' },
        ],
      },
    ]);
    expect(reader.conversation('missing')).toBeNull();
  });

  it('gives the recent tasks of every conversation for the startup context, newest first', () => {
    conversation('a', MONDAY, ['x']);
    conversation('b', MONDAY + DAY, ['y']);
    writer.task(
      makeTask({
        id: 'task-1',
        name: 'task-1-fix-build',
        conversationId: 'a',
        createdAt: MONDAY,
        status: 'done',
        result: 'fixed the linker flags',
        prompt: 'fix the build',
      }),
    );
    writer.task(
      makeTask({
        id: 'task-1',
        name: 'task-1-deploy',
        conversationId: 'b',
        createdAt: MONDAY + DAY,
        status: 'failed',
        error: 'no credentials',
        prompt: 'deploy',
      }),
    );
    writer.task(
      makeTask({
        id: 'task-2',
        name: 'task-2-docs',
        conversationId: 'b',
        createdAt: MONDAY + DAY + 1,
        status: 'running',
      }),
    );
    writer.codexThread('a', 'thread-a');
    writer.flush();
    expect(reader.recentTasks(2)).toEqual([
      { name: 'task-2-docs', prompt: 'do the work', status: 'running', outcome: null },
      { name: 'task-1-deploy', prompt: 'deploy', status: 'failed', outcome: 'no credentials' },
    ]);
    expect(reader.recentTasks()[2]).toEqual({
      name: 'task-1-fix-build',
      prompt: 'fix the build',
      status: 'done',
      outcome: 'fixed the linker flags',
    });
    expect(reader.codexThreads()).toEqual({ a: 'thread-a' });
  });
});
