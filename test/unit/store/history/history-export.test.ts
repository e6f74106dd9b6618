import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryConversation } from '../../../../preload/schemas/history';
import {
  escapeMarkdown,
  exportJson,
  exportMarkdown,
  parseConversationExport,
} from '../../../../main/store/history/history-export';
import { HistoryReader } from '../../../../main/store/history/history-reader';
import { HistoryWriter } from '../../../../main/store/history/history-writer';
import { FakeClock } from '../../../fakes/fake-clock';
import {
  makeEntry,
  makeTask,
  memoryDatabase,
  redactKeys,
  TEST_KEY,
} from '../../../support/history-builders';

const T0 = Date.UTC(2025, 5, 2, 9, 30);
const utc = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

let db: DatabaseSync;
let saved: HistoryConversation;

beforeEach(() => {
  db = memoryDatabase();
  const writer = new HistoryWriter({ db, clock: new FakeClock(), redact: redactKeys });
  writer.conversationStarted({ id: 'c1', startedAt: T0, protocol: 'v2', model: 'gpt-realtime' });
  writer.codexThread('c1', 'thread-9');
  writer.entry(
    'c1',
    makeEntry({ id: 't1', text: 'fix *the* build <script>alert(1)</script>', at: T0 + 1_000 }),
  );
  writer.entry(
    'c1',
    makeEntry({
      id: 't2',
      role: 'assistant',
      text: 'Sure, starting now and then more',
      heardChars: 19,
      at: T0 + 2_000,
    }),
  );
  writer.entry(
    'c1',
    makeEntry({ id: 't3', text: `typed ${TEST_KEY}`, typed: true, at: T0 + 3_000 }),
  );
  const task = makeTask({
    id: 'task-1',
    name: 'task-1-fix-build',
    conversationId: 'c1',
    prompt: 'fix the build',
    createdAt: T0 + 1_500,
  });
  writer.task(task);
  writer.taskProgress({
    taskId: 'task-1',
    name: task.name,
    conversationId: 'c1',
    at: T0 + 1_600,
    item: { kind: 'command', command: 'echo `x`', exitCode: 0, status: 'completed' },
  });
  writer.taskProgress({
    taskId: 'task-1',
    name: task.name,
    conversationId: 'c1',
    at: T0 + 1_700,
    item: { kind: 'file_change', path: 'src/a.ts', change: 'update' },
  });
  writer.task({
    ...task,
    status: 'done',
    startedAt: T0 + 1_550,
    endedAt: T0 + 9_550,
    durationMs: 8_000,
    result: '# Done\n- relinked\n1. ok',
    usage: { inputTokens: 5, outputTokens: 7 },
  });
  writer.conversationEnded('c1', T0 + 60_000);
  writer.dispose();
  const found = new HistoryReader(db).conversation('c1');
  if (!found) throw new Error('the conversation was not saved');
  saved = found;
});

afterEach(() => db.close());

describe('exportJson', () => {
  it('round-trips: parsed back it equals what the reader returned', () => {
    const text = exportJson(saved);
    const parsed = parseConversationExport(text);
    expect(parsed).toEqual({ ok: true, value: saved });
    expect(JSON.parse(text)).toMatchObject({ format: 'parley.conversation', version: 1 });
    expect(text).not.toContain(TEST_KEY);
  });

  it('says what is wrong with a file that is not an export', () => {
    expect(parseConversationExport('{"format": "parley.conversation"')).toMatchObject({
      ok: false,
      error: { tag: 'malformed_json' },
    });
    const wrong = parseConversationExport(
      JSON.stringify({
        format: 'parley.conversation',
        version: 1,
        conversation: { conversation: {} },
      }),
    );
    expect(wrong).toMatchObject({ ok: false, error: { tag: 'not_an_export' } });
    if (!wrong.ok) expect(wrong.error.message).toMatch(/conversation\.conversation\.id/);
  });
});

describe('exportMarkdown', () => {
  it('writes the transcript and tasks, with unheard words struck through', () => {
    const md = exportMarkdown(saved, utc);
    expect(md).toBe(
      [
        '# fix \\*the\\* build \\<script\\>alert(1)\\</script\\>',
        '',
        '- Started: 2025-06-02 09:30:00',
        '- Ended: 2025-06-02 09:31:00',
        '- Protocol: v2, model: gpt-realtime',
        '- Codex thread: `thread-9`',
        '',
        '## Transcript',
        '',
        '**You** (2025-06-02 09:30:01): fix \\*the\\* build \\<script\\>alert(1)\\</script\\>',
        '',
        '**Parley** (2025-06-02 09:30:02): Sure, starting now ~~and then more~~ _(not heard: cut off)_',
        '',
        '**You** (2025-06-02 09:30:03, typed): typed \\[redacted\\]',
        '',
        '## Tasks',
        '',
        '### task-1-fix-build — done',
        '',
        '- Asked: fix the build',
        '- Created: 2025-06-02 09:30:01',
        '- Took: 8.0 s',
        '- Tokens: 5 in, 7 out',
        '',
        'Result:',
        '',
        '> \\# Done',
        '> \\- relinked',
        '> 1\\. ok',
        '',
        'Progress:',
        '',
        '- ran `` echo `x` `` (completed, exit 0)',
        '- update `src/a.ts`',
        '',
      ].join('\n'),
    );
  });

  it('escapes what would format or inject HTML, and nothing else', () => {
    expect(escapeMarkdown('a_b *c* [l](u) <b> &amp; ~~s~~ | x\ny')).toBe(
      'a\\_b \\*c\\* \\[l\\](u) \\<b\\> \\&amp; \\~\\~s\\~\\~ \\| x y',
    );
    expect(escapeMarkdown("don't panic, it's 3.5")).toBe("don't panic, it's 3.5");
  });
});
