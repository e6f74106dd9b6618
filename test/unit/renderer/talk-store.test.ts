import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TalkView } from '../../../preload/schemas/talk';
import { setApiForTesting } from '../../../renderer/src/api';
import { useConversationStore } from '../../../renderer/src/stores/conversation';
import { useTalkStore } from '../../../renderer/src/stores/talk';
import { createFakeApi, type FakeApi } from './fake-api';

function talkView(patch: Partial<TalkView> = {}): TalkView {
  return { state: 'idle', mode: 'hold', muted: false, latched: false, gated: false, ...patch };
}

let fake: FakeApi;

beforeEach(() => {
  setActivePinia(createPinia());
  fake = createFakeApi();
  setApiForTesting(fake.api);
});
afterEach(() => setApiForTesting(null));

describe('useTalkStore', () => {
  it('follows talk.state from before app.ready, reads it after, and takes later events', async () => {
    const seen: number[] = [];
    fake.reply('app.ready', () => {
      seen.push(fake.listenerCount('talk.state'));
      return { ok: true, value: null };
    });
    fake.reply('talk.state', () => ({ ok: true, value: talkView({ muted: true, gated: true }) }));
    const talk = useTalkStore();
    expect(talk.view).toBeNull();
    expect(talk.muted).toBe(false);
    await useConversationStore().attach();
    expect(seen).toEqual([1]);
    expect(fake.channels().indexOf('talk.state')).toBeGreaterThan(
      fake.channels().indexOf('app.ready'),
    );
    expect(talk.view).toEqual(talkView({ muted: true, gated: true }));
    expect(talk.muted).toBe(true);
    expect(talk.gated).toBe(true);
    fake.emit('talk.state', talkView({ state: 'talking' }));
    expect(talk.view).toEqual(talkView({ state: 'talking' }));
    expect(talk.muted).toBe(false);
  });

  it('drops an event that does not match the contract', async () => {
    const talk = useTalkStore();
    talk.subscribe();
    fake.emit('talk.state', { state: 'shouting', mode: 'hold' });
    expect(talk.view).toBeNull();
  });

  it('keeps no view when the read fails, and the next event sets it', async () => {
    fake.reply('talk.state', () => ({ ok: false, error: { kind: 'failed', message: 'x' } }));
    const talk = useTalkStore();
    talk.subscribe();
    await talk.load();
    expect(talk.view).toBeNull();
    fake.emit('talk.state', talkView());
    expect(talk.view).toEqual(talkView());
  });

  it('setMuted asks main and shows its answer; a refusal is kept as the error', async () => {
    fake.reply('talk.mute', () => ({ ok: true, value: talkView({ muted: true }) }));
    const talk = useTalkStore();
    await talk.setMuted(true);
    expect(fake.calls).toEqual([{ channel: 'talk.mute', payload: { muted: true } }]);
    expect(talk.muted).toBe(true);
    fake.reply('talk.mute', () => ({
      ok: false,
      error: { kind: 'not_ready', message: 'Parley is shutting down.' },
    }));
    await talk.setMuted(false);
    expect(talk.muted).toBe(true);
    expect(talk.error).toBe('Parley is shutting down.');
  });

  it('press sends conversation.talk and toggle sends talk.command toggle', async () => {
    const talk = useTalkStore();
    await talk.press(true);
    await talk.press(false);
    await talk.toggle();
    expect(fake.calls).toEqual([
      { channel: 'conversation.talk', payload: { pressed: true } },
      { channel: 'conversation.talk', payload: { pressed: false } },
      { channel: 'talk.command', payload: { command: 'toggle' } },
    ]);
    fake.reply('conversation.talk', () => ({
      ok: false,
      error: { kind: 'failed', message: 'The talk key could not be read.' },
    }));
    await talk.press(true);
    expect(talk.error).toBe('The talk key could not be read.');
  });
});
