import { describe, expect, it, vi, type Mock } from 'vitest';
import { z } from 'zod';
import {
  describeIssues,
  invokes,
  listInvokes,
  type InvokeChannel,
} from '../../../preload/contract';
import {
  INITIAL_CONVERSATION_STATE,
  type ConversationState,
} from '../../../preload/schemas/conversation';
import { type SettingsView } from '../../../preload/schemas/settings';
import { err, ok } from '../../../main/base/result';
import type { InvokeHandlers } from '../../../main/app/invoke-handlers';
import { createDispatcher } from '../../../main/ipc/dispatch';

const view: SettingsView = {
  values: {
    realtimeUrl: 'https://api.openai.com/v1',
    protocol: 'v2',
    model: 'gpt-realtime-1.5',
    voice: null,
    delegate: 'codex',
    delegateCommand: null,
    workspace: null,
    codexSandbox: 'workspace-write',
    talkMode: 'auto',
    listenOnStart: false,
    historyDays: 90,
    backend: 'auto',
    theme: 'system',
    onboarded: false,
    talkChord: 'Ctrl+Alt+Space',
    startAtLogin: false,
    talkSounds: false,
  },
  overriddenBy: {},
  apiKey: { source: 'none', last4: null },
  dataDir: '/tmp/parley',
  homeDir: '/home/u',
};

const state: ConversationState = {
  ...INITIAL_CONVERSATION_STATE,
  phase: 'idle',
  activity: 'none',
  error: null,
  reconnect: null,
  protocol: 'v2',
};

type Spies = Record<InvokeChannel, Mock>;

/** Valid results for the channels whose result is not `null`. */
const validResults: Partial<Record<InvokeChannel, unknown>> = {
  'app.info': {
    name: 'Parley',
    version: '0.1.0',
    host: 'browser',
    platform: 'linux',
    restartCommand: null,
  },
  'settings.get': view,
  'settings.update': view,
  'conversation.state': state,
  'conversation.transcript': [],
  'tasks.list': [],
  'history.list': [],
  'offline.commands': [],
  'history.clear': 0,
  'history.status': {
    location: 'memory',
    path: null,
    warnings: [],
    writeError: null,
    pendingChanges: 0,
    droppedChanges: 0,
  },
  'talk.state': { state: 'idle', mode: 'auto', muted: false, latched: false, gated: false },
  'hotkey.status': {
    backend: 'none',
    chord: null,
    label: null,
    reportsRelease: false,
    state: 'off',
    reason: 'No global talk key here.',
    remedy: null,
  },
};

/** One spy per invoke of the contract (new invokes included), each returning a valid result. */
function makeHandlers(): Spies {
  return Object.fromEntries(
    listInvokes().map(({ channel }) => [
      channel,
      vi.fn(async () => ok(validResults[channel] ?? null)),
    ]),
  ) as Spies;
}

/** Invokes that take no payload. */
const emptyInvokes = listInvokes().filter((spec) => spec.request.safeParse(undefined).success);

function setup() {
  const spies = makeHandlers();
  const log = vi.fn<(line: string) => void>();
  const dispatch = createDispatcher(
    spies as unknown as InvokeHandlers,
    () => ['sk-known-secret-1'],
    log,
  );
  const noHandlerRan = () => {
    for (const spy of Object.values(spies)) expect(spy).not.toHaveBeenCalled();
  };
  return { spies, log, dispatch, noHandlerRan };
}

describe('listInvokes', () => {
  it('lists every invoke of the contract exactly once, with its schemas', () => {
    const expected = Object.entries(invokes).flatMap(([ns, verbs]) =>
      Object.keys(verbs).map((verb) => `${ns}.${verb}`),
    );
    const listed = listInvokes();
    expect(listed.map((spec) => spec.channel).sort()).toEqual(expected.sort());
    expect(new Set(listed.map((spec) => spec.channel)).size).toBe(listed.length);
    for (const spec of listed) {
      expect(spec.request).toBeInstanceOf(z.ZodType);
      expect(spec.result).toBeInstanceOf(z.ZodType);
    }
    expect(listed.find((s) => s.channel === 'settings.update')?.request).toBe(
      invokes.settings.update.request,
    );
  });
});

describe('createDispatcher: unknown channels', () => {
  it.each(['nope', 'app', 'app.', '.info', 'app.info ', 'APP.INFO', 'constructor', '__proto__'])(
    'refuses %j without running anything',
    async (channel) => {
      const { dispatch, noHandlerRan } = setup();
      const result = await dispatch(channel, undefined);
      expect(result).toEqual({
        ok: false,
        error: { kind: 'unknown_channel', message: expect.stringContaining('Unknown channel') },
      });
      noHandlerRan();
    },
  );

  it('truncates a huge channel name in the message', async () => {
    const { dispatch } = setup();
    const result = await dispatch('x'.repeat(100_000), undefined);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message.length).toBeLessThan(200);
  });
});

describe('createDispatcher: invalid payloads', () => {
  const cases: [string, InvokeChannel, unknown, RegExp][] = [
    ['a payload on an empty invoke', 'app.info', { x: 1 }, /app\.info/],
    ['null on an empty invoke', 'conversation.start', null, /conversation\.start/],
    ['an empty object on an empty invoke', 'app.ready', {}, /app\.ready/],
    ['a number on an empty invoke', 'conversation.stop', 0, /conversation\.stop/],
    ['no payload for settings.update', 'settings.update', undefined, /\(payload\)/],
    ['null for settings.update', 'settings.update', null, /\(payload\).*null/],
    ['an array for settings.update', 'settings.update', [], /\(payload\).*array/],
    ['a string for settings.update', 'settings.update', '{"model":"x"}', /\(payload\)/],
    ['a number where a string goes', 'settings.update', { model: 5 }, /model: .*string/],
    ['a string where a boolean goes', 'settings.update', { listenOnStart: 'yes' }, /listenOnStart/],
    ['an unknown enum value', 'settings.update', { talkMode: 'shout' }, /talkMode/],
    ['an unknown protocol', 'settings.update', { protocol: 'v3' }, /protocol/],
    ['an empty model', 'settings.update', { model: '' }, /model: Enter a model name/],
    ['a too long model', 'settings.update', { model: 'm'.repeat(201) }, /model: .*<=200/],
    ['a too long URL', 'settings.update', { realtimeUrl: 'h'.repeat(2049) }, /realtimeUrl/],
    ['null for a non-nullable field', 'settings.update', { model: null }, /model/],
    ['null for the key', 'settings.update', { apiKey: null }, /apiKey/],
    ['a too long key', 'settings.update', { apiKey: 'k'.repeat(1001) }, /apiKey: .*<=1000/],
    ['a huge string', 'settings.update', { delegateCommand: 'c'.repeat(5_000_000) }, /10000/],
    ['an extra key', 'settings.update', { model: 'x', colour: 'dark' }, /Unrecognized key.*colour/],
    ['a nested object', 'settings.update', { voice: { name: 'alloy' } }, /voice/],
    ['an array field', 'settings.update', { workspace: ['/a'] }, /workspace/],
  ];

  it.each(cases)(
    'refuses %s, naming the channel and field',
    async (_name, channel, payload, re) => {
      const { dispatch, log, noHandlerRan } = setup();
      const result = await dispatch(channel, payload);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.kind).toBe('invalid_payload');
      expect(result.error.message).toContain(`Invalid payload for ${channel}:`);
      expect(result.error.message).toMatch(re);
      expect(log).toHaveBeenCalledWith(result.error.message);
      noHandlerRan();
    },
  );

  it.each([
    [{ model: '' }, 'model'],
    [{ realtimeUrl: 'ftp://x' }, 'realtimeUrl'],
    [{ apiKey: 'Bearer sk-abcdefghijklmnopqrstuvwxyz' }, 'apiKey'],
    [{ talkMode: 'shout' }, 'talkMode'],
  ])('names the settings field at fault in %j', async (payload, field) => {
    const { dispatch } = setup();
    const result = await dispatch('settings.update', payload);
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_payload', field } });
  });

  it('names no field when the fault is not one', async () => {
    const { dispatch } = setup();
    const result = await dispatch('settings.update', null);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.field).toBeUndefined();
  });

  it('refuses an own __proto__ key (as JSON.parse makes it) and pollutes nothing', async () => {
    const { dispatch, noHandlerRan } = setup();
    const payload: unknown = JSON.parse('{"__proto__": {"polluted": true}, "model": "x"}');
    const result = await dispatch('settings.update', payload);
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_payload' } });
    if (!result.ok) expect(result.error.message).toMatch(/__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    noHandlerRan();
  });

  it.each(['constructor', 'prototype', 'toString'])('refuses a %s key', async (key) => {
    const { dispatch, noHandlerRan } = setup();
    const result = await dispatch('settings.update', { [key]: 'x' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_payload' } });
    noHandlerRan();
  });

  it('keeps the message short when the payload has a huge unknown key', async () => {
    const { dispatch, noHandlerRan } = setup();
    const result = await dispatch('settings.update', { ['k'.repeat(1_000_000)]: 1 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_payload' } });
    if (!result.ok) expect(result.error.message.length).toBeLessThan(2_000);
    noHandlerRan();
  });

  it('reports at most five issues', async () => {
    const { dispatch } = setup();
    const result = await dispatch('settings.update', {
      realtimeUrl: 1,
      protocol: 1,
      model: 1,
      voice: 1,
      delegate: 1,
      delegateCommand: 1,
      workspace: 1,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message.split('; ')).toHaveLength(5);
  });
});

describe('createDispatcher: valid payloads', () => {
  it('passes the parsed payload to the handler and wraps its value', async () => {
    const { dispatch, spies } = setup();
    const patch = { model: 'gpt-x', voice: null, listenOnStart: true, apiKey: '' };
    const result = await dispatch('settings.update', patch);
    expect(result).toEqual({ ok: true, value: view });
    expect(spies['settings.update']).toHaveBeenCalledTimes(1);
    expect(spies['settings.update']).toHaveBeenCalledWith(patch);
    // The handler gets zod's copy, not the caller's object.
    expect(spies['settings.update'].mock.calls[0]?.[0]).not.toBe(patch);
  });

  it('accepts an empty patch', async () => {
    const { dispatch, spies } = setup();
    expect(await dispatch('settings.update', {})).toMatchObject({ ok: true });
    expect(spies['settings.update']).toHaveBeenCalledWith({});
  });

  it('accepts strings at their limits', async () => {
    const { dispatch } = setup();
    const result = await dispatch('settings.update', {
      model: 'm'.repeat(200),
      delegateCommand: 'c'.repeat(10_000),
      apiKey: 'k'.repeat(1000),
    });
    expect(result.ok).toBe(true);
  });

  it.each(emptyInvokes)('$channel runs its own handler only', async ({ channel }) => {
    const { dispatch, spies } = setup();
    const result = await dispatch(channel, undefined);
    expect(result.ok).toBe(true);
    for (const [name, spy] of Object.entries(spies)) {
      expect(spy).toHaveBeenCalledTimes(name === channel ? 1 : 0);
    }
  });
});

describe('createDispatcher: handler failures', () => {
  it('turns a tagged failure into its contract kind and message', async () => {
    const { dispatch, spies } = setup();
    spies['conversation.start'].mockResolvedValue(err('config', 'No API key.'));
    expect(await dispatch('conversation.start', undefined)).toEqual({
      ok: false,
      error: { kind: 'config', message: 'No API key.' },
    });
  });

  it.each([
    ['not_ready', 'not_ready'],
    ['not_found', 'not_found'],
    ['invalid_settings', 'invalid_settings'],
    ['something_new', 'failed'],
  ])('maps the tag %s to the kind %s, in one place', async (tag, kind) => {
    const { dispatch, spies } = setup();
    spies['app.info'].mockReturnValue(err(tag, 'Starting.'));
    expect(await dispatch('app.info', undefined)).toEqual({
      ok: false,
      error: { kind, message: 'Starting.' },
    });
  });

  it('redacts keys in a failure message', async () => {
    const { dispatch, spies } = setup();
    spies['settings.get'].mockResolvedValue(err('failed', 'server said sk-known-secret-1'));
    expect(await dispatch('settings.get', undefined)).toEqual({
      ok: false,
      error: { kind: 'failed', message: 'server said [redacted]' },
    });
  });

  it('turns any other throw into "failed" with its message, and logs it', async () => {
    const { dispatch, spies, log } = setup();
    spies['settings.get'].mockRejectedValue(new Error('disk on fire'));
    expect(await dispatch('settings.get', undefined)).toEqual({
      ok: false,
      error: { kind: 'failed', message: 'disk on fire' },
    });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('settings.get failed: disk on fire'));
  });

  it('handles a non-Error throw', async () => {
    const { dispatch, spies } = setup();
    spies['conversation.stop'].mockImplementation(() => {
      throw 'plain string';
    });
    expect(await dispatch('conversation.stop', undefined)).toEqual({
      ok: false,
      error: { kind: 'failed', message: 'plain string' },
    });
  });

  it.each([
    ['undefined for a null result', 'app.ready', undefined],
    ['a wrong host', 'app.info', { name: 'P', version: '1', host: 'tv', platform: 'x' }],
    ['a missing field', 'conversation.state', { ...state, phase: undefined }],
    ['a settings view with a bad value', 'settings.get', { ...view, values: { model: 1 } }],
  ] as const)('refuses a handler result that breaks the schema: %s', async (_n, channel, bad) => {
    const { dispatch, spies, log } = setup();
    spies[channel].mockReturnValue(ok(bad));
    const result = await dispatch(channel, undefined);
    expect(result).toEqual({
      ok: false,
      error: { kind: 'failed', message: `Internal error: ${channel} produced an invalid result.` },
    });
    expect(log).toHaveBeenCalledWith(expect.stringContaining(`${channel} returned a bad result`));
  });

  it('strips unknown keys from a result instead of leaking them', async () => {
    const { dispatch, spies } = setup();
    spies['settings.get'].mockResolvedValue(ok({ ...view, apiKeyValue: 'sk-secret' }));
    const result = await dispatch('settings.get', undefined);
    expect(result).toEqual({ ok: true, value: view });
  });
});

describe('describeIssues', () => {
  it('names the path, or (payload) for the root', () => {
    const schema = z.object({ a: z.object({ b: z.string() }) });
    const nested = schema.safeParse({ a: { b: 1 } });
    const root = schema.safeParse(7);
    expect(nested.success || describeIssues(nested.error)).toMatch(/^a\.b: /);
    expect(root.success || describeIssues(root.error)).toMatch(/^\(payload\): /);
  });
});
