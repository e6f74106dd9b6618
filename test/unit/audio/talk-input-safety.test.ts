import { describe, expect, it } from 'vitest';
import { TALK_INPUT_DEFAULTS } from '../../../main/audio/talk-input-types';
import { talkHarness } from './talk-input-harness';

describe('TalkInput stuck-key watchdog', () => {
  it('releases a key held past the timeout and logs it', () => {
    const { clock, talk, turns, logs } = talkHarness('hold');
    talk.keyDown('hook');
    clock.advance(TALK_INPUT_DEFAULTS.stuckKeyMs - 1);
    expect(turns()).toEqual(['turn-start']);
    clock.advance(1);
    expect(turns()).toEqual(['turn-start', 'turn-end:stuck-key']);
    expect(logs).toContainEqual({
      level: 'warn',
      event: 'talk.stuck_key_released',
      source: 'hook',
      afterMs: 60_000,
    });
  });

  it('after a stuck key, the late key-up is ignored and the next press starts a turn', () => {
    const { clock, talk, turns } = talkHarness('hold', { stuckKeyMs: 1_000 });
    talk.keyDown('portal');
    clock.advance(1_000);
    talk.keyUp('portal');
    clock.advance(100);
    talk.keyDown('portal');
    expect(turns()).toEqual(['turn-start', 'turn-end:stuck-key', 'turn-start']);
  });

  it('key repeat neither postpones the watchdog nor starts a turn after it', () => {
    const { clock, talk, turns } = talkHarness('hold', { stuckKeyMs: 1_000 });
    talk.keyDown('hook');
    for (let t = 0; t < 3_000; t += 50) {
      clock.advance(50);
      talk.keyDown('hook');
    }
    expect(turns()).toEqual(['turn-start', 'turn-end:stuck-key']);
    clock.advance(2_000);
    talk.keyDown('hook');
    expect(turns()).toEqual(['turn-start', 'turn-end:stuck-key', 'turn-start']);
  });

  it('leaves no timer behind once the key is released in time', () => {
    const { clock, hold, logs } = talkHarness('hold');
    hold(2_000);
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(TALK_INPUT_DEFAULTS.stuckKeyMs * 2);
    expect(logs).toEqual([]);
  });
});

describe('TalkInput halts', () => {
  it('ends a held turn on screen lock, and a press after it starts a new turn', () => {
    const { clock, talk, turns } = talkHarness('hold');
    talk.keyDown('hook');
    clock.advance(500);
    talk.halt('screen-locked');
    expect(turns()).toEqual(['turn-start', 'turn-end:screen-locked']);
    expect(clock.pendingTimers()).toBe(0);
    talk.keyDown('hook');
    expect(turns()).toEqual(['turn-start', 'turn-end:screen-locked', 'turn-start']);
  });

  it('stops hands-free listening on suspend and on screen lock', () => {
    for (const reason of ['suspended', 'screen-locked'] as const) {
      const { talk, states } = talkHarness('hands-free');
      talk.command('start', 'tray');
      talk.voiceActivity(true);
      talk.halt(reason);
      expect(states()).toEqual(['listening', 'talking', 'idle']);
    }
  });

  it('when the renderer goes away, ends a latched turn and keeps hands-free listening', () => {
    const keyed = talkHarness('toggle');
    keyed.talk.command('start', 'button');
    keyed.clock.advance(800);
    keyed.talk.halt('renderer-gone');
    expect(keyed.turns()).toEqual(['turn-start', 'turn-end:renderer-gone']);

    const free = talkHarness('hands-free');
    free.talk.command('start', 'tray');
    free.talk.voiceActivity(true);
    free.talk.halt('renderer-gone');
    free.talk.halt('renderer-gone');
    expect(free.states()).toEqual(['listening', 'talking', 'listening']);
  });

  it('halting while idle reports nothing', () => {
    const { talk, events } = talkHarness('auto');
    talk.halt('suspended');
    expect(events).toEqual([]);
  });
});

describe('TalkInput mute', () => {
  it('discards the turn in progress and refuses presses while muted', () => {
    const { clock, talk, turns, events } = talkHarness('hold');
    talk.keyDown('hook');
    clock.advance(400);
    talk.setMuted(true);
    expect(events.at(-1)).toMatchObject({ event: 'change', muted: true, state: 'idle' });
    talk.keyUp('hook');
    clock.advance(100);
    talk.keyDown('hook');
    talk.keyPress('shortcut');
    talk.command('start', 'cli');
    expect(turns()).toEqual([
      'turn-start',
      'turn-cancel:muted',
      'refused:muted',
      'refused:muted',
      'refused:muted',
    ]);
    talk.keyUp('hook');
    clock.advance(100);
    talk.setMuted(false);
    talk.keyDown('hook');
    expect(turns().at(-1)).toBe('turn-start');
  });

  it('hands-free: muting drops talking back to listening and ignores voice activity', () => {
    const { talk, states, turns } = talkHarness('hands-free');
    talk.command('start', 'tray');
    talk.voiceActivity(true);
    talk.setMuted(true);
    talk.voiceActivity(true);
    talk.command('stop', 'tray');
    talk.command('start', 'tray');
    expect(states()).toEqual(['listening', 'talking', 'listening', 'idle']);
    expect(turns()).toEqual(['refused:muted']);
  });

  it('setting the same mute twice reports once', () => {
    const { talk, events } = talkHarness('auto');
    talk.setMuted(true);
    talk.setMuted(true);
    expect(events).toEqual([
      { event: 'change', state: 'idle', mode: 'auto', muted: true, turn: null },
    ]);
  });
});

describe('TalkInput mode, errors and disposal', () => {
  it('ends the turn when the mode changes and reports the new mode', () => {
    const { clock, talk, turns, events } = talkHarness('auto');
    talk.keyDown('hook');
    clock.advance(500);
    talk.setMode('hands-free');
    expect(turns()).toEqual(['turn-start', 'turn-end:mode-changed']);
    expect(events.at(-1)).toMatchObject({ event: 'change', mode: 'hands-free', state: 'idle' });
    talk.setMode('hands-free');
    expect(events.at(-1)).toMatchObject({ mode: 'hands-free' });
  });

  it('a mode change stops hands-free listening', () => {
    const { talk, states } = talkHarness('hands-free');
    talk.command('start', 'tray');
    talk.setMode('hold');
    expect(states()).toEqual(['listening', 'idle']);
  });

  it('dispose ends the turn, drops listeners and timers, and is idempotent', () => {
    const { clock, talk, turns } = talkHarness('hold');
    talk.keyDown('hook');
    clock.advance(300);
    talk.keyUp('hook');
    talk.dispose();
    talk.dispose();
    expect(turns()).toEqual(['turn-start', 'turn-end:disposed']);
    expect(talk.listenerCount()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    talk.keyDown('hook');
    talk.command('start', 'tray');
    expect(talk.state).toBe('idle');
  });

  it('a throwing listener is logged and does not stop the others', () => {
    const { talk, turns, logs } = talkHarness('toggle');
    talk.on('turn-start', () => {
      throw new Error('boom');
    });
    talk.command('start', 'tray');
    expect(turns()).toEqual(['turn-start']);
    expect(logs).toContainEqual({
      level: 'error',
      event: 'talk.listener_failed',
      error: 'Error: boom',
    });
  });

  it('falls back to the defaults for timings that are not finite non-negative numbers', () => {
    const { turns, hold } = talkHarness('hold', { minTurnMs: -5, debounceMs: Number.NaN });
    hold(149);
    expect(turns()).toEqual(['turn-start', 'turn-cancel:too-short']);
  });

  it('hands out copies: a snapshot cannot change the machine', () => {
    const { talk } = talkHarness('toggle');
    talk.command('start', 'tray');
    const snap = talk.snapshot as { state: string };
    snap.state = 'idle';
    expect(talk.state).toBe('talking');
  });
});
