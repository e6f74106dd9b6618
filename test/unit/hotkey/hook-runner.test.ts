import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../main/base/result';
import type { RawKeyEvent } from '../../../main/hotkey/chord-tracker';
import type { HookChannel } from '../../../main/hotkey/hook-channel';
import { HookReport } from '../../../main/hotkey/hook-protocol';
import { runHook, type KeyboardHook } from '../../../main/hotkey/hook-runner';

/** A keyboard double: the keyboard is hardware (the real hook runs in the Xvfb tests). */
class FakeKeyboard implements KeyboardHook {
  private readonly listeners = new Map<string, (e: Omit<RawKeyEvent, 'type'>) => void>();
  started = 0;
  stopped = 0;
  failStart = false;
  on(event: 'keydown' | 'keyup', listener: (e: Omit<RawKeyEvent, 'type'>) => void): void {
    this.listeners.set(event, listener);
  }
  start(): void {
    if (this.failStart) throw new Error('XRecord is missing');
    this.started++;
  }
  stop(): void {
    this.stopped++;
  }
  key(
    type: 'keydown' | 'keyup',
    keycode: number,
    mods: Partial<Omit<RawKeyEvent, 'type' | 'keycode'>> = {},
  ): void {
    this.listeners.get(type)?.({
      keycode,
      ctrlKey: false,
      altKey: false,
      shiftKey: false,
      metaKey: false,
      ...mods,
    });
  }
}

function rig(options: { display?: boolean; load?: 'ok' | 'throw' } = {}) {
  const reports: unknown[] = [];
  let deliver: (m: unknown) => void = () => {};
  const channel: HookChannel = {
    send: (report) => reports.push(HookReport.parse(report)),
    onMessage: (listener) => (deliver = listener),
    flush: () => Promise.resolve(),
  };
  const keyboard = new FakeKeyboard();
  const exits: number[] = [];
  const done = runHook({
    channel,
    checkDisplay: () =>
      Promise.resolve(
        options.display === false ? err('no-display', 'DISPLAY is not set.') : ok(undefined),
      ),
    loadHook: () =>
      options.load === 'throw'
        ? Promise.reject(new Error('no prebuild'))
        : Promise.resolve(keyboard),
    exit: (code) => exits.push(code),
  });
  return { reports, keyboard, exits, done, send: (m: unknown) => deliver(m) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('runHook', () => {
  it('starts the hook on the first chord and reports its edges', async () => {
    const r = rig();
    await r.done;
    r.send({ type: 'watch', chord: { keyCode: 67, modifiers: ['super'] } });
    r.keyboard.key('keydown', 67, { metaKey: true });
    r.keyboard.key('keyup', 67, { metaKey: true });
    r.send({ type: 'watch', chord: { keyCode: 57, modifiers: [] } });
    expect(r.keyboard.started).toBe(1);
    expect(r.reports).toEqual([
      { type: 'watching' },
      { type: 'down' },
      { type: 'up' },
      { type: 'watching' },
    ]);
  });

  it('ends an active chord when the chord changes', async () => {
    const r = rig();
    await r.done;
    r.send({ type: 'watch', chord: { keyCode: 67, modifiers: [] } });
    r.keyboard.key('keydown', 67);
    r.send({ type: 'watch', chord: { keyCode: 68, modifiers: [] } });
    expect(r.reports.slice(1)).toEqual([{ type: 'down' }, { type: 'up' }, { type: 'watching' }]);
  });

  it('answers a bad command and goes on', async () => {
    const r = rig();
    await r.done;
    r.send({ type: 'watch', chord: { keyCode: -1, modifiers: ['hyper'] } });
    r.send('nonsense');
    expect(r.reports).toHaveLength(2);
    expect(r.reports.every((x) => (x as { type: string }).type === 'bad-command')).toBe(true);
    expect(r.keyboard.started).toBe(0);
  });

  it('stops the hook and exits 0 on stop', async () => {
    const r = rig();
    await r.done;
    r.send({ type: 'watch', chord: { keyCode: 67, modifiers: [] } });
    r.send({ type: 'stop' });
    await flush();
    expect(r.keyboard.stopped).toBe(1);
    expect(r.exits).toEqual([0]);
  });

  it('exits as fatal, without loading the hook, when there is no display', async () => {
    const r = rig({ display: false });
    await r.done;
    expect(r.reports).toEqual([
      { type: 'fatal', reason: 'no-display', message: 'DISPLAY is not set.' },
    ]);
    expect(r.exits).toEqual([3]);
  });

  it('exits as fatal when the native hook cannot load or start', async () => {
    const load = rig({ load: 'throw' });
    await load.done;
    expect(load.reports).toEqual([
      { type: 'fatal', reason: 'load-failed', message: expect.stringContaining('no prebuild') },
    ]);
    const start = rig();
    await start.done;
    start.keyboard.failStart = true;
    start.send({ type: 'watch', chord: { keyCode: 67, modifiers: [] } });
    await flush();
    expect(start.reports).toEqual([
      { type: 'fatal', reason: 'start-failed', message: expect.stringContaining('XRecord') },
    ]);
    expect(start.exits).toEqual([3]);
  });
});
