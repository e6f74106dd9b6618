import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import type { TranscriptEntry } from '../../../preload/schemas/conversation';
import TranscriptList from '../../../renderer/src/components/TranscriptList.vue';
import { useTranscriptStore } from '../../../renderer/src/stores/transcript';
import { TRANSCRIPT_LIMIT } from '../../../renderer/src/stores/transcript-entries';

const entry = (
  i: number,
  conversationId = 'c1',
  patch: Partial<TranscriptEntry> = {},
): TranscriptEntry => ({
  id: `t${i}`,
  conversationId,
  role: i % 2 ? 'assistant' : 'user',
  text: `line ${i}`,
  final: true,
  at: 1_700_000_000_000 + i * 1000,
  typed: false,
  heardChars: null,
  ...patch,
});

beforeEach(() => setActivePinia(createPinia()));

describe('the transcript store', () => {
  it('keeps the latest 5,000 entries and updates a streaming line in place', () => {
    const transcript = useTranscriptStore();
    for (let i = 0; i < TRANSCRIPT_LIMIT + 10; i++) transcript.upsert(entry(i));
    expect(transcript.entries).toHaveLength(TRANSCRIPT_LIMIT);
    expect(transcript.entries[0]!.id).toBe('t10');
    transcript.upsert(entry(TRANSCRIPT_LIMIT + 9, 'c1', { text: 'line grew', final: false }));
    expect(transcript.entries).toHaveLength(TRANSCRIPT_LIMIT);
    expect(transcript.entries.at(-1)!.text).toBe('line grew');
    expect(transcript.lastAssistantFinal).toBeNull();
    transcript.upsert(entry(TRANSCRIPT_LIMIT + 9, 'c1', { text: 'line done' }));
    expect(transcript.lastAssistantFinal?.text).toBe('line done');
  });
});

describe('TranscriptList', () => {
  it('renders a window of 5,000 entries, not all of them, ending at the latest', async () => {
    const transcript = useTranscriptStore();
    for (let i = 0; i < 5000; i++) transcript.upsert(entry(i));
    const wrapper = mount(TranscriptList);
    await nextTick();
    expect(wrapper.get('ol').attributes('aria-setsize')).toBe('5000');
    const lines = wrapper.findAll('[data-testid="transcript-line"]');
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.length).toBeLessThan(60);
    expect(lines.at(-1)!.text()).toContain('line 4999');
    transcript.upsert(entry(4999, 'c1', { text: 'line 4999, and more words' }));
    await nextTick();
    expect(wrapper.findAll('[data-testid="transcript-line"]').at(-1)!.text()).toContain(
      'and more words',
    );
    wrapper.unmount();
  });

  it('puts a separator with the time before each conversation', async () => {
    const transcript = useTranscriptStore();
    transcript.upsert(entry(0, 'c1'));
    transcript.upsert(entry(1, 'c1'));
    transcript.upsert(entry(2, 'c2'));
    const wrapper = mount(TranscriptList);
    await nextTick();
    const separators = wrapper.findAll('[data-testid="conversation-separator"]');
    expect(separators).toHaveLength(2);
    const rows = wrapper.findAll('.transcript-row');
    expect(rows.map((r) => r.find('[data-testid="conversation-separator"]').exists())).toEqual([
      true,
      false,
      true,
    ]);
    expect(separators[1]!.text()).toMatch(/^Conversation · .*\d{1,2}:\d{2}/);
    wrapper.unmount();
  });

  it('marks what the user did not hear of an interrupted reply', async () => {
    const transcript = useTranscriptStore();
    transcript.upsert(entry(1, 'c1', { text: 'Hello there, friend', heardChars: 5 }));
    const wrapper = mount(TranscriptList);
    await nextTick();
    expect(wrapper.get('[data-testid="line-unheard"]').element.textContent).toBe(' there, friend');
    expect(wrapper.get('.line-text').text()).toContain('(not heard:)');
    wrapper.unmount();
  });
});
