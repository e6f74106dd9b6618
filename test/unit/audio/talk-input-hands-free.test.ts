import { describe, expect, it } from 'vitest';
import { talkHarness } from './talk-input-harness';

describe('TalkInput hands-free mode', () => {
  it('listens on start, marks voice activity as talking, and goes idle on stop', () => {
    const { talk, states } = talkHarness('hands-free');
    talk.command('start', 'tray');
    talk.voiceActivity(true);
    talk.voiceActivity(true);
    talk.voiceActivity(false);
    talk.command('stop', 'cli');
    expect(states()).toEqual(['listening', 'talking', 'listening', 'idle']);
  });

  it('never starts a key turn: voice activity owns turns on the server', () => {
    const { talk, turns, hold } = talkHarness('hands-free');
    talk.command('start', 'tray');
    talk.voiceActivity(true);
    hold(500);
    expect(turns().filter((t) => t.startsWith('turn-'))).toEqual([]);
  });

  it('ignores voice activity while not listening', () => {
    const { talk, events } = talkHarness('hands-free');
    talk.voiceActivity(true);
    expect(events).toEqual([]);
    expect(talk.state).toBe('idle');
  });

  it('toggles listening from the tray, dropping a double click inside the debounce window', () => {
    const { clock, talk, states } = talkHarness('hands-free');
    talk.command('toggle', 'tray');
    clock.advance(10);
    talk.command('toggle', 'tray');
    expect(states()).toEqual(['listening']);
    clock.advance(500);
    talk.voiceActivity(true);
    talk.command('toggle', 'tray');
    expect(states()).toEqual(['listening', 'talking', 'idle']);
  });

  it('makes the talk key cut the assistant off, and start listening when idle', () => {
    const { clock, talk, turns, states } = talkHarness('hands-free');
    talk.keyDown('hook');
    clock.advance(100);
    talk.keyUp('hook');
    clock.advance(500);
    talk.keyPress('shortcut');
    expect(turns()).toEqual(['interrupt', 'interrupt']);
    expect(states()).toEqual(['listening']);
    expect(talk.state).toBe('listening');
  });

  it('does nothing for start while listening or stop while idle', () => {
    const { talk, events } = talkHarness('hands-free');
    talk.command('stop', 'tray');
    talk.command('start', 'tray');
    talk.command('start', 'cli');
    expect(events.map((e) => e.event)).toEqual(['change']);
  });
});
