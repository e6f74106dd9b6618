/** What the recogniser can pronounce: its dictionary, as a lookup. */
export interface Lexicon {
  /** True when `word` (lower case) has a pronunciation. */
  has(word: string): boolean;
}

/**
 * Developer words the recogniser's dictionary lacks, with ARPAbet pronunciations; the
 * recogniser adds them before it loads a grammar that uses them.
 */
export const EXTRA_PRONUNCIATIONS: Readonly<Record<string, string>> = {
  json: 'JH EY S AH N',
  config: 'K AA N F IH G',
  vite: 'V IY T',
  yaml: 'Y AE M AH L',
  src: 'S AO R S',
  pnpm: 'P IY EH N P IY EH M',
  npm: 'EH N P IY EH M',
  tsconfig: 'T IY EH S K AA N F IH G',
};

const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** Longest token spelled letter by letter when no word fits it. */
const MAX_SPELLED = 4;
/** A compound is split into at most this many dictionary words ("typecheck" → type check). */
const MAX_PARTS = 3;
/** Shortest dictionary word accepted as a part of a compound (keeps "a", "i" out). */
const MIN_PART = 2;

/** `n` (0–99) in words, e.g. 42 → ["forty", "two"]; null outside that range. */
export function numberWords(n: number): string[] | null {
  if (!Number.isInteger(n) || n < 0 || n > 99) return null;
  if (n < 20) return [NUMBER_WORDS[n] ?? ''];
  const tens = TENS[Math.floor(n / 10)] ?? '';
  return n % 10 === 0 ? [tens] : [tens, NUMBER_WORDS[n % 10] ?? ''];
}

/** Splits an identifier into lower-case tokens at punctuation, camelCase and digit edges. */
export function identifierTokens(identifier: string): string[] {
  return identifier
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([a-zA-Z])(\d)/g, '$1 $2')
    .replace(/(\d)([a-zA-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '');
}

function knows(lexicon: Lexicon, word: string): boolean {
  return word in EXTRA_PRONUNCIATIONS || lexicon.has(word);
}

/** `token` as up to {@link MAX_PARTS} dictionary words, longest first part first; else null. */
function splitCompound(token: string, lexicon: Lexicon, partsLeft = MAX_PARTS): string[] | null {
  if (knows(lexicon, token)) return [token];
  if (partsLeft <= 1) return null;
  for (let cut = token.length - MIN_PART; cut >= MIN_PART; cut--) {
    const head = token.slice(0, cut);
    if (!knows(lexicon, head)) continue;
    const rest = splitCompound(token.slice(cut), lexicon, partsLeft - 1);
    if (rest) return [head, ...rest];
  }
  return null;
}

/** One token as words: a number, a (compound of) dictionary word(s), or spelled letters. */
function tokenWords(token: string, lexicon: Lexicon): string[] | null {
  if (/^\d+$/.test(token)) {
    const asNumber = numberWords(Number(token));
    if (asNumber) return asNumber;
    return [...token].flatMap((digit) => numberWords(Number(digit)) ?? []);
  }
  const compound = splitCompound(token, lexicon);
  if (compound) return compound;
  if (token.length <= MAX_SPELLED && [...token].every((c) => knows(lexicon, c))) return [...token];
  return null;
}

/**
 * How a person would say an identifier (a script name, a make target, a file name), as
 * lower-case words the recogniser knows: `test:unit` → test unit, `README.md` → read me m d,
 * `build2` → build two, `tsc` → t s c. Null when some part cannot be said with the lexicon,
 * so no command is offered that the recogniser could never hear.
 */
export function speakableWords(identifier: string, lexicon: Lexicon): string[] | null {
  const tokens = identifierTokens(identifier);
  if (tokens.length === 0) return null;
  const words: string[] = [];
  for (const token of tokens) {
    const spoken = tokenWords(token, lexicon);
    if (!spoken) return null;
    words.push(...spoken);
  }
  return words;
}
