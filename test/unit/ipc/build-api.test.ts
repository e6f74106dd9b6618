import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildApi, type ApiTransport } from '../../../preload/build-api';
import { invokes, listInvokes, type EventName, type Result } from '../../../preload/contract';
import {
  INITIAL_CONVERSATION_STATE,
  type ConversationState,
} from '../../../preload/schemas/conversation';

const good: ConversationState = {
  ...INITIAL_CONVERSATION_STATE,
  phase: 'live',
  activity: 'listening',
  error: null,
  reconnect: null,
  protocol: 'v2',
};

/** A recording transport: `invokeCalls[]`, and `emit()` to play an event from main. */
function fakeTransport() {
  const invokeCalls: [string, unknown][] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const transport: ApiTransport = {
    invoke: vi.fn(async (channel: string, payload: unknown): Promise<Result<unknown>> => {
      invokeCalls.push([channel, payload]);
      return { ok: true, value: channel };
    }),
    subscribe: vi.fn((event: EventName, listener: (payload: unknown) => void) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    }),
  };
  const emit = (event: EventName, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const count = () => [...listeners.values()].reduce((n, set) => n + set.size, 0);
  return { transport, invokeCalls, emit, count };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('buildApi', () => {
  it('has exactly one verb per invoke, grouped by namespace, plus on()', () => {
    const api = buildApi(fakeTransport().transport) as unknown as Record<
      string,
      Record<string, unknown>
    >;
    expect(Object.keys(api).sort()).toEqual([...Object.keys(invokes), 'on'].sort());
    for (const [ns, verbs] of Object.entries(invokes)) {
      expect(Object.keys(api[ns]!).sort()).toEqual(Object.keys(verbs).sort());
    }
  });

  it.each(listInvokes())('$channel calls the transport with its channel', async ({ channel }) => {
    const { transport, invokeCalls } = fakeTransport();
    const api = buildApi(transport) as unknown as Record<
      string,
      Record<string, (payload?: unknown) => Promise<Result<unknown>>>
    >;
    const [ns, verb] = channel.split('.') as [string, string];
    const result = await api[ns]![verb]!({ probe: channel });
    expect(result).toEqual({ ok: true, value: channel });
    expect(invokeCalls).toEqual([[channel, { probe: channel }]]);
  });

  it('passes undefined for a verb called without an argument', async () => {
    const { transport, invokeCalls } = fakeTransport();
    await buildApi(transport).app.info();
    expect(invokeCalls).toEqual([['app.info', undefined]]);
  });

  it('returns the transport result untouched, failures included', async () => {
    const { transport } = fakeTransport();
    const failure: Result<unknown> = { ok: false, error: { kind: 'failed', message: 'nope' } };
    vi.mocked(transport.invoke).mockResolvedValueOnce(failure);
    expect(await buildApi(transport).conversation.start()).toBe(failure);
  });

  it('delivers a valid event, parsed', () => {
    const { transport, emit } = fakeTransport();
    const listener = vi.fn();
    buildApi(transport).on('conversation.state', listener);
    emit('conversation.state', { ...good, extra: 'stripped' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(good);
  });

  it.each([
    ['null', null],
    ['a string', 'live'],
    ['an unknown phase', { ...good, phase: 'dancing' }],
    ['a missing field', { ...good, protocol: undefined }],
    ['a wrong type', { ...good, error: 42 }],
  ])('drops a malformed event (%s) and warns, without calling the listener', (_name, payload) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { transport, emit } = fakeTransport();
    const listener = vi.fn();
    buildApi(transport).on('conversation.state', listener);
    emit('conversation.state', payload);
    expect(listener).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('conversation.state'));
  });

  it('keeps delivering after a malformed event', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { transport, emit } = fakeTransport();
    const listener = vi.fn();
    buildApi(transport).on('conversation.state', listener);
    emit('conversation.state', { bogus: true });
    emit('conversation.state', good);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('unsubscribes: the listener stops and the transport subscription is gone', () => {
    const { transport, emit, count } = fakeTransport();
    const listener = vi.fn();
    const off = buildApi(transport).on('conversation.state', listener);
    expect(count()).toBe(1);
    off();
    off();
    expect(count()).toBe(0);
    emit('conversation.state', good);
    expect(listener).not.toHaveBeenCalled();
  });

  it.each(['nope', 'toString', 'constructor', '__proto__'])(
    'throws a clear error for the unknown event %j',
    (name) => {
      const { transport } = fakeTransport();
      const api = buildApi(transport);
      expect(() => api.on(name as EventName, () => {})).toThrow(`Unknown event "${name}".`);
      expect(transport.subscribe).not.toHaveBeenCalled();
    },
  );

  it('is frozen, namespaces included', () => {
    const api = buildApi(fakeTransport().transport);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.app)).toBe(true);
    expect(() => {
      (api as unknown as Record<string, unknown>).on = () => {};
    }).toThrow(TypeError);
    expect(() => {
      (api.settings as unknown as Record<string, unknown>).update = () => {};
    }).toThrow(TypeError);
  });
});
