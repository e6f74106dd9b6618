import { buildApi } from '../../../preload/build-api';
import type { EventName, ParleyApi, Result } from '../../../preload/contract';
import { INITIAL_CONVERSATION_STATE } from '../../../preload/schemas/conversation';
import { DEFAULT_SETTINGS, type SettingsView } from '../../../preload/schemas/settings';

type Reply = Result<unknown> | Promise<Result<unknown>>;

/** Schema-valid default answers (main checks every result, so a fake must not send junk). */
/** A settings view as main sends it: defaults, no key, nothing from the environment. */
export const VIEW: SettingsView = {
  values: { ...DEFAULT_SETTINGS },
  overriddenBy: {},
  apiKey: { source: 'none', last4: null },
  dataDir: '/home/u/.config/Parley',
  homeDir: '/home/u',
};

const defaults: Record<string, unknown> = {
  'conversation.state': { ...INITIAL_CONVERSATION_STATE },
  'settings.get': VIEW,
  'app.info': {
    name: 'Parley',
    version: '0.0.0',
    host: 'browser',
    platform: 'linux',
    restartCommand: null,
  },
  'inspector.events': { events: [], dropped: 0, capacity: 1000 },
  'conversation.transcript': [],
  'tasks.list': [],
  'talk.state': { state: 'idle', mode: 'auto', muted: false, latched: false, gated: false },
  'hotkey.status': {
    backend: 'none',
    chord: null,
    label: null,
    reportsRelease: false,
    state: 'off',
    reason: 'This host has no global talk key.',
    remedy: 'bind-toggle-command',
  },
  'offline.commands': [],
  'history.matches': [],
};

/**
 * A ParleyApi over a recording transport: `calls` lists every invoke in order, `reply()` sets
 * what a channel answers, `emit()` plays an event from main (validated as the real API does).
 */
export function createFakeApi() {
  const calls: { channel: string; payload: unknown }[] = [];
  const replies = new Map<string, () => Reply>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const api: ParleyApi = buildApi({
    invoke: async (channel, payload) => {
      calls.push({ channel, payload });
      return replies.get(channel)?.() ?? { ok: true, value: defaults[channel] ?? null };
    },
    subscribe: (event, listener) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  });
  return {
    api,
    calls,
    channels: () => calls.map((call) => call.channel),
    reply(channel: string, result: () => Reply): void {
      replies.set(channel, result);
    },
    emit(event: EventName, payload: unknown): void {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    listenerCount: (event: EventName) => listeners.get(event)?.size ?? 0,
  };
}

export type FakeApi = ReturnType<typeof createFakeApi>;
