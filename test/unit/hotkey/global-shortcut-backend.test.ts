import { describe, expect, it } from 'vitest';
import { parseChord, type Chord } from '../../../main/hotkey/chord';
import { GlobalShortcutBackend } from '../../../main/hotkey/global-shortcut-backend';
import { RecordingShortcutRegistrar } from '../../fakes/recording-shortcut-registrar';

function chord(text: string): Chord {
  const parsed = parseChord(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe('GlobalShortcutBackend', () => {
  it('registers the accelerator and reports presses only', async () => {
    const registrar = new RecordingShortcutRegistrar();
    const backend = new GlobalShortcutBackend(registrar, () => {});
    expect(backend.reportsRelease).toBe(false);
    const keys: string[] = [];
    backend.on('key', ({ action }) => keys.push(action));
    expect(await backend.bind(chord('Ctrl+Alt+Space'))).toMatchObject({
      ok: true,
      value: { label: 'Ctrl+Alt+Space' },
    });
    registrar.press('Control+Alt+Space');
    expect(keys).toEqual(['press']);
  });

  it('refuses a chord another application holds and keeps the one bound before', async () => {
    const registrar = new RecordingShortcutRegistrar();
    registrar.taken.add('Super+F9');
    const backend = new GlobalShortcutBackend(registrar, () => {});
    await backend.bind(chord('Ctrl+Alt+Space'));
    const refused = await backend.bind(chord('Super+F9'));
    expect(refused).toMatchObject({
      ok: false,
      error: { tag: 'taken', message: expect.stringContaining('Super+F9 is already taken') },
    });
    expect([...registrar.registered.keys()]).toEqual(['Control+Alt+Space']);
  });

  it('moves to a new chord, unregistering the old one after the new one is held', async () => {
    const registrar = new RecordingShortcutRegistrar();
    const backend = new GlobalShortcutBackend(registrar, () => {});
    await backend.bind(chord('Ctrl+Alt+Space'));
    await backend.bind(chord('Ctrl+Alt+Space'));
    await backend.bind(chord('Super+F9'));
    expect(registrar.calls).toEqual([
      'register Control+Alt+Space',
      'register Super+F9',
      'unregister Control+Alt+Space',
    ]);
    await backend.dispose();
    await backend.dispose();
    expect(registrar.registered.size).toBe(0);
  });

  it('turns a registration that throws into a failure with the reason', async () => {
    const registrar = new RecordingShortcutRegistrar();
    registrar.register = () => {
      throw new Error('conversion failure');
    };
    const backend = new GlobalShortcutBackend(registrar, () => {});
    expect(await backend.bind(chord('Ctrl+Alt+Space'))).toMatchObject({
      ok: false,
      error: { tag: 'failed', message: expect.stringContaining('conversion failure') },
    });
  });
});
