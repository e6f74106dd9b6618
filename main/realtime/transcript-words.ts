/** A whitespace-separated token with its comparison form. */
export interface Word {
  raw: string;
  /** Lower-cased, NFKC, letters and digits only; never empty. */
  norm: string;
}

/** Comparison form of a token: case, punctuation and Unicode width do not matter. */
export function normaliseWord(token: string): string {
  return token
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The words of `text`; punctuation-only tokens are dropped. */
export function splitWords(text: string): Word[] {
  const out: Word[] = [];
  for (const raw of text.split(/\s+/)) {
    const norm = normaliseWord(raw);
    if (norm !== '') out.push({ raw, norm });
  }
  return out;
}

function sameWord(a: string, b: string, partial: boolean): boolean {
  return a === b || (partial && (a.startsWith(b) || b.startsWith(a)));
}

/**
 * True when `prefix` is a prefix of `words`. Its last word may be cut short (a transcript
 * delta can end mid-word: "qu" then "ery"), so it only has to begin the matching word.
 */
export function isWordPrefix(prefix: readonly string[], words: readonly string[]): boolean {
  if (prefix.length === 0 || prefix.length > words.length) return false;
  return prefix.every((word, i) => {
    const other = words[i] ?? '';
    return i === prefix.length - 1 ? other.startsWith(word) : word === other;
  });
}

/**
 * True when one of the two is a prefix of the other ("begins with, or equals" in either
 * direction: a revised transcript may also be shorter than what was delivered).
 */
export function sharesWordPrefix(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    if (!sameWord(a[i] ?? '', b[i] ?? '', i === n - 1)) return false;
  }
  return true;
}

/** `needle` occurs in `haystack` as a run of whole words. */
export function containsWords(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0) return true;
  return ` ${haystack.join(' ')} `.includes(` ${needle.join(' ')} `);
}
