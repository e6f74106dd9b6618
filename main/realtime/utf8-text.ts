const encoder = new TextEncoder();

/** UTF-8 bytes of `text`. */
export function utf8Length(text: string): number {
  return encoder.encode(text).byteLength;
}

/** UTF-8 bytes of one code point. */
export function codePointBytes(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/** The longest prefix of `text` that fits in `maxBytes` UTF-8 bytes, never cut mid-character. */
export function cutUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += codePointBytes(char.codePointAt(0) ?? 0);
    if (bytes > maxBytes) break;
    end += char.length;
  }
  return text.slice(0, end);
}

/** Token estimate of the Live limits: 4 UTF-8 bytes a token, rounded up. */
export function estimateTokens(text: string): number {
  return Math.ceil(utf8Length(text) / 4);
}
