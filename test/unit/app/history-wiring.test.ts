import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DelegateSettings } from '../../../main/delegate/index';
import { createTestApp, invoke } from '../../support/app-harness';
import { FakeDelegate } from '../delegate/fake-delegate';

const call = (callId: string, prompt: string) => ({
  type: 'conversation.item.done',
  item: {
    id: `i_${callId}`,
    type: 'function_call',
    call_id: callId,
    name: 'background_agent',
    arguments: JSON.stringify({ prompt }),
  },
});

/** The user says `text` (one transcribed item). */
function say(t: { receive: (event: object) => void }, text: string): void {
  t.receive({ type: 'input_audio_buffer.committed', item_id: `u-${text.length}` });
  t.receive({
    type: 'conversation.item.input_audio_transcription.completed',
    item_id: `u-${text.length}`,
    transcript: text,
  });
}

/** An app on a history file in `dataDir`, with a delegate the test drives. */
function appOn(dataDir: string, contexts: unknown[] = []) {
  const delegate = new FakeDelegate();
  const settingsSeen: DelegateSettings[] = [];
  const test = createTestApp({
    env: { PARLEY_TALK_MODE: 'hands-free' },
    historyDir: dataDir,
    overrides: {
      createDelegate: (settings) => (settingsSeen.push(settings), delegate),
      readStartupContext: async (input) => (contexts.push(input), ''),
    },
  });
  return { ...test, delegate, settingsSeen };
}

describe('history in the app', () => {
  it('saves text that reached the renderer only as deltas: an entry still streaming is whole', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-history-app-'));
    const { app, transports, events } = appOn(dataDir);
    await app.start();
    await invoke(app, 'conversation.start');
    const t = transports.latest!;
    for (const delta of ['Running ', 'the tests ', 'now']) {
      t.receive({ type: 'response.output_audio_transcript.delta', item_id: 'a1', delta });
    }
    expect(events.filter((e) => e.name === 'transcript.entry')).toHaveLength(1);
    const [day] = await invoke(app, 'history.list');
    const saved = await invoke(app, 'history.get', { id: day!.conversations[0]!.id });
    expect(saved.entries.map((e) => [e.text, e.final])).toEqual([['Running the tests now', false]]);
    await app.dispose();
  });

  it('saves the conversation, its transcript and its tasks as they happen, and answers the view', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-history-app-'));
    const { app, transports, delegate, wallClock } = appOn(dataDir);
    await app.start();
    await invoke(app, 'conversation.start');
    const t = transports.latest!;
    t.receive({ type: 'input_audio_buffer.committed', item_id: 'u1' });
    t.receive({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'u1',
      transcript: 'please run the zebra tests',
    });
    t.receive(call('c1', 'please run the zebra tests'));
    wallClock.advance(1_000);
    delegate.runs[0]!.done('All zebra tests pass; sk-leaked-key-0123456789 was in the log.');
    await new Promise((r) => setTimeout(r, 0));

    const days = await invoke(app, 'history.list');
    expect(days).toHaveLength(1);
    const [summary] = days[0]!.conversations;
    expect(summary).toMatchObject({ entryCount: 1, taskCount: 1 });
    const saved = await invoke(app, 'history.get', { id: summary!.id });
    expect(saved.entries.map((e) => e.text)).toEqual(['please run the zebra tests']);
    expect(saved.tasks[0]).toMatchObject({ status: 'done' });
    // Nothing key-shaped reaches the database.
    expect(saved.tasks[0]!.result).toContain('[redacted]');
    expect(saved.tasks[0]!.result).not.toContain('sk-leaked');

    const hits = await invoke(app, 'history.search', { query: 'zebra' });
    expect(hits.map((h) => h.source).sort()).toEqual(['task_prompt', 'task_result', 'transcript']);
    const file = await invoke(app, 'history.export', { id: summary!.id, format: 'markdown' });
    expect(file.text).toContain('please run the zebra tests');
    // A past conversation is deleted (a live one would go on being saved).
    await invoke(app, 'conversation.stop');
    expect(await invoke(app, 'history.delete', { id: summary!.id })).toBe(true);
    expect(await app.handlers['history.get']({ id: summary!.id })).toMatchObject({
      ok: false,
      error: { tag: 'not_found' },
    });
    await app.dispose();
  });

  it('after a restart the startup context recalls the saved tasks, and Codex resumes the thread', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-history-resume-'));
    const first = appOn(dataDir);
    await first.app.start();
    await invoke(first.app, 'conversation.start');
    first.transports.latest!.receive(call('c1', 'fix the flaky build'));
    const codex = first.settingsSeen.at(-1)!.codex!;
    const conversationId = first.delegate.runs[0]!.request.conversationId;
    codex.onThread?.(conversationId, 'thread-abc');
    first.delegate.runs[0]!.done('Fixed: a race in the cache.');
    await new Promise((r) => setTimeout(r, 0));
    await first.app.dispose();

    const contexts: { recentTasks: { prompt?: string; outcome?: string | null }[] }[] = [];
    const second = appOn(dataDir, contexts);
    await second.app.start();
    await invoke(second.app, 'conversation.start');
    expect(contexts[0]!.recentTasks[0]).toMatchObject({
      prompt: 'fix the flaky build',
      outcome: 'Fixed: a race in the cache.',
    });
    second.transports.latest!.receive(call('c2', 'continue that task'));
    const nextConversation = second.delegate.runs[0]!.request.conversationId;
    expect(nextConversation).not.toBe(conversationId);
    expect(second.settingsSeen.at(-1)!.codex!.threadFor?.(nextConversation)).toBe('thread-abc');
    await second.app.dispose();
  });

  it('keeps conversations for the historyDays setting: a shorter setting removes older ones at once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-history-days-'));
    const { app, wallClock, transports } = appOn(dataDir);
    await app.start();
    await invoke(app, 'conversation.start');
    say(transports.latest!, 'an old conversation');
    await invoke(app, 'conversation.stop');
    await new Promise((r) => setTimeout(r, 0));
    expect((await invoke(app, 'history.list')).flatMap((d) => d.conversations)).toHaveLength(1);
    wallClock.advance(40 * 86_400_000);
    // 40 days old: within the default 90 days it stays, past a 30-day setting it goes.
    await invoke(app, 'settings.update', { historyDays: 60 });
    expect((await invoke(app, 'history.list')).flatMap((d) => d.conversations)).toHaveLength(1);
    await invoke(app, 'settings.update', { historyDays: 30 });
    expect((await invoke(app, 'history.list')).flatMap((d) => d.conversations)).toHaveLength(0);
    await app.dispose();
  });

  it('starts its daily pass only once the settings are loaded, with their rules', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-history-start-'));
    const first = appOn(dataDir);
    await first.app.start();
    await invoke(first.app, 'settings.update', { historyDays: 365 });
    await invoke(first.app, 'conversation.start');
    say(first.transports.latest!, 'kept for a year');
    await invoke(first.app, 'conversation.stop');
    await first.app.dispose();
    // A restart 200 days later: the saved 365-day setting keeps it (the default 90 would not).
    const second = createTestApp({
      historyDir: dataDir,
      overrides: { settingsStore: first.deps.settingsStore },
    });
    second.wallClock.advance(200 * 86_400_000 + (first.wallClock.now() - second.wallClock.now()));
    await second.app.start();
    expect((await invoke(second.app, 'history.list')).flatMap((d) => d.conversations)).toHaveLength(
      1,
    );
    await second.app.dispose();
  });
});
