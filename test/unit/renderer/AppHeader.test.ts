import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { INITIAL_CONVERSATION_STATE } from '../../../preload/schemas/conversation';
import AppHeader from '../../../renderer/src/components/AppHeader.vue';
import { useUiStore } from '../../../renderer/src/stores/ui';
import { status } from './history-fixtures';

describe('AppHeader: the History button', () => {
  function mountHeader(historyStatus = status()) {
    const pinia = createTestingPinia({
      createSpy: vi.fn,
      stubActions: false,
      initialState: {
        conversation: { state: { ...INITIAL_CONVERSATION_STATE }, attached: true },
        history: { status: historyStatus },
      },
    });
    return { wrapper: mount(AppHeader, { global: { plugins: [pinia] } }), ui: useUiStore(pinia) };
  }

  it('is a named button that opens and closes the history, one drawer at a time', async () => {
    const { wrapper, ui } = mountHeader();
    const button = wrapper.get('[data-testid="open-history"]');
    expect(button.element.tagName).toBe('BUTTON');
    expect(button.attributes('aria-label')).toBe('History');
    expect(button.attributes('tabindex')).toBeUndefined();
    ui.inspectorOpen = true;
    await button.trigger('click');
    expect(ui.historyOpen).toBe(true);
    expect(ui.inspectorOpen).toBe(false);
    expect(button.attributes('aria-pressed')).toBe('true');
    expect(wrapper.find('[data-testid="history-warning"]').exists()).toBe(false);
    await button.trigger('click');
    expect(ui.historyOpen).toBe(false);
  });

  it('carries a warning mark, named, while history is not being saved', () => {
    const { wrapper } = mountHeader(status({ location: 'memory', path: null }));
    const button = wrapper.get('[data-testid="open-history"]');
    expect(button.attributes('aria-label')).toBe('History: History in memory only');
    expect(wrapper.find('[data-testid="history-warning"]').exists()).toBe(true);
  });
});
