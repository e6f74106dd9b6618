import { describe, expect, it } from 'vitest';
import { TalkInput } from '../../../main/audio/talk-input';
import { applyRemoteCommand, parseRemoteCommand } from '../../../main/hotkey/remote-command';
import { FakeClock } from '../../fakes/fake-clock';

describe('parseRemoteCommand', () => {
  it('finds the command in a second instance’s argv, among Electron’s and Chromium’s arguments', () => {
    expect(parseRemoteCommand(['/opt/Parley/parley', '--toggle'])).toEqual({
      ok: true,
      value: 'toggle',
    });
    const dev = [
      '/x/electron',
      '--allow-file-access-from-files',
      '/x/app',
      '--enable-features=A',
      '--mute',
    ];
    expect(parseRemoteCommand(dev)).toEqual({ ok: true, value: 'mute' });
    expect(parseRemoteCommand(['parley', '--start', '--start'])).toEqual({
      ok: true,
      value: 'start',
    });
  });

  it('returns null with no command, and ignores flags after --', () => {
    expect(parseRemoteCommand(['/opt/Parley/parley'])).toEqual({ ok: true, value: null });
    expect(parseRemoteCommand(['parley', '--', '--stop'])).toEqual({ ok: true, value: null });
    expect(parseRemoteCommand(['parley', '--toggled', '-toggle', 'toggle'])).toEqual({
      ok: true,
      value: null,
    });
  });

  it('refuses two different commands with the reason', () => {
    expect(parseRemoteCommand(['parley', '--start', '--stop'])).toEqual({
      ok: false,
      error: {
        tag: 'conflicting-commands',
        message: 'parley was given --start and --stop: pass one of them.',
      },
    });
  });
});

describe('applyRemoteCommand', () => {
  it('drives the talk input as the cli source; --mute flips the kill switch', () => {
    const clock = new FakeClock();
    const talk = new TalkInput({ clock, mode: 'hands-free' });
    applyRemoteCommand(talk, 'start');
    expect(talk.state).toBe('listening');
    applyRemoteCommand(talk, 'mute');
    expect(talk.muted).toBe(true);
    applyRemoteCommand(talk, 'mute');
    expect(talk.muted).toBe(false);
    clock.advance(100);
    applyRemoteCommand(talk, 'toggle');
    expect(talk.state).toBe('idle');
    talk.setMode('toggle');
    applyRemoteCommand(talk, 'start');
    expect(talk.snapshot.turn).toMatchObject({ source: 'cli', latched: true });
    clock.advance(1_000);
    applyRemoteCommand(talk, 'stop');
    expect(talk.state).toBe('idle');
  });
});
