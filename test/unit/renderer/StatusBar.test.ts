import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  INITIAL_CONVERSATION_STATE,
  type ConversationState,
} from '../../../preload/schemas/conversation';
import { setApiForTesting } from '../../../renderer/src/api';
import StatusBar from '../../../renderer/src/components/StatusBar.vue';
import { useConversationStore } from '../../../renderer/src/stores/conversation';
import { createFakeApi, type FakeApi } from './fake-api';

function state(patch: Partial<ConversationState> = {}): ConversationState {
  return { ...INITIAL_CONVERSATION_STATE, ...patch };
}

/** A problem as main explains it. */
function problem(summary: string): NonNullable<ConversationState['error']> {
  return { summary, detail: null, actions: ['retry'], field: null };
}

let fake: FakeApi;
let pinia: Pinia;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  fake = createFakeApi();
  setApiForTesting(fake.api);
});

afterEach(() => {
  setApiForTesting(null);
});

function mountBar() {
  return mount(StatusBar, { global: { plugins: [pinia] } });
}

async function mountAttached() {
  const wrapper = mountBar();
  await useConversationStore().attach();
  await flushPromises();
  return wrapper;
}

describe('StatusBar', () => {
  it('shows the state label and protocol', () => {
    const wrapper = mountBar();
    expect(wrapper.get('[data-testid="status-label"]').text()).toBe('Disconnected');
    expect(wrapper.text()).toContain('V2');
    expect(wrapper.find('[data-testid="status-error"]').exists()).toBe(false);
  });

  it('shows the billed time of a Live conversation, and none for V2', async () => {
    const wrapper = mountBar();
    expect(wrapper.find('[data-testid="status-usage"]').exists()).toBe(false);
    useConversationStore().state = state({ phase: 'live', protocol: 'live', usageSeconds: 125.7 });
    await flushPromises();
    expect(wrapper.text()).toContain('LIVE');
    expect(wrapper.get('[data-testid="status-usage"]').text()).toBe('2:05');
  });

  it('disables Start until the store is attached', async () => {
    const wrapper = mountBar();
    expect(wrapper.get('[data-testid="start"]').attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="start"]').trigger('click');
    expect(fake.channels()).not.toContain('conversation.start');
    await useConversationStore().attach();
    await flushPromises();
    expect(wrapper.get('[data-testid="start"]').attributes('disabled')).toBeUndefined();
  });

  it('calls conversation.start when Start is clicked', async () => {
    const wrapper = await mountAttached();
    await wrapper.get('[data-testid="start"]').trigger('click');
    await flushPromises();
    expect(fake.channels()).toEqual([
      'app.ready',
      'conversation.state',
      'conversation.transcript',
      'tasks.list',
      'talk.state',
      'conversation.start',
    ]);
  });

  it('shows the error when starting fails', async () => {
    fake.reply('conversation.start', () => ({
      ok: false,
      error: { kind: 'config', message: 'No API key: set OPENAI_API_KEY.' },
    }));
    const wrapper = await mountAttached();
    await wrapper.get('[data-testid="start"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="problem-summary"]').text()).toBe(
      'No API key: set OPENAI_API_KEY.',
    );
  });

  it('shows the error carried by the state', async () => {
    const wrapper = await mountAttached();
    fake.emit('conversation.state', state({ error: problem('The server closed the session.') }));
    await flushPromises();
    expect(wrapper.get('[data-testid="problem-summary"]').text()).toBe(
      'The server closed the session.',
    );
  });

  it('follows state events and offers Stop while active', async () => {
    const wrapper = await mountAttached();
    fake.emit('conversation.state', state({ phase: 'live', activity: 'assistant_speaking' }));
    await flushPromises();
    expect(wrapper.get('[data-testid="status-label"]').text()).toBe('Assistant speaking');
    expect(wrapper.find('[data-testid="start"]').exists()).toBe(false);
    await wrapper.get('[data-testid="stop"]').trigger('click');
    await flushPromises();
    expect(fake.channels()).toContain('conversation.stop');
  });

  it('shows the protocol of the current state', async () => {
    const wrapper = await mountAttached();
    fake.emit('conversation.state', state({ protocol: 'v1', phase: 'connecting' }));
    await flushPromises();
    expect(wrapper.text()).toContain('V1');
    expect(wrapper.get('[data-testid="status-label"]').text()).toBe('Connecting…');
  });

  it('says when the microphone is off, and when background listening only sends speech', async () => {
    const wrapper = await mountAttached();
    const view = { state: 'listening', mode: 'hands-free', muted: false, latched: false };
    fake.emit('conversation.state', state({ phase: 'live', talkMode: 'hands-free' }));
    fake.emit('talk.state', { ...view, gated: false });
    await flushPromises();
    expect(wrapper.find('[data-testid="status-mic-off"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="status-gated"]').exists()).toBe(false);
    fake.emit('talk.state', { ...view, gated: true });
    await flushPromises();
    expect(wrapper.get('[data-testid="status-gated"]').text()).toBe(
      'In the background: only speech is sent',
    );
    fake.emit('talk.state', { ...view, gated: true, muted: true });
    await flushPromises();
    expect(wrapper.get('[data-testid="status-mic-off"]').text()).toBe(
      'Mic off: Parley hears nothing',
    );
    expect(wrapper.find('[data-testid="status-gated"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="audio-mute"]').text()).toBe('Microphone off');
    expect(wrapper.get('[data-testid="talk"]').text()).toBe('Start listening');
    expect(wrapper.get('[data-testid="status-label"]').text()).toBe('Not listening');
  });
});
