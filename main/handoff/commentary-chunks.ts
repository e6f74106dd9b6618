import { cutUtf8, utf8Length } from '../realtime/utf8-text';

/**
 * Largest chunk of a Live append: each append is capped at 500 tokens, and 1,600 UTF-8 bytes
 * stays under that with room (about 400 tokens of English).
 */
export const COMMENTARY_MAX_BYTES = 1_600;

const sentences = new Intl.Segmenter(undefined, { granularity: 'sentence' });
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Splits a result into chunks of at most `maxBytes` UTF-8 bytes for
 * `session.commentary.append`: whole sentences where they fit, else at whitespace, else
 * between characters (a grapheme such as a flag or a family emoji is never cut). Chunks are
 * trimmed, never empty, and in order; only whitespace at their edges is dropped. Pure.
 */
export function splitCommentary(text: string, maxBytes = COMMENTARY_MAX_BYTES): string[] {
  if (!Number.isInteger(maxBytes) || maxBytes < 4) {
    throw new RangeError(`maxBytes must be an integer of at least 4, got ${maxBytes}`);
  }
  const packer = new ChunkPacker(maxBytes);
  for (const { segment } of sentences.segment(text.trim())) {
    if (packer.add(segment)) continue;
    // The sentence does not fit in any chunk: pack its words, then a long word's characters.
    for (const word of segment.match(/\S+\s*|\s+/g) ?? []) {
      if (packer.add(word)) continue;
      for (const { segment: grapheme } of graphemes.segment(word)) {
        if (packer.add(grapheme)) continue;
        // A single grapheme over the cap (absurdly long combining runs): cut by code points.
        for (let rest = grapheme; rest !== '';) {
          const part = cutUtf8(rest, maxBytes);
          packer.add(part);
          rest = rest.slice(part.length);
        }
      }
    }
  }
  return packer.finish();
}

/** Greedy packing of pieces into chunks under a byte cap. */
class ChunkPacker {
  private readonly chunks: string[] = [];
  private current = '';
  private currentBytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** Adds `piece` to the current chunk or starts a new one; false when it fits in neither. */
  add(piece: string): boolean {
    const bytes = utf8Length(piece);
    if (this.currentBytes + bytes <= this.maxBytes) {
      this.current += piece;
      this.currentBytes += bytes;
      return true;
    }
    // Whitespace that does not fit belongs to no chunk: it falls at the boundary.
    if (piece.trim() === '') return true;
    if (bytes > this.maxBytes && utf8Length(piece.trimEnd()) > this.maxBytes) return false;
    this.flush();
    this.current = bytes > this.maxBytes ? piece.trimEnd() : piece;
    this.currentBytes = utf8Length(this.current);
    return true;
  }

  finish(): string[] {
    this.flush();
    return this.chunks;
  }

  private flush(): void {
    const chunk = this.current.trim();
    if (chunk !== '') this.chunks.push(chunk);
    this.current = '';
    this.currentBytes = 0;
  }
}
