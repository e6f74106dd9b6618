import { describe, expect, it } from 'vitest';
import { UiohookKey } from 'uiohook-napi';
import {
  formatChord,
  parseChord,
  toAccelerator,
  toHookChord,
  toPortalTrigger,
  type Chord,
} from '../../../main/hotkey/chord';
import { KEYS, MODIFIER_SPECS } from '../../../main/hotkey/chord-keys';

function chord(text: string, platform?: NodeJS.Platform): Chord {
  const parsed = parseChord(text, platform);
  if (!parsed.ok) throw new Error(`expected ${text} to parse: ${parsed.error.message}`);
  return parsed.value;
}

function refusal(text: string): { tag: string; message: string } {
  const parsed = parseChord(text);
  if (parsed.ok) throw new Error(`expected ${text} to be refused`);
  return parsed.error;
}

describe('parseChord', () => {
  it('parses modifiers plus one key into canonical order, whatever the spelling', () => {
    expect(formatChord(chord('ctrl+alt+space'))).toBe('Ctrl+Alt+Space');
    expect(formatChord(chord(' Space + Alt + Control '))).toBe('Ctrl+Alt+Space');
    expect(formatChord(chord('Win+F9'))).toBe('Super+F9');
    expect(formatChord(chord('Cmd+Shift+Spacebar'))).toBe('Shift+Super+Space');
    expect(formatChord(chord('F13'))).toBe('F13');
    expect(formatChord(chord('Ctrl+Alt+`'))).toBe('Ctrl+Alt+Backquote');
  });

  it('reads CmdOrCtrl as Super on macOS and Ctrl elsewhere', () => {
    expect(formatChord(chord('CmdOrCtrl+Shift+K', 'darwin'))).toBe('Shift+Super+K');
    expect(formatChord(chord('CommandOrControl+Shift+K', 'linux'))).toBe('Ctrl+Shift+K');
  });

  it.each([
    ['', 'empty', 'Enter a key combination'],
    ['Ctrl++Space', 'malformed', 'empty part'],
    ['Ctrl+Alt+', 'malformed', 'empty part'],
    ['Ctrl+Hyper', 'unknown-key', '"Hyper" is not a key'],
    ['Ctrl+Control+K', 'duplicate-modifier', 'Ctrl appears twice'],
    ['Ctrl+Alt', 'no-key', 'only modifiers'],
    ['Ctrl+A+B', 'two-keys', '2 keys (A, B)'],
    ['Space', 'needs-modifier', 'Space would fire whenever you type it'],
    ['Shift+A', 'needs-modifier', 'capital'],
    ['Ctrl+C', 'reserved', 'used for copy'],
    ['Super+L', 'reserved', 'locking the screen'],
  ])('refuses %j as %s with the reason', (text, tag, words) => {
    const error = refusal(text);
    expect(error.tag).toBe(tag);
    expect(error.message).toContain(words);
  });

  it('allows keys that are not typed without a modifier', () => {
    for (const text of ['F9', 'Insert', 'ScrollLock', 'PrintScreen', 'CapsLock', 'Shift+F1']) {
      expect(parseChord(text).ok).toBe(true);
    }
  });
});

describe('chord conversions', () => {
  it('speaks Electron accelerators', () => {
    expect(toAccelerator(chord('Ctrl+Alt+Space'))).toBe('Control+Alt+Space');
    expect(toAccelerator(chord('Super+Shift+Numpad5'))).toBe('Shift+Super+num5');
    expect(toAccelerator(chord('Alt+Minus'))).toBe('Alt+-');
  });

  it('speaks the portal trigger format: xkb modifier names and keysyms', () => {
    expect(toPortalTrigger(chord('Ctrl+Alt+Space'))).toBe('CTRL+ALT+space');
    expect(toPortalTrigger(chord('Super+F9'))).toBe('LOGO+F9');
    expect(toPortalTrigger(chord('Ctrl+Shift+PageUp'))).toBe('CTRL+SHIFT+Prior');
    expect(toPortalTrigger(chord('Alt+K'))).toBe('ALT+k');
  });

  it('gives the hook the uiohook key codes', () => {
    expect(toHookChord(chord('Ctrl+Alt+Space'))).toEqual({
      keyCode: 57,
      modifiers: ['ctrl', 'alt'],
    });
  });

  it('uses the key codes uiohook-napi itself defines, for every key and modifier', () => {
    const table = UiohookKey as Record<string, number>;
    const uiohookName: Record<string, string> = {
      Up: 'ArrowUp',
      Down: 'ArrowDown',
      Left: 'ArrowLeft',
      Right: 'ArrowRight',
    };
    for (const key of KEYS) {
      expect([key.name, table[uiohookName[key.name] ?? key.name]]).toEqual([
        key.name,
        key.hookCode,
      ]);
    }
    expect(MODIFIER_SPECS.ctrl.hookCodes).toEqual([UiohookKey.Ctrl, UiohookKey.CtrlRight]);
    expect(MODIFIER_SPECS.alt.hookCodes).toEqual([UiohookKey.Alt, UiohookKey.AltRight]);
    expect(MODIFIER_SPECS.shift.hookCodes).toEqual([UiohookKey.Shift, UiohookKey.ShiftRight]);
    expect(MODIFIER_SPECS.super.hookCodes).toEqual([UiohookKey.Meta, UiohookKey.MetaRight]);
  });

  it('round-trips every key through format and parse', () => {
    for (const key of KEYS) {
      const text = `Ctrl+Alt+${key.name}`;
      if (text === 'Ctrl+Alt+Delete' || text === 'Ctrl+Alt+Backspace') continue;
      expect(formatChord(chord(text))).toBe(text);
    }
  });
});
