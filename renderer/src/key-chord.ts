// Turns key presses into the chord text main binds (`Ctrl+Alt+Space`). Main alone judges a
// chord (unknown, typing or reserved keys are refused with the reason), so this only spells it.

/** The parts of a keyboard event a chord is read from. */
export interface ChordKeyEvent {
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/** What the keys held so far spell: the chord once a non-modifier key is down, else null. */
export interface ChordPress {
  /** What to show while capturing, e.g. `Ctrl+Alt+…` or `Ctrl+Alt+K`. */
  shown: string;
  /** The complete chord, or null while only modifiers are held. */
  chord: string | null;
}

const MODIFIER_CODES = /^(Control|Alt|Shift|Meta|OS)(Left|Right)?$/;

/** A key's name as chords spell it, from `KeyboardEvent.code` (layout-independent). */
export function keyName(code: string): string {
  if (/^Key[A-Z]$/.test(code)) return code.slice(3);
  if (/^Digit[0-9]$/.test(code)) return code.slice(5);
  if (code.startsWith('Arrow')) return code.slice(5);
  return code;
}

/** Reads one keydown while capturing. */
export function chordPress(event: ChordKeyEvent): ChordPress {
  const modifiers = [
    event.ctrlKey ? 'Ctrl' : '',
    event.altKey ? 'Alt' : '',
    event.shiftKey ? 'Shift' : '',
    event.metaKey ? 'Super' : '',
  ].filter(Boolean);
  if (MODIFIER_CODES.test(event.code) || event.code === '') {
    return { shown: [...modifiers, '…'].join('+'), chord: null };
  }
  const chord = [...modifiers, keyName(event.code)].join('+');
  return { shown: chord, chord };
}
