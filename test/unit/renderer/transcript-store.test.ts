import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TranscriptEntry } from '../../../preload/schemas/conversation';
import { setApiForTesting } from '../../../renderer/src/api';
import { useTranscriptStore } from '../../../renderer/src/stores/transcript';
import { createFakeApi, type FakeApi } from './fake-api';

function entry(id: string, text: string, patch: Partial<TranscriptEntry> = {}): TranscriptEntry {
  return {
    id,
    conversationId: 'c1',
    role: 'user',
    text,
    final: false,
    at: 1,
    typed: false,
    heardChars: null,
    ...patch,
  };
}

let fake: FakeApi;

beforeEach(() => {
  setActivePinia(createPinia());
  fake = createFakeApi();
  setApiForTesting(fake.api);
});

afterEach(() => setApiForTesting(null));

const texts = () => useTranscriptStore().entries.map((e) => e.text);
const loads = () => fake.channels().filter((c) => c === 'conversation.transcript').length;

describe('the transcript store', () => {
  it('appends a delta to its own entry, even when a later entry came meanwhile', () => {
    const store = useTranscriptStore();
    store.subscribe();
    fake.emit('transcript.entry', entry('t1', 'run the '));
    fake.emit('transcript.entry', entry('t2', 'Sure', { role: 'assistant' }));
    fake.emit('transcript.delta', { id: 't1', at: 8, delta: 'tests' });
    fake.emit('transcript.delta', { id: 't2', at: 4, delta: ', running them.' });
    expect(texts()).toEqual(['run the tests', 'Sure, running them.']);
    expect(loads()).toBe(0);
  });

  it('a delta it already has (a transcript loaded meanwhile) changes nothing', () => {
    const store = useTranscriptStore();
    store.subscribe();
    fake.emit('transcript.entry', entry('t1', 'one two three'));
    fake.emit('transcript.delta', { id: 't1', at: 3, delta: ' two' });
    expect(texts()).toEqual(['one two three']);
    expect(loads()).toBe(0);
  });

  it('a delta past the end of its text, or for an entry it lacks, loads the transcript once', async () => {
    const store = useTranscriptStore();
    store.subscribe();
    fake.reply('conversation.transcript', () => ({
      ok: true,
      value: [entry('t1', 'one two three four'), entry('t9', 'later')],
    }));
    fake.emit('transcript.entry', entry('t1', 'one'));
    fake.emit('transcript.delta', { id: 't1', at: 7, delta: ' three' });
    fake.emit('transcript.delta', { id: 't9', at: 0, delta: 'later' });
    expect(loads()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(texts()).toEqual(['one two three four', 'later']);
  });
});
