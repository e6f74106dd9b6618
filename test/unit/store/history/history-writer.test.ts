import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryOp } from '../../../../main/store/history/history-ops';
import { HistoryReader } from '../../../../main/store/history/history-reader';
import { HistoryWriter } from '../../../../main/store/history/history-writer';
import type {
  HistoryWriteError,
  HistoryWriterOptions,
} from '../../../../main/store/history/history-writer-types';
import { FakeClock } from '../../../fakes/fake-clock';
import {
  makeEntry,
  makeTask,
  memoryDatabase,
  redactKeys,
  TEST_KEY,
} from '../../../support/history-builders';

const START = { id: 'c1', startedAt: 1_000, protocol: 'v2', model: 'gpt-realtime' };

let db: DatabaseSync;
let clock: FakeClock;
let writer: HistoryWriter;
let batches: (readonly HistoryOp[])[];
let errors: HistoryWriteError[];

function build(options: Partial<HistoryWriterOptions> = {}): HistoryWriter {
  writer?.dispose();
  writer = new HistoryWriter({ db, clock, redact: redactKeys, ...options });
  batches = [];
  errors = [];
  writer.on('committed', ({ ops }) => batches.push(ops));
  writer.on('error', (e) => errors.push(e));
  return writer;
}

const entriesIn = (id = 'c1') => new HistoryReader(db).conversation(id)?.entries ?? [];

beforeEach(() => {
  db = memoryDatabase();
  clock = new FakeClock(0);
  build();
});

afterEach(() => {
  writer.dispose();
  db.close();
});

describe('HistoryWriter batching', () => {
  it('commits within 250 ms of the first change, in one transaction', () => {
    writer.conversationStarted(START);
    writer.entry('c1', makeEntry({ id: 't1', text: 'hello' }));
    clock.advance(249);
    expect(batches).toHaveLength(0);
    expect(entriesIn()).toHaveLength(0);
    clock.advance(1);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.map((op) => op.kind)).toEqual(['conversation_started', 'entry']);
    expect(entriesIn().map((e) => e.text)).toEqual(['hello']);
  });

  it('coalesces the repeated upserts of a streamed entry into the latest one', () => {
    writer.conversationStarted(START);
    let text = '';
    for (const word of 'the build is green again after the fix'.split(' ')) {
      text += (text ? ' ' : '') + word;
      writer.entry('c1', makeEntry({ id: 't1', role: 'assistant', text, final: false }));
    }
    writer.entry('c1', makeEntry({ id: 't1', role: 'assistant', text, final: true }));
    clock.advance(250);
    const entryOps = batches.flat().filter((op) => op.kind === 'entry');
    expect(entryOps).toHaveLength(1);
    expect(entriesIn()).toEqual([makeEntry({ id: 't1', role: 'assistant', text, final: true })]);
    expect(writer.status().pendingChanges).toBe(0);
  });

  it('splits a large backlog into batches of maxBatchOps and does not wait for the timer', () => {
    build({ maxBatchOps: 3 });
    writer.conversationStarted(START);
    for (let i = 1; i <= 6; i++) writer.entry('c1', makeEntry({ id: `t${i}`, text: `line ${i}` }));
    clock.advance(0);
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(entriesIn()).toHaveLength(6);
  });

  it('saves an entry whose conversation start was never written under a placeholder', () => {
    writer.entry('lost', makeEntry({ id: 't1', text: 'still saved' }));
    writer.flush();
    const saved = new HistoryReader(db).conversation('lost');
    expect(saved?.conversation.protocol).toBe('unknown');
    expect(saved?.entries.map((e) => e.text)).toEqual(['still saved']);
    writer.conversationStarted({ ...START, id: 'lost' });
    writer.flush();
    expect(new HistoryReader(db).conversation('lost')?.conversation.protocol).toBe('v2');
  });

  it('records each status a task went through, even within one batch', () => {
    writer.conversationStarted(START);
    const queued = makeTask({ id: 'task-1', conversationId: 'c1', createdAt: 1_000 });
    writer.task(queued);
    writer.task({ ...queued, status: 'running', startedAt: 1_100 });
    writer.task({ ...queued, status: 'running', startedAt: 1_100, usage: null });
    writer.task({ ...queued, status: 'done', startedAt: 1_100, endedAt: 1_900, result: 'ok' });
    clock.advance(250);
    const [task] = new HistoryReader(db).conversation('c1')?.tasks ?? [];
    expect(task?.status).toBe('done');
    expect(task?.result).toBe('ok');
    expect(task?.statusChanges).toEqual([
      { at: 1_000, status: 'queued' },
      { at: 1_100, status: 'running' },
      { at: 1_900, status: 'done' },
    ]);
  });

  it('keeps progress items in order up to the per-task limit and counts the rest', () => {
    build({ maxProgressPerTask: 3 });
    writer.conversationStarted(START);
    writer.task(makeTask({ id: 'task-1', conversationId: 'c1', status: 'running' }));
    for (let i = 1; i <= 5; i++) {
      writer.taskProgress({
        taskId: 'task-1',
        name: 'task-1-work',
        conversationId: 'c1',
        at: 1_000 + i,
        item: { kind: 'log', line: `line ${i}`, stream: 'stdout' },
      });
    }
    writer.flush();
    const [task] = new HistoryReader(db).conversation('c1')?.tasks ?? [];
    expect(task?.progress.map((p) => (p.item.kind === 'log' ? p.item.line : ''))).toEqual([
      'line 1',
      'line 2',
      'line 3',
    ]);
    expect(task?.progressDropped).toBe(2);
  });
});

describe('HistoryWriter redaction', () => {
  it('never writes the key: entries, tasks, progress and the search index are redacted', () => {
    writer.conversationStarted(START);
    const said = `my key is ${TEST_KEY} ok`;
    writer.entry(
      'c1',
      makeEntry({ id: 't1', role: 'assistant', text: said, heardChars: said.length }),
    );
    const task = makeTask({
      id: 'task-1',
      conversationId: 'c1',
      prompt: `use ${TEST_KEY}`,
      text: `use ${TEST_KEY}`,
      result: `exported OPENAI_API_KEY=${TEST_KEY}`,
      error: TEST_KEY,
      followUps: [TEST_KEY],
    });
    writer.task(task);
    writer.taskProgress({
      taskId: 'task-1',
      name: 'task-1-work',
      conversationId: 'c1',
      at: 2_000,
      item: {
        kind: 'command',
        command: `curl -H "Bearer ${TEST_KEY}"`,
        exitCode: 0,
        status: 'completed',
      },
    });
    writer.flush();
    const dump =
      JSON.stringify(db.prepare('SELECT * FROM entries').all()) +
      JSON.stringify(db.prepare('SELECT * FROM tasks').all()) +
      JSON.stringify(db.prepare('SELECT * FROM task_events').all());
    expect(dump).not.toContain(TEST_KEY);
    expect(dump).not.toContain('0123456789abcdefghij');
    const [entry] = entriesIn();
    expect(entry?.text).toBe('my key is [redacted] ok');
    // The heard length is recounted on the redacted text: all of it was heard.
    expect(entry?.heardChars).toBe(entry?.text.length);
    expect(new HistoryReader(db).search('0123456789abcdefghij')).toEqual([]);
    expect(
      batches
        .flat()
        .map((op) => JSON.stringify(op))
        .join(),
    ).not.toContain(TEST_KEY);
  });

  it('recounts a partly heard entry so the same words stay heard', () => {
    writer.conversationStarted(START);
    const text = `the key ${TEST_KEY} is set. And then more words`;
    const heard = `the key ${TEST_KEY} is set.`.length;
    writer.entry('c1', makeEntry({ id: 't1', role: 'assistant', text, heardChars: heard }));
    writer.flush();
    const [entry] = entriesIn();
    expect(entry?.text.slice(0, entry.heardChars ?? 0)).toBe('the key [redacted] is set.');
  });
});

describe('HistoryWriter text hygiene', () => {
  it('removes the characters that mark search matches, so a snippet cannot be forged', () => {
    writer.conversationStarted(START);
    writer.entry('c1', makeEntry({ id: 't1', text: 'a\u0002fake\u0003 mark' }));
    writer.flush();
    expect(entriesIn()[0]?.text).toBe('afake mark');
    expect(new HistoryReader(db).search('mark')[0]?.ranges).toEqual([{ start: 6, end: 10 }]);
  });
});

describe('HistoryWriter lifecycle', () => {
  it('forget drops what waits for a conversation and restarts it when it is still live', () => {
    writer.conversationStarted(START);
    writer.entry('c1', makeEntry({ id: 't1', text: 'forget me' }));
    writer.forget('c1');
    writer.flush();
    const saved = new HistoryReader(db).conversation('c1');
    expect(saved?.entries).toEqual([]);
    expect(saved?.conversation.protocol).toBe('v2');
    expect(writer.liveConversationIds()).toEqual(['c1']);
    writer.conversationEnded('c1', 5_000);
    expect(writer.liveConversationIds()).toEqual([]);
  });

  it('dispose saves what waits, is idempotent, unsubscribes and ignores later changes', () => {
    writer.conversationStarted(START);
    writer.entry('c1', makeEntry({ id: 't1', text: 'last words' }));
    expect(writer.dispose()).toEqual({ unsaved: 0 });
    expect(writer.dispose()).toEqual({ unsaved: 0 });
    expect(entriesIn().map((e) => e.text)).toEqual(['last words']);
    writer.entry('c1', makeEntry({ id: 't2', text: 'too late' }));
    expect(clock.pendingTimers()).toBe(0);
    expect(entriesIn()).toHaveLength(1);
    expect(
      (writer as unknown as { emitter: { listenerCount(): number } }).emitter.listenerCount(),
    ).toBe(0);
  });
});
