/** UTF-8 length of `text` in bytes, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4; // a surrogate pair is one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The newest part of a text that fits a byte budget, and what was cut before it. */
export interface TextTail {
  /** The kept tail (the whole text when it fits). */
  tail: string;
  /** The cut head ('' when nothing was cut). */
  head: string;
}

/**
 * The longest tail of `text` within `maxBytes` UTF-8 bytes that starts at a word boundary, so
 * no word is cut in half (only a single word longer than the budget is). O(kept length).
 */
export function tailWithin(text: string, maxBytes: number): TextTail {
  if (text.length <= maxBytes / 3 || utf8Length(text) <= maxBytes) return { tail: text, head: '' };
  let bytes = 0;
  let start = text.length;
  while (start > 0) {
    const code = text.charCodeAt(start - 1);
    const low = code >= 0xdc00 && code <= 0xdfff && start > 1;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : low ? 4 : 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
    start -= low ? 2 : 1;
  }
  let cut = start;
  // Move forward to the next word start, unless the text there is one long word.
  while (cut < text.length && !/\s/.test(text.charAt(cut - 1))) cut++;
  if (cut >= text.length) cut = start;
  return { tail: text.slice(cut), head: text.slice(0, cut) };
}

/**
 * Appends `delta` to `text` and keeps it within `maxBytes`, trimming only when it has grown to
 * twice the budget, so a flood of small deltas costs O(1) per character rather than O(budget).
 * Returns the text and the head cut this time ('' when none).
 */
export function appendBounded(text: string, delta: string, maxBytes: number): TextTail {
  const joined = text + delta;
  if (joined.length <= 2 * maxBytes) return { tail: joined, head: '' };
  return tailWithin(joined, maxBytes);
}
