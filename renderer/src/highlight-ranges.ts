import type { TextRange } from '../../preload/schemas/history';

/** A stretch of a snippet, and whether it is one of the matched words. */
export interface TextPiece {
  text: string;
  match: boolean;
}

/**
 * `text` cut into plain and matched pieces by `ranges` (UTF-16 offsets). Ranges out of bounds
 * are clamped, overlapping ones merged and empty ones dropped, so the pieces always join back
 * into `text` exactly.
 */
export function splitByRanges(text: string, ranges: readonly TextRange[]): TextPiece[] {
  const clamped = ranges
    .map((r) => ({ start: Math.min(r.start, text.length), end: Math.min(r.end, text.length) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const merged: TextRange[] = [];
  for (const range of clamped) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const { start, end } of merged) {
    if (start > at) pieces.push({ text: text.slice(at, start), match: false });
    pieces.push({ text: text.slice(start, end), match: true });
    at = end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), match: false });
  return pieces;
}

/** The parts of `ranges` inside `[from, to)`, counted from `from` (for a text shown in pieces). */
export function rangesWithin(ranges: readonly TextRange[], from: number, to: number): TextRange[] {
  return ranges
    .map((r) => ({ start: Math.max(r.start, from) - from, end: Math.min(r.end, to) - from }))
    .filter((r) => r.end > r.start);
}
