import { describe, expect, it } from 'vitest';
import { chordPress, keyName, type ChordKeyEvent } from '../../../renderer/src/key-chord';

const key = (code: string, mods: Partial<ChordKeyEvent> = {}): ChordKeyEvent => ({
  code,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...mods,
});

describe('chord capture spelling', () => {
  it('names keys as chords write them, whatever the layout', () => {
    expect(
      ['KeyA', 'Digit7', 'ArrowUp', 'Space', 'F9', 'Numpad3', 'Backquote'].map(keyName),
    ).toEqual(['A', '7', 'Up', 'Space', 'F9', 'Numpad3', 'Backquote']);
  });

  it('shows held modifiers as unfinished, and a chord once a key is down', () => {
    expect(chordPress(key('ControlLeft', { ctrlKey: true }))).toEqual({
      shown: 'Ctrl+…',
      chord: null,
    });
    expect(chordPress(key('MetaRight', { metaKey: true, altKey: true }))).toEqual({
      shown: 'Alt+Super+…',
      chord: null,
    });
    expect(
      chordPress(key('Space', { ctrlKey: true, altKey: true, shiftKey: true, metaKey: true })),
    ).toEqual({ shown: 'Ctrl+Alt+Shift+Super+Space', chord: 'Ctrl+Alt+Shift+Super+Space' });
    // A key with no modifier is spelled as pressed: main refuses it with the reason.
    expect(chordPress(key('KeyQ')).chord).toBe('Q');
  });
});
