import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  INITIAL_CONVERSATION_STATE,
  type ConversationState,
} from '../../../preload/schemas/conversation';
import type { Problem } from '../../../preload/schemas/problem';
import HostGone from '../../../renderer/src/components/HostGone.vue';
import OnboardingGuide from '../../../renderer/src/components/OnboardingGuide.vue';
import ProblemNotice from '../../../renderer/src/components/ProblemNotice.vue';
import StatusBar from '../../../renderer/src/components/StatusBar.vue';
import { useConversationStore } from '../../../renderer/src/stores/conversation';
import { useSettingsStore } from '../../../renderer/src/stores/settings';
import { useUiStore } from '../../../renderer/src/stores/ui';
import { VIEW } from './fake-api';

const unreachable: Problem = {
  summary: 'Could not reach api.openai.com — check your connection or the endpoint in Settings.',
  detail: 'Could not connect to wss://api.openai.com/v1/realtime?model=gpt-realtime-1.5: ENOTFOUND',
  actions: ['retry', 'open_settings'],
  field: 'realtimeUrl',
};

afterEach(() => vi.unstubAllGlobals());

describe('ProblemNotice: the whole text, details on request, copy, the fix', () => {
  it('shows the plain words, hides the detail until asked, and offers the actions in order', async () => {
    const wrapper = mount(ProblemNotice, { props: { problem: unreachable } });
    expect(wrapper.get('[data-testid="problem-summary"]').text()).toBe(unreachable.summary);
    expect(wrapper.find('[data-testid="problem-detail"]').exists()).toBe(false);
    const toggle = wrapper.get('[data-testid="problem-details"]');
    expect(toggle.attributes('aria-expanded')).toBe('false');
    await toggle.trigger('click');
    expect(toggle.attributes('aria-expanded')).toBe('true');
    expect(wrapper.get('[data-testid="problem-detail"]').text()).toBe(unreachable.detail);
    const buttons = wrapper.findAll('.problem-actions button').map((b) => b.text());
    expect(buttons.slice(0, 2)).toEqual(['Try again', 'Open Settings']);
    await wrapper.get('[data-testid="problem-open_settings"]').trigger('click');
    await wrapper.get('[data-testid="problem-retry"]').trigger('click');
    expect(wrapper.emitted('action')).toEqual([['open_settings'], ['retry']]);
  });

  it('copies the words and the detail together', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    const wrapper = mount(ProblemNotice, { props: { problem: unreachable } });
    await wrapper.get('[data-testid="copy"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.get('[data-testid="copy"]').text()).toBe('Copied'));
    expect(writeText).toHaveBeenCalledWith(`${unreachable.summary}\n\n${unreachable.detail}`);
  });

  it('has no Details button when there is nothing more to say', () => {
    const wrapper = mount(ProblemNotice, { props: { problem: { ...unreachable, detail: null } } });
    expect(wrapper.find('[data-testid="problem-details"]').exists()).toBe(false);
  });
});

function statusBar(state: Partial<ConversationState>, attached = true) {
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    initialState: {
      conversation: { state: { ...INITIAL_CONVERSATION_STATE, ...state }, attached },
    },
  });
  const wrapper = mount(StatusBar, { global: { plugins: [pinia] } });
  return { wrapper, conversation: useConversationStore(pinia), ui: useUiStore(pinia) };
}

describe('StatusBar: Start and what stops it', () => {
  const blocker: Problem = {
    summary:
      'Add an API key to start: enter it in Settings, or set OPENAI_API_KEY before starting Parley.',
    detail: null,
    actions: ['open_settings'],
    field: 'apiKey',
  };

  it('disables Start with the reason, and Open Settings goes to the key', async () => {
    const { wrapper, ui } = statusBar({ startBlocker: blocker });
    const start = wrapper.get('[data-testid="start"]');
    expect(start.attributes('disabled')).toBeDefined();
    expect(start.attributes('aria-describedby')).toBe('start-blocker');
    expect(wrapper.get('#start-blocker [data-testid="problem-summary"]').text()).toBe(
      blocker.summary,
    );
    await wrapper.get('[data-testid="problem-open_settings"]').trigger('click');
    expect(ui.openSettings).toHaveBeenCalledWith('apiKey');
  });

  it('shows a failure with Try again, which starts again', async () => {
    const { wrapper, conversation } = statusBar({ error: unreachable });
    expect(wrapper.get('[data-testid="start"]').attributes('disabled')).toBeUndefined();
    await wrapper.get('[data-testid="problem-retry"]').trigger('click');
    expect(conversation.start).toHaveBeenCalled();
  });

  it('shows the last-turn latency and drops only when there are any', () => {
    const quiet = statusBar({ phase: 'live', activity: 'listening' }).wrapper;
    expect(quiet.find('[data-testid="turn-latency"]').exists()).toBe(false);
    expect(quiet.find('[data-testid="dropped-frames"]').exists()).toBe(false);
    const { wrapper } = statusBar({
      phase: 'live',
      activity: 'listening',
      diagnostics: { lastTurnLatencyMs: 640, droppedInputFrames: 12, playbackUnderruns: 0 },
    });
    expect(wrapper.get('[data-testid="turn-latency"]').text()).toBe('Last turn 640 ms');
    expect(wrapper.get('[data-testid="dropped-frames"]').text()).toBe('12 mic frames dropped');
    expect(wrapper.find('[data-testid="playback-gaps"]').exists()).toBe(false);
  });
});

describe('the first-run guide and the host-gone page (testing pinia)', () => {
  it('the guide asks for the key first and skipping it saves only that it was seen', async () => {
    const pinia = createTestingPinia({
      createSpy: vi.fn,
      initialState: { settings: { view: VIEW } },
    });
    const wrapper = mount(OnboardingGuide, { props: { view: VIEW }, global: { plugins: [pinia] } });
    expect(wrapper.get('h2').text()).toBe('An OpenAI API key, or offline commands');
    await wrapper.get('[data-testid="guide-skip"]').trigger('click');
    expect(useSettingsStore(pinia).save).toHaveBeenCalledWith({ onboarded: true });
  });

  it('the host-gone page says exactly what to run', () => {
    const command = 'cd /home/u/parley && npm run serve';
    const pinia = createTestingPinia({
      createSpy: vi.fn,
      initialState: {
        ui: {
          hostLost: true,
          info: {
            name: 'Parley',
            version: '1',
            host: 'browser',
            platform: 'linux',
            restartCommand: command,
          },
        },
      },
    });
    const wrapper = mount(HostGone, { global: { plugins: [pinia] } });
    expect(wrapper.get('[data-testid="host-gone-command"]').text()).toBe(command);
    expect(wrapper.get('[role="alertdialog"]').attributes('aria-describedby')).toBe(
      'host-gone-text',
    );
  });
});
