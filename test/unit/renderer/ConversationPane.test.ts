import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import {
  INITIAL_CONVERSATION_STATE,
  type ConversationState,
} from '../../../preload/schemas/conversation';
import type { SettingsView } from '../../../preload/schemas/settings';
import ConversationPane from '../../../renderer/src/components/ConversationPane.vue';
import { useUiStore } from '../../../renderer/src/stores/ui';
import { VIEW } from './fake-api';

function pane(state: Partial<ConversationState>, view: SettingsView = VIEW) {
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    initialState: {
      conversation: { state: { ...INITIAL_CONVERSATION_STATE, ...state }, attached: true },
      settings: { view },
    },
  });
  return { wrapper: mount(ConversationPane, { global: { plugins: [pinia] } }), pinia };
}

describe('the empty conversation pane', () => {
  it('with the offline commands in effect, says to press Start and ask what it can do', async () => {
    const { wrapper, pinia } = pane({ backend: 'offline' });
    expect(wrapper.get('[data-testid="offline-hint"]').text()).toMatch(
      /^Press Start and say “?what can you do”?: Parley lists the offline commands/,
    );
    await wrapper.get('[data-testid="offline-add-key"]').trigger('click');
    expect(useUiStore(pinia).openSettings).toHaveBeenCalledWith('apiKey');
  });

  it('while an offline conversation listens, says what to say', () => {
    const { wrapper } = pane({ backend: 'offline', phase: 'live', activity: 'listening' });
    expect(wrapper.get('[data-testid="offline-hint"]').text()).toMatch(
      /^Listening for the offline commands: say “?what can you do”? to hear them/,
    );
  });

  it('offline by choice with a key stored points at the backend choice, not the key', async () => {
    const { wrapper, pinia } = pane(
      { backend: 'offline' },
      { ...VIEW, apiKey: { source: 'stored', last4: 'abcd' } },
    );
    await wrapper.get('[data-testid="offline-add-key"]').trigger('click');
    expect(useUiStore(pinia).openSettings).toHaveBeenCalledWith('backend');
  });

  it('with the cloud, keeps the plain Start hint', () => {
    const { wrapper } = pane({ backend: 'cloud' });
    expect(wrapper.find('[data-testid="offline-hint"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('Press Start to talk to Parley.');
  });
});
