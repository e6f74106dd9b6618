import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  INITIAL_CONVERSATION_STATE,
  type ConversationState,
} from '../../../preload/schemas/conversation';
import { setApiForTesting } from '../../../renderer/src/api';
import { describeState, useConversationStore } from '../../../renderer/src/stores/conversation';
import { createFakeApi, type FakeApi } from './fake-api';

function state(patch: Partial<ConversationState> = {}): ConversationState {
  return { ...INITIAL_CONVERSATION_STATE, ...patch };
}

/** A problem as main explains it. */
function problem(summary: string): NonNullable<ConversationState['error']> {
  return { summary, detail: null, actions: ['retry'], field: null };
}

let fake: FakeApi;

beforeEach(() => {
  setActivePinia(createPinia());
  fake = createFakeApi();
  setApiForTesting(fake.api);
});

afterEach(() => {
  setApiForTesting(null);
  vi.restoreAllMocks();
});

describe('describeState', () => {
  it.each([
    [state({ phase: 'idle' }), 'Disconnected'],
    [state({ phase: 'closed' }), 'Disconnected'],
    [state({ phase: 'connecting' }), 'Connecting…'],
    [state({ phase: 'reconnecting' }), 'Reconnecting…'],
    [
      state({ phase: 'reconnecting', reconnect: { attempt: 3, nextAttemptAt: 0 } }),
      'Reconnecting (attempt 3)…',
    ],
    [state({ phase: 'live', activity: 'none' }), 'Listening'],
    [state({ phase: 'live', activity: 'listening' }), 'Listening'],
    [state({ phase: 'live', activity: 'user_speaking' }), 'You are speaking'],
    [state({ phase: 'live', activity: 'thinking' }), 'Thinking…'],
    [state({ phase: 'live', activity: 'assistant_speaking' }), 'Assistant speaking'],
  ])('%j reads %j', (s, label) => {
    expect(describeState(s)).toBe(label);
  });
});

describe('useConversationStore', () => {
  it('starts idle, not attached, not active', () => {
    const store = useConversationStore();
    expect(store.state).toEqual(state());
    expect(store.attached).toBe(false);
    expect(store.isActive).toBe(false);
    expect(store.label).toBe('Disconnected');
    expect(fake.calls).toEqual([]);
  });

  it('attach() subscribes, then calls app.ready, then conversation.state', async () => {
    const seen: string[] = [];
    fake.reply('app.ready', () => {
      seen.push(`ready (subscribed: ${fake.listenerCount('conversation.state')})`);
      return { ok: true, value: null };
    });
    fake.reply('conversation.state', () => ({ ok: true, value: state({ phase: 'live' }) }));
    const store = useConversationStore();
    await store.attach();
    expect(seen).toEqual(['ready (subscribed: 1)']);
    expect(fake.channels()).toEqual([
      'app.ready',
      'conversation.state',
      'conversation.transcript',
      'tasks.list',
      'talk.state',
    ]);
    expect(store.attached).toBe(true);
    expect(store.state.phase).toBe('live');
    expect(store.label).toBe('Listening');
  });

  it('attach() twice subscribes and announces once', async () => {
    const store = useConversationStore();
    await Promise.all([store.attach(), store.attach()]);
    await store.attach();
    expect(fake.listenerCount('conversation.state')).toBe(1);
    expect(fake.channels()).toEqual([
      'app.ready',
      'conversation.state',
      'conversation.transcript',
      'tasks.list',
      'talk.state',
    ]);
  });

  it('keeps the initial state when conversation.state fails', async () => {
    fake.reply('conversation.state', () => ({
      ok: false,
      error: { kind: 'failed', message: 'x' },
    }));
    const store = useConversationStore();
    await store.attach();
    expect(store.state).toEqual(state());
    expect(store.attached).toBe(true);
  });

  it('shows why attaching failed when app.ready is refused', async () => {
    fake.reply('app.ready', () => ({
      ok: false,
      error: { kind: 'forbidden_sender', message: 'Not Parley’s window.' },
    }));
    const store = useConversationStore();
    await store.attach();
    expect(store.lastError?.summary).toBe('Not Parley’s window.');
  });

  it('follows conversation.state events', async () => {
    const store = useConversationStore();
    await store.attach();
    fake.emit('conversation.state', state({ phase: 'connecting' }));
    expect(store.state.phase).toBe('connecting');
    expect(store.isActive).toBe(true);
    fake.emit('conversation.state', state({ phase: 'live', activity: 'thinking' }));
    expect(store.label).toBe('Thinking…');
    fake.emit(
      'conversation.state',
      state({ phase: 'reconnecting', reconnect: { attempt: 2, nextAttemptAt: 5 } }),
    );
    expect(store.label).toBe('Reconnecting (attempt 2)…');
    expect(store.isActive).toBe(true);
    fake.emit(
      'conversation.state',
      state({ phase: 'closed', error: problem('Server went away.') }),
    );
    expect(store.isActive).toBe(false);
    expect(store.state.error?.summary).toBe('Server went away.');
    expect(store.problem?.summary).toBe('Server went away.');
  });

  it('ignores a malformed event', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = useConversationStore();
    await store.attach();
    fake.emit('conversation.state', { phase: 'exploded' });
    expect(store.state).toEqual(state());
  });

  it('start() calls conversation.start and clears the last error on success', async () => {
    const store = useConversationStore();
    store.lastError = problem('old');
    await store.start();
    expect(fake.channels()).toEqual(['conversation.start']);
    expect(store.lastError).toBeNull();
  });

  it('start() shows the error when it fails', async () => {
    fake.reply('conversation.start', () => ({
      ok: false,
      error: { kind: 'config', message: 'No API key: set OPENAI_API_KEY.' },
    }));
    const store = useConversationStore();
    await store.start();
    expect(store.lastError?.summary).toBe('No API key: set OPENAI_API_KEY.');
  });

  it('stop() calls conversation.stop and shows its error', async () => {
    fake.reply('conversation.stop', () => ({
      ok: false,
      error: { kind: 'failed', message: 'Could not stop.' },
    }));
    const store = useConversationStore();
    await store.stop();
    expect(fake.channels()).toEqual(['conversation.stop']);
    expect(store.lastError?.summary).toBe('Could not stop.');
  });
});
