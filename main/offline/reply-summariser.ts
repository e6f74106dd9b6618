/** Bounds of a spoken summary. */
export interface SummaryLimits {
  /** Sentences kept from the start. */
  maxSentences: number;
  /** Characters at most; a longer text is cut at a word and ends with "…". */
  maxChars: number;
}

export const DEFAULT_SUMMARY_LIMITS: SummaryLimits = { maxSentences: 3, maxChars: 320 };

/** Said when a result has nothing speakable left (only code, or empty). */
export const EMPTY_RESULT_SUMMARY = 'The task finished, but its result has nothing I can read out.';

/** Markdown and markup a voice must not read: each rule is [pattern, replacement]. */
const MARKUP_RULES: readonly [RegExp, string][] = [
  [/```[\s\S]*?(```|$)/g, '\n'], // fenced code blocks, even an unclosed one
  [/~~~[\s\S]*?(~~~|$)/g, '\n'],
  [/<[^>\n]+>/g, ' '], // HTML tags
  [/!\[([^\]]*)\]\([^)]*\)/g, '$1'], // images → alt text
  [/\[([^\]]+)\]\([^)]*\)/g, '$1'], // links → their text
  [/\bhttps?:\/\/\S+/g, 'a link'],
  [/`([^`\n]*)`/g, '$1'], // inline code keeps its words
  [/^\s{0,3}#{1,6}\s+(.*)$/gm, '$1.'], // headings become sentences
  [/^\s*(?:[-*+]|\d+[.)])\s+(.*)$/gm, '$1.'], // list items become sentences
  [/^\s*>\s?/gm, ''], // block quotes
  [/^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*$/gm, ''], // table rules
  [/\|/g, ', '], // table cells
  [/(\*\*|__|\*|_)(\S(?:.*?\S)?)\1/g, '$2'], // emphasis
  [/^\s*[-*_]{3,}\s*$/gm, ''], // horizontal rules
];

/** Removes code blocks and markup, keeping the words a person would say. */
export function stripMarkup(text: string): string {
  let out = text.replace(/\r\n?/g, '\n');
  for (const [pattern, replacement] of MARKUP_RULES) out = out.replace(pattern, replacement);
  return out.replace(/[ \t]+([.,!?;:])/g, '$1');
}

/** Sentences of plain text: ends at `.`, `!`, `?` before a space (not inside `a.test.ts`), or at a blank line. */
export function splitSentences(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.replace(/\s+/g, ' ').trim())
    .flatMap((block) => block.match(/(?:[^.!?]|[.!?](?!\s|$|[.!?]))+(?:[.!?]+(?=\s|$)|$)/g) ?? [])
    .map((sentence) => sentence.trim())
    .map((sentence) => sentence.replace(/\.{2,}$/, '.').replace(/^[,;:]\s*/, ''))
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));
}

/** `text` cut to `maxChars` at a word boundary, with "…" when cut. */
function bound(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxChars / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

/**
 * A delegate's result as a few sentences to speak: code blocks and markup stripped, the first
 * sentences kept, the length bounded. Never empty.
 */
export function summariseForSpeech(
  result: string,
  limits: SummaryLimits = DEFAULT_SUMMARY_LIMITS,
): string {
  const sentences = splitSentences(stripMarkup(result)).slice(0, limits.maxSentences);
  if (sentences.length === 0) return EMPTY_RESULT_SUMMARY;
  const withStops = sentences.map((s) => (/[.!?…]$/.test(s) ? s : `${s}.`));
  return bound(withStops.join(' '), limits.maxChars);
}
