import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TalkView } from '../../../preload/schemas/talk';
import { setApiForTesting } from '../../../renderer/src/api';
import AudioControls from '../../../renderer/src/components/AudioControls.vue';
import { useTalkStore } from '../../../renderer/src/stores/talk';
import { createFakeApi, type FakeApi } from './fake-api';

function talkView(patch: Partial<TalkView> = {}): TalkView {
  return { state: 'idle', mode: 'auto', muted: false, latched: false, gated: false, ...patch };
}

let fake: FakeApi;

beforeEach(() => {
  fake = createFakeApi();
  setApiForTesting(fake.api);
});
afterEach(() => setApiForTesting(null));

function mountControls(view: TalkView | null) {
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    stubActions: false,
    initialState: { talk: { view } },
  });
  const wrapper = mount(AudioControls, { global: { plugins: [pinia] } });
  return {
    wrapper,
    mute: () => wrapper.get('[data-testid="audio-mute"]'),
    talk: useTalkStore(pinia),
  };
}

describe('the mute button is main’s microphone kill switch', () => {
  it('says what it mutes, and clicking sends talk.mute and shows main’s answer', async () => {
    fake.reply('talk.mute', () => ({ ok: true, value: talkView({ muted: true }) }));
    const { wrapper, mute } = mountControls(talkView());
    expect(mute().text()).toBe('Mute mic');
    expect(mute().attributes('aria-pressed')).toBe('false');
    expect(mute().attributes('title')).toMatch(
      /every way in \(this window, the talk key, the tray/,
    );
    expect(mute().attributes('title')).toMatch(/its voice still plays/);
    await mute().trigger('click');
    await flushPromises();
    expect(fake.calls).toEqual([{ channel: 'talk.mute', payload: { muted: true } }]);
    expect(mute().text()).toBe('Microphone off');
    expect(mute().attributes('aria-pressed')).toBe('true');
    expect(mute().attributes('title')).toMatch(/Parley hears nothing\. Click to turn it on/);
    fake.reply('talk.mute', () => ({ ok: true, value: talkView() }));
    await mute().trigger('click');
    await flushPromises();
    expect(fake.calls.at(-1)).toEqual({ channel: 'talk.mute', payload: { muted: false } });
    expect(mute().text()).toBe('Mute mic');
    wrapper.unmount();
  });

  it('follows talk.state when the tray or `parley --mute` flips it', async () => {
    const { wrapper, mute, talk } = mountControls(talkView());
    talk.subscribe();
    fake.emit('talk.state', talkView({ muted: true }));
    await flushPromises();
    expect(mute().text()).toBe('Microphone off');
    fake.emit('talk.state', talkView({ muted: false }));
    await flushPromises();
    expect(mute().text()).toBe('Mute mic');
    expect(fake.calls).toEqual([]);
    wrapper.unmount();
  });

  it('shows why main refused', async () => {
    fake.reply('talk.mute', () => ({
      ok: false,
      error: { kind: 'not_ready', message: 'Parley is shutting down.' },
    }));
    const { wrapper, mute } = mountControls(talkView());
    await mute().trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="talk-error"]').text()).toBe('Parley is shutting down.');
    expect(mute().text()).toBe('Mute mic');
    wrapper.unmount();
  });
});
