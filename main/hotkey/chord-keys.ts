/**
 * The keys a talk chord may use, each with its three spellings: the libuiohook key code the
 * hook process watches, the Electron accelerator token, and the xkbcommon keysym name the
 * desktop portal's trigger strings use.
 */

/** A chord modifier, in the order chords are written. */
export const MODIFIERS = ['ctrl', 'alt', 'shift', 'super'] as const;
export type Modifier = (typeof MODIFIERS)[number];

/** One key of the table. */
export interface KeySpec {
  /** Canonical name, as chords are written and stored ("Space", "F9", "A"). */
  readonly name: string;
  /** libuiohook virtual key code. */
  readonly hookCode: number;
  /** Electron accelerator key token. */
  readonly accelerator: string;
  /** xkbcommon keysym name (without `XKB_KEY_`). */
  readonly keysym: string;
  /** Pressed in ordinary typing or editing, so it needs a modifier to be a talk key. */
  readonly typing: boolean;
}

/** How each modifier is spelled: names accepted, display name, accelerator, portal, key codes. */
export const MODIFIER_SPECS: Readonly<
  Record<
    Modifier,
    {
      names: readonly string[];
      display: string;
      accelerator: string;
      portal: string;
      hookCodes: readonly number[];
    }
  >
> = {
  ctrl: {
    names: ['ctrl', 'control'],
    display: 'Ctrl',
    accelerator: 'Control',
    portal: 'CTRL',
    hookCodes: [29, 3613],
  },
  alt: {
    names: ['alt', 'option', 'opt'],
    display: 'Alt',
    accelerator: 'Alt',
    portal: 'ALT',
    hookCodes: [56, 3640],
  },
  shift: {
    names: ['shift'],
    display: 'Shift',
    accelerator: 'Shift',
    portal: 'SHIFT',
    hookCodes: [42, 54],
  },
  super: {
    names: ['super', 'meta', 'win', 'windows', 'cmd', 'command', 'logo'],
    display: 'Super',
    accelerator: 'Super',
    portal: 'LOGO',
    hookCodes: [3675, 3676],
  },
};

const LETTER_CODES = [30, 48, 46, 32, 18, 33, 34, 35, 23, 36, 37, 38, 50, 49, 24, 25, 16, 19, 31];
const LETTER_CODES_REST = [20, 22, 47, 17, 45, 21, 44];
const DIGIT_CODES = [11, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const F_CODES = [59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 87, 88];
const F_CODES_HIGH = [91, 92, 93, 99, 100, 101, 102, 103, 104, 105, 106, 107];
const NUMPAD_CODES = [82, 79, 80, 81, 75, 76, 77, 71, 72, 73];

function key(
  name: string,
  hookCode: number,
  accelerator: string,
  keysym: string,
  typing: boolean,
): KeySpec {
  return { name, hookCode, accelerator, keysym, typing };
}

function generatedKeys(): KeySpec[] {
  const letters = [...LETTER_CODES, ...LETTER_CODES_REST].map((code, i) => {
    const letter = String.fromCharCode(65 + i);
    return key(letter, code, letter, letter.toLowerCase(), true);
  });
  const digits = DIGIT_CODES.map((code, i) => key(String(i), code, String(i), String(i), true));
  const fKeys = [...F_CODES, ...F_CODES_HIGH].map((code, i) =>
    key(`F${i + 1}`, code, `F${i + 1}`, `F${i + 1}`, false),
  );
  const numpad = NUMPAD_CODES.map((code, i) => key(`Numpad${i}`, code, `num${i}`, `KP_${i}`, true));
  return [...letters, ...digits, ...fKeys, ...numpad];
}

const NAMED_KEYS: KeySpec[] = [
  key('Space', 57, 'Space', 'space', true),
  key('Tab', 15, 'Tab', 'Tab', true),
  key('Enter', 28, 'Enter', 'Return', true),
  key('Backspace', 14, 'Backspace', 'BackSpace', true),
  key('Escape', 1, 'Escape', 'Escape', true),
  key('Delete', 3667, 'Delete', 'Delete', true),
  key('Insert', 3666, 'Insert', 'Insert', false),
  key('Home', 3655, 'Home', 'Home', true),
  key('End', 3663, 'End', 'End', true),
  key('PageUp', 3657, 'PageUp', 'Prior', true),
  key('PageDown', 3665, 'PageDown', 'Next', true),
  key('Up', 57416, 'Up', 'Up', true),
  key('Down', 57424, 'Down', 'Down', true),
  key('Left', 57419, 'Left', 'Left', true),
  key('Right', 57421, 'Right', 'Right', true),
  key('CapsLock', 58, 'Capslock', 'Caps_Lock', false),
  key('NumLock', 69, 'Numlock', 'Num_Lock', false),
  key('ScrollLock', 70, 'Scrolllock', 'Scroll_Lock', false),
  key('PrintScreen', 3639, 'PrintScreen', 'Print', false),
  key('Minus', 12, '-', 'minus', true),
  key('Equal', 13, '=', 'equal', true),
  key('BracketLeft', 26, '[', 'bracketleft', true),
  key('BracketRight', 27, ']', 'bracketright', true),
  key('Backslash', 43, '\\', 'backslash', true),
  key('Semicolon', 39, ';', 'semicolon', true),
  key('Quote', 40, "'", 'apostrophe', true),
  key('Comma', 51, ',', 'comma', true),
  key('Period', 52, '.', 'period', true),
  key('Slash', 53, '/', 'slash', true),
  key('Backquote', 41, '`', 'grave', true),
  key('NumpadAdd', 78, 'numadd', 'KP_Add', true),
  key('NumpadSubtract', 74, 'numsub', 'KP_Subtract', true),
  key('NumpadMultiply', 55, 'nummult', 'KP_Multiply', true),
  key('NumpadDivide', 3637, 'numdiv', 'KP_Divide', true),
  key('NumpadDecimal', 83, 'numdec', 'KP_Decimal', true),
];

/** Every key a chord may use. */
export const KEYS: readonly KeySpec[] = [...generatedKeys(), ...NAMED_KEYS];

/** Other spellings people type for a key (lower case) → canonical name. */
const KEY_ALIASES: Readonly<Record<string, string>> = {
  spacebar: 'Space',
  return: 'Enter',
  esc: 'Escape',
  del: 'Delete',
  ins: 'Insert',
  pgup: 'PageUp',
  pgdn: 'PageDown',
  arrowup: 'Up',
  arrowdown: 'Down',
  arrowleft: 'Left',
  arrowright: 'Right',
  printscr: 'PrintScreen',
  '-': 'Minus',
  '=': 'Equal',
  '[': 'BracketLeft',
  ']': 'BracketRight',
  '\\': 'Backslash',
  ';': 'Semicolon',
  "'": 'Quote',
  ',': 'Comma',
  '.': 'Period',
  '/': 'Slash',
  '`': 'Backquote',
};

const BY_NAME = new Map(KEYS.map((k) => [k.name.toLowerCase(), k]));

/** The key a chord part names, in any accepted spelling, or undefined. */
export function findKey(part: string): KeySpec | undefined {
  const lower = part.toLowerCase();
  const alias = KEY_ALIASES[lower];
  return BY_NAME.get(alias ? alias.toLowerCase() : lower);
}

/** The modifier a chord part names, or undefined. */
export function findModifier(part: string): Modifier | undefined {
  const lower = part.toLowerCase();
  return MODIFIERS.find((m) => MODIFIER_SPECS[m].names.includes(lower));
}
