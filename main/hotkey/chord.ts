/**
 * Talk chords: modifiers plus one key, written `Ctrl+Alt+Space` or `Super+F9`. Parsing refuses
 * what cannot work as a talk key, with the reason; a parsed chord converts to what each backend
 * speaks (hook key codes, Electron accelerators, portal trigger strings).
 */
import { err, ok, type Result, type TaggedError } from '../base/result';
import {
  findKey,
  findModifier,
  MODIFIER_SPECS,
  MODIFIERS,
  type KeySpec,
  type Modifier,
} from './chord-keys';

/** A valid talk chord. */
export interface Chord {
  /** In canonical order (Ctrl, Alt, Shift, Super), no duplicates. */
  readonly modifiers: readonly Modifier[];
  readonly key: KeySpec;
}

/** Why a chord was refused. */
export type ChordErrorTag =
  | 'empty'
  | 'malformed'
  | 'unknown-key'
  | 'duplicate-modifier'
  | 'no-key'
  | 'two-keys'
  | 'needs-modifier'
  | 'reserved';

export type ChordError = TaggedError<ChordErrorTag>;

/** The chord the hook process watches: libuiohook codes. */
export interface HookChord {
  keyCode: number;
  modifiers: Modifier[];
}

/** The default talk chord. */
export const DEFAULT_CHORD = 'Ctrl+Alt+Space';

/** Chords the system or every app already uses; a talk key there would fire all day. */
const RESERVED: Readonly<Record<string, string>> = {
  'Ctrl+Alt+Delete': 'the system security screen',
  'Ctrl+Alt+Backspace': 'killing the X server',
  'Alt+F4': 'closing windows',
  'Alt+Tab': 'switching windows',
  'Super+Tab': 'switching windows',
  'Super+L': 'locking the screen',
  'Super+Space': 'switching keyboard layouts (and Spotlight on macOS)',
  'Ctrl+A': 'select all',
  'Ctrl+C': 'copy',
  'Ctrl+V': 'paste',
  'Ctrl+X': 'cut',
  'Ctrl+Z': 'undo',
  'Ctrl+S': 'save',
  'Super+A': 'select all on macOS',
  'Super+C': 'copy on macOS',
  'Super+V': 'paste on macOS',
  'Super+X': 'cut on macOS',
  'Super+Z': 'undo on macOS',
  'Super+Q': 'quitting apps on macOS',
};

/**
 * Parses and validates a chord. `CmdOrCtrl` (Electron's spelling) means Super on macOS and
 * Ctrl elsewhere, so pass the platform when parsing what a user typed.
 */
export function parseChord(
  text: string,
  platform: NodeJS.Platform = 'linux',
): Result<Chord, ChordError> {
  const trimmed = text.trim();
  if (!trimmed) return err('empty', 'Enter a key combination, for example Ctrl+Alt+Space.');
  const parts = trimmed.split('+').map((p) => p.trim());
  if (parts.some((p) => p === '')) {
    return err(
      'malformed',
      `"${trimmed}" has an empty part: join keys with "+", as in Ctrl+Alt+Space.`,
    );
  }
  const modifiers = new Set<Modifier>();
  const keys: KeySpec[] = [];
  for (const part of parts) {
    const modifier = modifierOf(part, platform);
    if (modifier && modifiers.has(modifier)) {
      return err(
        'duplicate-modifier',
        `${MODIFIER_SPECS[modifier].display} appears twice in "${trimmed}".`,
      );
    }
    if (modifier) {
      modifiers.add(modifier);
      continue;
    }
    const found = findKey(part);
    if (!found) return err('unknown-key', unknownKeyMessage(part));
    keys.push(found);
  }
  return checkShape(
    trimmed,
    MODIFIERS.filter((m) => modifiers.has(m)),
    keys,
  );
}

/** The chord as it is stored and shown: `Ctrl+Alt+Space`. */
export function formatChord(chord: Chord): string {
  return [...chord.modifiers.map((m) => MODIFIER_SPECS[m].display), chord.key.name].join('+');
}

/** The Electron accelerator for `globalShortcut.register` (`Super` is Cmd on macOS). */
export function toAccelerator(chord: Chord): string {
  return [...chord.modifiers.map((m) => MODIFIER_SPECS[m].accelerator), chord.key.accelerator].join(
    '+',
  );
}

/** The portal's `preferred_trigger`: xkbcommon modifier names and keysym, `CTRL+ALT+space`. */
export function toPortalTrigger(chord: Chord): string {
  return [...chord.modifiers.map((m) => MODIFIER_SPECS[m].portal), chord.key.keysym].join('+');
}

/** The key codes the hook process watches. */
export function toHookChord(chord: Chord): HookChord {
  return { keyCode: chord.key.hookCode, modifiers: [...chord.modifiers] };
}

function modifierOf(part: string, platform: NodeJS.Platform): Modifier | undefined {
  const lower = part.toLowerCase();
  if (lower === 'cmdorctrl' || lower === 'commandorcontrol') {
    return platform === 'darwin' ? 'super' : 'ctrl';
  }
  return findModifier(part);
}

function checkShape(
  text: string,
  modifiers: Modifier[],
  keys: KeySpec[],
): Result<Chord, ChordError> {
  const [first, second] = keys;
  if (!first) {
    return err(
      'no-key',
      `"${text}" has only modifiers: add one key after them, as in Ctrl+Alt+Space.`,
    );
  }
  if (second) {
    const names = keys.map((k) => k.name).join(', ');
    return err(
      'two-keys',
      `"${text}" has ${keys.length} keys (${names}): a chord is modifiers plus one key.`,
    );
  }
  const chord: Chord = { modifiers, key: first };
  const written = formatChord(chord);
  const onlyShift = modifiers.every((m) => m === 'shift');
  if (first.typing && onlyShift) {
    const why =
      modifiers.length === 0
        ? 'fire whenever you type it'
        : 'fire whenever you type a capital or symbol';
    return err('needs-modifier', `${written} would ${why}: add Ctrl, Alt or Super.`);
  }
  const reservedFor = RESERVED[written];
  if (reservedFor)
    return err('reserved', `${written} is used for ${reservedFor}: choose another chord.`);
  return ok(chord);
}

function unknownKeyMessage(part: string): string {
  return (
    `"${part}" is not a key Parley knows. Use a letter, a digit, F1–F24, Space, Tab, Enter, ` +
    'an arrow, Insert, Delete, Home, End, PageUp, PageDown, a Numpad key or punctuation, ' +
    'with modifiers Ctrl, Alt, Shift or Super.'
  );
}
