import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../main/base/logger';
import { handleLaunch, startsHidden } from '../../../main/shell/instance-commands';

function target() {
  const calls: string[] = [];
  const logs: Omit<LogRecord, 'ts'>[] = [];
  let muted = false;
  return {
    calls,
    logs,
    target: {
      talk: {
        get muted() {
          return muted;
        },
        command: (c: string, source: string) => calls.push(`${c} from ${source}`),
        setMuted: (m: boolean) => {
          muted = m;
          calls.push(m ? 'mute' : 'unmute');
        },
      },
      showWindow: () => calls.push('show window'),
      log: (level: LogRecord['level'], event: string, fields?: Record<string, unknown>) =>
        logs.push({ level, event, ...fields }),
    },
  };
}

const exe = '/opt/Parley/parley';

describe('a launch reaching the running Parley', () => {
  it('carries out --toggle, --start, --stop and --mute (which flips the kill switch)', () => {
    const { target: t, calls } = target();
    for (const flag of ['--toggle', '--start', '--stop', '--mute', '--mute']) {
      handleLaunch([exe, '--no-sandbox', flag], t);
    }
    expect(calls).toEqual(['toggle from cli', 'start from cli', 'stop from cli', 'mute', 'unmute']);
  });

  it('a plain second launch shows the window; a login start (--hidden) does not', () => {
    const { target: t, calls } = target();
    handleLaunch([exe], t);
    handleLaunch([exe, '--hidden'], t);
    expect(calls).toEqual(['show window']);
  });

  it('two commands at once are refused with the reason, and nothing is done', () => {
    const { target: t, calls, logs } = target();
    handleLaunch([exe, '--start', '--stop'], t);
    expect(calls).toEqual([]);
    expect(logs).toEqual([
      expect.objectContaining({
        event: 'shell.remote_command_refused',
        message: 'parley was given --start and --stop: pass one of them.',
      }),
    ]);
  });

  it('a launch with a command or --hidden starts in the tray', () => {
    expect(startsHidden([exe])).toBe(false);
    expect(startsHidden([exe, '--hidden'])).toBe(true);
    expect(startsHidden([exe, '--toggle'])).toBe(true);
    expect(startsHidden([exe, '--', '--toggle'])).toBe(false);
  });
});
