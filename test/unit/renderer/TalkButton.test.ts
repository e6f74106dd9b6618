import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setApiForTesting } from '../../../renderer/src/api';
import TalkButton from '../../../renderer/src/components/TalkButton.vue';
import { useConversationStore } from '../../../renderer/src/stores/conversation';
import { createFakeApi, type FakeApi } from './fake-api';

let fake: FakeApi;

beforeEach(() => {
  setActivePinia(createPinia());
  fake = createFakeApi();
  setApiForTesting(fake.api);
});
afterEach(() => setApiForTesting(null));

function mountWith(talkMode: 'hands-free' | 'hold') {
  const store = useConversationStore();
  store.state = { ...store.state, phase: 'live', talkMode };
  return mount(TalkButton);
}

describe('TalkButton', () => {
  it('is a hold-to-talk key in the key modes, sending press and release to main', async () => {
    const wrapper = mountWith('hold');
    expect(wrapper.text()).toBe('Hold to talk');
    await wrapper.trigger('pointerdown');
    expect(wrapper.text()).toBe('Listening…');
    await wrapper.trigger('pointerup');
    await flushPromises();
    expect(
      fake.calls.filter((c) => c.channel === 'conversation.talk').map((c) => c.payload),
    ).toEqual([{ pressed: true }, { pressed: false }]);
  });

  it('is an interrupt button in hands-free mode', async () => {
    const wrapper = mountWith('hands-free');
    expect(wrapper.text()).toBe('Interrupt');
    await wrapper.trigger('pointerdown');
    expect(wrapper.text()).toBe('Interrupting…');
  });

  it('does not send a second press while held', async () => {
    const wrapper = mountWith('hold');
    await wrapper.trigger('pointerdown');
    await wrapper.trigger('pointerdown');
    await flushPromises();
    expect(fake.calls.filter((c) => c.channel === 'conversation.talk')).toHaveLength(1);
  });
});
