import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  INITIAL_CONVERSATION_STATE,
  type ConversationState,
} from '../../../preload/schemas/conversation';
import type { TalkMode } from '../../../preload/schemas/settings';
import type { TalkView } from '../../../preload/schemas/talk';
import { setApiForTesting } from '../../../renderer/src/api';
import TalkButton from '../../../renderer/src/components/TalkButton.vue';
import { useConversationStore } from '../../../renderer/src/stores/conversation';
import { useTalkStore } from '../../../renderer/src/stores/talk';
import { createFakeApi, type FakeApi } from './fake-api';

let fake: FakeApi;

beforeEach(() => {
  fake = createFakeApi();
  setApiForTesting(fake.api);
});
afterEach(() => setApiForTesting(null));

function talkView(mode: TalkMode, patch: Partial<TalkView> = {}): TalkView {
  return { state: 'idle', mode, muted: false, latched: false, gated: false, ...patch };
}

/** The button over a testing pinia whose actions run for real against the fake API. */
function mountButton(view: TalkView | null, conversation: Partial<ConversationState> = {}) {
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    stubActions: false,
    initialState: {
      conversation: { state: { ...INITIAL_CONVERSATION_STATE, phase: 'live', ...conversation } },
      talk: { view },
    },
  });
  const wrapper = mount(TalkButton, { global: { plugins: [pinia] }, attachTo: document.body });
  const button = wrapper.get('[data-testid="talk"]');
  return { wrapper, button, talk: useTalkStore(pinia), conversation: useConversationStore(pinia) };
}

const presses = () =>
  fake.calls.filter((c) => c.channel === 'conversation.talk').map((c) => c.payload);
const commands = () => fake.calls.filter((c) => c.channel === 'talk.command').map((c) => c.payload);

describe('TalkButton labels follow main', () => {
  it('hold: "Hold to talk" while idle, "Talking…" while main says a turn is on', async () => {
    const { wrapper, button, talk } = mountButton(talkView('hold'));
    expect(button.text()).toBe('Hold to talk');
    expect(button.attributes('aria-pressed')).toBe('false');
    talk.subscribe();
    fake.emit('talk.state', talkView('hold', { state: 'talking' }));
    await flushPromises();
    expect(button.text()).toBe('Talking…');
    expect(button.attributes('aria-pressed')).toBe('true');
    expect(wrapper.get('[data-testid="talk-announcement"]').text()).toBe('Talking');
    fake.emit('talk.state', talkView('hold'));
    await flushPromises();
    expect(button.text()).toBe('Hold to talk');
    expect(wrapper.get('[data-testid="talk-announcement"]').text()).toBe('Not talking');
    wrapper.unmount();
  });

  it('toggle: "Start talking" / "Stop talking"', async () => {
    const { wrapper, button, talk } = mountButton(talkView('toggle'));
    expect(button.text()).toBe('Start talking');
    talk.view = talkView('toggle', { state: 'talking', latched: true });
    await flushPromises();
    expect(button.text()).toBe('Stop talking');
    wrapper.unmount();
  });

  it('auto: "Tap or hold to talk", "Talking…" while held, "Talking — tap to stop" when latched', async () => {
    const { wrapper, button, talk } = mountButton(talkView('auto'));
    expect(button.text()).toBe('Tap or hold to talk');
    talk.view = talkView('auto', { state: 'talking' });
    await flushPromises();
    expect(button.text()).toBe('Talking…');
    talk.view = talkView('auto', { state: 'talking', latched: true });
    await flushPromises();
    expect(button.text()).toBe('Talking — tap to stop');
    wrapper.unmount();
  });

  it('hands-free: "Listening", and "Interrupt" while Parley speaks (no pressed state)', async () => {
    const { wrapper, button, conversation } = mountButton(
      talkView('hands-free', { state: 'listening' }),
    );
    expect(button.text()).toBe('Listening');
    expect(button.attributes('aria-pressed')).toBeUndefined();
    conversation.state = { ...conversation.state, activity: 'assistant_speaking' };
    await flushPromises();
    expect(button.text()).toBe('Interrupt');
    await button.trigger('pointerdown', { pointerId: 1 });
    expect(presses()).toEqual([{ pressed: true }]);
    wrapper.unmount();
  });

  it('before main has answered, shows the mode from the conversation state', () => {
    const { wrapper, button } = mountButton(null, { talkMode: 'toggle' });
    expect(button.text()).toBe('Start talking');
    wrapper.unmount();
  });
});

describe('TalkButton input', () => {
  it('pointer down/up send press and release, capturing the pointer so a drag off still releases', async () => {
    const { wrapper, button } = mountButton(talkView('hold'));
    const capture = vi.spyOn(button.element, 'setPointerCapture');
    await button.trigger('pointerdown', { pointerId: 7, button: 0 });
    expect(capture).toHaveBeenCalledWith(7);
    expect(button.attributes('data-pressed')).toBe('true');
    await button.trigger('pointerdown', { pointerId: 7, button: 0 }); // no second press
    await button.trigger('pointerup', { pointerId: 7 });
    await button.trigger('lostpointercapture', { pointerId: 7 }); // follows every pointerup
    await flushPromises();
    expect(presses()).toEqual([{ pressed: true }, { pressed: false }]);
    expect(button.attributes('data-pressed')).toBe('false');
    wrapper.unmount();
  });

  it('a cancelled pointer (or a lost capture) releases; a right click does nothing', async () => {
    const { wrapper, button } = mountButton(talkView('auto'));
    await button.trigger('pointerdown', { pointerId: 2, button: 2 });
    expect(presses()).toEqual([]);
    await button.trigger('pointerdown', { pointerId: 3, button: 0 });
    await button.trigger('pointercancel', { pointerId: 3 });
    await button.trigger('pointerdown', { pointerId: 4, button: 0 });
    await button.trigger('lostpointercapture', { pointerId: 4 });
    await flushPromises();
    expect(presses()).toEqual([
      { pressed: true },
      { pressed: false },
      { pressed: true },
      { pressed: false },
    ]);
    wrapper.unmount();
  });

  it('Space holds (key repeat ignored); Enter toggles with talk.command', async () => {
    const { wrapper, button } = mountButton(talkView('hold'));
    await button.trigger('keydown', { key: ' ' });
    await button.trigger('keydown', { key: ' ', repeat: true });
    await button.trigger('keyup', { key: ' ' });
    await button.trigger('keydown', { key: 'Enter' });
    await button.trigger('keydown', { key: 'Enter', repeat: true });
    await flushPromises();
    expect(presses()).toEqual([{ pressed: true }, { pressed: false }]);
    expect(commands()).toEqual([{ command: 'toggle' }]);
    wrapper.unmount();
  });

  it('Enter in hands-free is a tap (interrupt), never a toggle that would stop listening', async () => {
    const { wrapper, button } = mountButton(talkView('hands-free', { state: 'listening' }));
    await button.trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(presses()).toEqual([{ pressed: true }, { pressed: false }]);
    expect(commands()).toEqual([]);
    wrapper.unmount();
  });

  it('takes the toggle result as the new view', async () => {
    fake.reply('talk.command', () => ({
      ok: true,
      value: talkView('toggle', { state: 'talking', latched: true }),
    }));
    const { wrapper, button } = mountButton(talkView('toggle'));
    await button.trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(button.text()).toBe('Stop talking');
    wrapper.unmount();
  });

  it('is disabled while the microphone is off, and a hold in progress lets go', async () => {
    const { wrapper, button, talk } = mountButton(talkView('hold'));
    await button.trigger('pointerdown', { pointerId: 1 });
    talk.view = talkView('hold', { muted: true });
    await flushPromises();
    expect(button.attributes('disabled')).toBeDefined();
    expect(button.attributes('title')).toMatch(/microphone is off/);
    expect(presses()).toEqual([{ pressed: true }, { pressed: false }]);
    wrapper.unmount();
  });

  it('lets go of a hold when it goes away or loses focus', async () => {
    const first = mountButton(talkView('hold'));
    await first.button.trigger('keydown', { key: ' ' });
    await first.button.trigger('blur');
    await first.button.trigger('pointerdown', { pointerId: 1 });
    first.wrapper.unmount();
    await flushPromises();
    expect(presses()).toEqual([
      { pressed: true },
      { pressed: false },
      { pressed: true },
      { pressed: false },
    ]);
  });
});
