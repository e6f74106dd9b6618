import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/base/logger';
import { parseChord } from '../../../main/hotkey/chord';
import { desktopHotkeys, type DesktopHotkeyDeps } from '../../../main/shell/desktop-hotkeys';
import { FakeClock } from '../../fakes/fake-clock';
import { RecordingShortcutRegistrar } from '../../fakes/recording-shortcut-registrar';

function provider(patch: Partial<DesktopHotkeyDeps> = {}) {
  const forks: { modulePath: string; serviceName: string; posted: unknown[] }[] = [];
  const trusted: boolean[] = [];
  const registrar = new RecordingShortcutRegistrar();
  const deps: DesktopHotkeyDeps = {
    clock: new FakeClock(),
    log: silentLogger,
    platform: 'linux',
    env: {},
    fork: (modulePath, _args, options) => {
      const child = Object.assign(new EventEmitter(), {
        pid: 4242,
        stderr: new PassThrough(),
        posted: [] as unknown[],
        postMessage(message: { type: string }) {
          this.posted.push(message);
          if (message.type === 'stop') setImmediate(() => child.emit('exit', 0));
        },
        kill: () => true,
      });
      forks.push({ modulePath, serviceName: options.serviceName, posted: child.posted });
      return child as never;
    },
    hookEntry: '/opt/Parley/resources/app.asar.unpacked/out/main/hook.js',
    globalShortcut: registrar,
    isTrustedAccessibilityClient: (prompt) => (trusted.push(prompt), false),
    ...patch,
  };
  return { hotkeys: desktopHotkeys(deps), forks, trusted, registrar };
}

describe('the desktop app’s hotkey backends', () => {
  it('no graphical session: no backend, and the toggle command as the remedy', async () => {
    const choice = await provider().hotkeys.choose();
    expect(choice).toMatchObject({ backend: 'none', remedy: 'bind-toggle-command' });
  });

  it('macOS without Accessibility: asked without a prompt, and the press-only fallback', async () => {
    const { hotkeys, trusted } = provider({ platform: 'darwin' });
    const choice = await hotkeys.choose();
    expect(trusted).toEqual([false]);
    expect(choice).toMatchObject({ backend: 'global-shortcut', remedy: 'grant-accessibility' });
  });

  it('Windows: the hook, with the shortcut as its fallback', async () => {
    const choice = await provider({ platform: 'win32' }).hotkeys.choose();
    expect(choice).toMatchObject({ backend: 'hook', fallbacks: ['global-shortcut'] });
  });

  it('the hook runs in a utility process from the unpacked build and is told the chord', async () => {
    const { hotkeys, forks } = provider();
    const hook = hotkeys.create('hook');
    const chord = parseChord('Ctrl+Alt+Space');
    if (!chord.ok) throw new Error(chord.error.message);
    const bound = hook.bind(chord.value);
    expect(forks).toHaveLength(1);
    expect(forks[0]).toMatchObject({
      modulePath: '/opt/Parley/resources/app.asar.unpacked/out/main/hook.js',
      serviceName: 'Parley hotkey',
    });
    expect(forks[0]!.posted).toEqual([
      { type: 'watch', chord: { keyCode: expect.any(Number), modifiers: ['ctrl', 'alt'] } },
    ]);
    await hook.dispose();
    expect(forks[0]!.posted.at(-1)).toEqual({ type: 'stop' });
    expect(await bound).toMatchObject({
      ok: false,
      error: { message: 'The hotkey was turned off.' },
    });
  });

  it('the fallback registers the accelerator with Electron’s globalShortcut', async () => {
    const { hotkeys, registrar } = provider();
    const shortcut = hotkeys.create('global-shortcut');
    const chord = parseChord('Super+F9');
    if (!chord.ok) throw new Error(chord.error.message);
    expect((await shortcut.bind(chord.value)).ok).toBe(true);
    expect([...registrar.registered.keys()]).toEqual(['Super+F9']);
    await shortcut.dispose();
    expect(registrar.registered.size).toBe(0);
  });
});
