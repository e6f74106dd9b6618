import { describe, expect, it } from 'vitest';
import { talkHarness } from './talk-input-harness';

describe('TalkInput hold mode', () => {
  it('starts the turn at the press and ends it a debounce window after the release', () => {
    const { clock, talk, events } = talkHarness('hold');
    talk.keyDown('hook');
    expect(events[0]).toMatchObject({
      event: 'turn-start',
      turn: { id: 1, source: 'hook', startedAt: 1_000, latched: false },
    });
    expect(talk.state).toBe('talking');
    clock.advance(400);
    talk.keyUp('hook');
    clock.advance(29);
    expect(talk.state).toBe('talking');
    clock.advance(1);
    expect(events.at(-2)).toMatchObject({ event: 'turn-end', reason: 'released', durationMs: 400 });
    expect(events.at(-1)).toMatchObject({ event: 'change', state: 'idle', turn: null });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('cancels a brush of the key shorter than the minimum hold, and keeps one that long', () => {
    const { turns, hold } = talkHarness('hold');
    hold(149);
    hold(150);
    expect(turns()).toEqual([
      'turn-start',
      'turn-cancel:too-short',
      'turn-start',
      'turn-end:released',
    ]);
  });

  it('ignores key repeat: a second down without an up', () => {
    const { clock, talk, turns } = talkHarness('hold');
    talk.keyDown('hook');
    for (let i = 0; i < 20; i++) {
      clock.advance(33);
      talk.keyDown('hook');
    }
    talk.keyUp('hook');
    clock.advance(30);
    expect(turns()).toEqual(['turn-start', 'turn-end:released']);
  });

  it('treats a release and a press inside the debounce window as bounce, not two turns', () => {
    const { clock, talk, events, turns } = talkHarness('hold');
    talk.keyDown('hook');
    clock.advance(200);
    talk.keyUp('hook');
    clock.advance(10);
    talk.keyDown('hook');
    clock.advance(290);
    talk.keyUp('hook');
    clock.advance(30);
    expect(turns()).toEqual(['turn-start', 'turn-end:released']);
    expect(events.find((e) => e.event === 'turn-end')).toMatchObject({ durationMs: 500 });
  });

  it('toggles with a press-only source: the shortcut press starts a latched turn, the next ends it', () => {
    const { clock, talk, turns } = talkHarness('hold');
    talk.keyPress('shortcut');
    expect(talk.snapshot.turn).toMatchObject({ source: 'shortcut', latched: true });
    clock.advance(5_000);
    talk.keyPress('shortcut');
    expect(turns()).toEqual(['turn-start', 'turn-end:toggled']);
  });

  it('drops a second delivery of a press-only press inside the debounce window', () => {
    const { clock, talk, turns } = talkHarness('hold');
    talk.keyPress('shortcut');
    clock.advance(10);
    talk.keyPress('shortcut');
    expect(turns()).toEqual(['turn-start']);
    clock.advance(500);
    talk.keyPress('shortcut');
    expect(turns()).toEqual(['turn-start', 'turn-end:toggled']);
  });

  it('leaves a held turn to its key: another key and its release change nothing', () => {
    const { clock, talk, turns } = talkHarness('hold');
    talk.keyDown('hook');
    clock.advance(100);
    talk.keyDown('button');
    clock.advance(100);
    talk.keyUp('button');
    clock.advance(100);
    expect(turns()).toEqual(['turn-start']);
    talk.keyUp('hook');
    clock.advance(30);
    expect(turns()).toEqual(['turn-start', 'turn-end:released']);
  });

  it('ignores an up with no down before it', () => {
    const { clock, talk, events } = talkHarness('hold');
    talk.keyUp('portal');
    clock.advance(100);
    expect(events).toEqual([]);
  });

  it('ends a held turn on a tray toggle, and the key-up that follows does nothing', () => {
    const { clock, talk, turns } = talkHarness('hold');
    talk.keyDown('hook');
    clock.advance(300);
    talk.command('toggle', 'tray');
    talk.keyUp('hook');
    clock.advance(100);
    expect(turns()).toEqual(['turn-start', 'turn-end:toggled']);
    talk.keyDown('hook');
    expect(turns()).toEqual(['turn-start', 'turn-end:toggled', 'turn-start']);
  });
});

describe('TalkInput toggle mode', () => {
  it('starts a latched turn at a press and ends it at the next press, ignoring releases', () => {
    const { clock, talk, events, turns } = talkHarness('toggle');
    talk.keyDown('portal');
    clock.advance(80);
    talk.keyUp('portal');
    clock.advance(3_000);
    expect(talk.snapshot.turn).toMatchObject({ latched: true });
    talk.keyDown('portal');
    expect(turns()).toEqual(['turn-start', 'turn-end:toggled']);
    expect(events.find((e) => e.event === 'turn-end')).toMatchObject({ durationMs: 3_080 });
    clock.advance(80);
    talk.keyUp('portal');
    clock.advance(100);
    expect(turns()).toEqual(['turn-start', 'turn-end:toggled']);
  });

  it('cancels a turn a quick double tap started and stopped', () => {
    const { clock, talk, turns } = talkHarness('toggle');
    talk.keyDown('hook');
    clock.advance(50);
    talk.keyUp('hook');
    clock.advance(50);
    talk.keyDown('hook');
    expect(turns()).toEqual(['turn-start', 'turn-cancel:too-short']);
  });

  it('does not count a bounce (a press inside the debounce window after a release) as a toggle', () => {
    const { clock, talk, turns } = talkHarness('toggle');
    talk.keyDown('hook');
    clock.advance(80);
    talk.keyUp('hook');
    clock.advance(5);
    talk.keyDown('hook');
    clock.advance(80);
    talk.keyUp('hook');
    clock.advance(500);
    expect(turns()).toEqual(['turn-start']);
  });

  it('runs the same turn from commands: start, start again, stop', () => {
    const { clock, talk, turns } = talkHarness('toggle');
    talk.command('start', 'cli');
    talk.command('start', 'cli');
    clock.advance(1_000);
    talk.command('stop', 'tray');
    talk.command('stop', 'tray');
    expect(turns()).toEqual(['turn-start', 'turn-end:stopped']);
  });

  it('keeps no stuck-key timer on a latched turn', () => {
    const { clock, talk } = talkHarness('toggle');
    talk.keyDown('hook');
    clock.advance(5 * 60_000);
    expect(talk.state).toBe('talking');
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('TalkInput auto mode', () => {
  it('is push-to-talk for a hold longer than the tap limit', () => {
    const { turns, hold } = talkHarness('auto');
    hold(251);
    expect(turns()).toEqual(['turn-start', 'turn-end:released']);
  });

  it('latches on a tap up to the tap limit, and the next press ends the turn', () => {
    const { clock, talk, events, turns, hold } = talkHarness('auto');
    hold(250);
    expect(talk.snapshot).toMatchObject({ state: 'talking', turn: { latched: true } });
    expect(events.at(-1)).toMatchObject({ event: 'change', turn: { latched: true } });
    clock.advance(2_000);
    talk.keyDown('hook');
    expect(turns()).toEqual(['turn-start', 'turn-end:toggled']);
    clock.advance(400);
    talk.keyUp('hook');
    clock.advance(100);
    expect(turns()).toEqual(['turn-start', 'turn-end:toggled']);
  });

  it('latches even a very short tap: in Auto a tap is a toggle, not a brush', () => {
    const { talk, turns, hold } = talkHarness('auto');
    hold(40);
    expect(turns()).toEqual(['turn-start']);
    expect(talk.snapshot.turn?.latched).toBe(true);
  });

  it('stops the stuck-key watchdog once a tap latches the turn', () => {
    const { clock, talk, hold } = talkHarness('auto');
    hold(100);
    clock.advance(10 * 60_000);
    expect(talk.state).toBe('talking');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('honours custom timings', () => {
    const { turns, hold } = talkHarness('auto', { tapMaxMs: 500, minTurnMs: 0, debounceMs: 0 });
    hold(400);
    expect(turns()).toEqual(['turn-start']);
  });
});
