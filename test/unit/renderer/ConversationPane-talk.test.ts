import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INITIAL_CONVERSATION_STATE } from '../../../preload/schemas/conversation';
import type { TalkView } from '../../../preload/schemas/talk';
import { setApiForTesting } from '../../../renderer/src/api';
import ConversationPane from '../../../renderer/src/components/ConversationPane.vue';
import { useConversationStore } from '../../../renderer/src/stores/conversation';
import { useTalkStore } from '../../../renderer/src/stores/talk';
import { createFakeApi } from './fake-api';

let pinia: Pinia;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  setApiForTesting(createFakeApi().api);
});

afterEach(() => setApiForTesting(null));

const talk = (patch: Partial<TalkView>): TalkView => ({
  state: 'idle',
  mode: 'hands-free',
  muted: false,
  latched: false,
  gated: false,
  ...patch,
});

async function hintWith(view: TalkView): Promise<string> {
  const wrapper = mount(ConversationPane, { global: { plugins: [pinia] } });
  useConversationStore().state = { ...INITIAL_CONVERSATION_STATE, phase: 'live' };
  useTalkStore().view = view;
  await flushPromises();
  return wrapper.get('[data-testid="conversation-hint"]').text();
}

describe('ConversationPane before the first line, by talk mode', () => {
  it('hands-free: says it listens', async () => {
    expect(await hintWith(talk({ mode: 'hands-free', state: 'listening' }))).toMatch(
      /^Listening\./,
    );
  });

  it.each([
    ['hold', /^Hold the talk button/],
    ['toggle', /^Press the talk button .* then press it again/],
    ['auto', /^Hold the talk button .* or tap it to start and again to stop/],
  ] as const)('%s: says how to talk, not that it listens', async (mode, expected) => {
    const hint = await hintWith(talk({ mode }));
    expect(hint).toMatch(expected);
    expect(hint).not.toMatch(/Listening/);
  });

  it('with the microphone off: says so, whatever the mode', async () => {
    expect(await hintWith(talk({ mode: 'hands-free', muted: true }))).toMatch(/microphone is off/);
  });
});
