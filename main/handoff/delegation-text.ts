import type { TranscriptLine } from '../realtime/transcript-tracker';
import { tailWithin, utf8Length } from '../realtime/text-bounds';

/** Largest delegation text, in UTF-8 bytes. */
export const MAX_DELEGATION_BYTES = 32 * 1024;
/** Largest `<input>`, in UTF-8 bytes (its newest words are kept). */
export const MAX_INPUT_BYTES = 8 * 1024;

/** Escapes `&`, `<` and `>` so transcript text cannot close or open an envelope tag. */
export function escapeDelegationText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One transcript line as `role: text`, saying when earlier words of it were cut. */
export function formatTranscriptLine(line: TranscriptLine): string {
  const cut = line.cutWords ? `[… ${line.cutWords} earlier words cut …] ` : '';
  return `${line.role}: ${cut}${line.text.trim()}`;
}

/** The transcript lines as `role: text`, one per line, empty lines dropped. */
export function formatTranscriptLines(lines: readonly TranscriptLine[]): string {
  return lines
    .filter((line) => line.text.trim() !== '')
    .map(formatTranscriptLine)
    .join('\n');
}

/** A delegation text and what the size bound left out of it. */
export interface DelegationText {
  text: string;
  /** The lines it carries (the newest ones when some were cut). */
  lines: TranscriptLine[];
  /** Older lines left out. */
  cutLines: number;
  /** Bytes cut from the head of the input. */
  cutInputBytes: number;
}

/**
 * The text the delegate receives for a handoff:
 *
 * ```
 * <realtime_delegation>
 *   <input>{input}</input>
 *   <transcript_delta>{role: text lines}</transcript_delta>
 * </realtime_delegation>
 * ```
 *
 * `input` is the handoff's input transcript, else the transcript lines; both are escaped; the
 * transcript line is omitted when there are no lines. At most `maxBytes`: the input keeps its
 * newest {@link MAX_INPUT_BYTES}, the transcript its newest lines, and each says what was cut.
 * Null when both are empty: nothing is delegated then.
 */
export function composeDelegationText(
  inputTranscript: string,
  lines: readonly TranscriptLine[],
  maxBytes = MAX_DELEGATION_BYTES,
): DelegationText | null {
  const kept = lines.filter((line) => line.text.trim() !== '');
  const rawInput = inputTranscript.trim() !== '' ? inputTranscript.trim() : formatLines(kept);
  if (rawInput === '') return null;
  const inputBudget = Math.min(MAX_INPUT_BYTES, Math.floor(maxBytes / 4));
  const input = cutHead(escapeDelegationText(rawInput), inputBudget);
  const head = ['<realtime_delegation>', `  <input>${input.text}</input>`];
  const open = '  <transcript_delta>';
  const close = '</transcript_delta>';
  const fixed = utf8Length(`${head.join('\n')}\n${open}${close}\n</realtime_delegation>`);
  const transcript = newestLines(kept, maxBytes - fixed);
  const parts = [...head];
  if (transcript.text !== '') parts.push(`${open}${transcript.text}${close}`);
  parts.push('</realtime_delegation>');
  return {
    text: parts.join('\n'),
    lines: transcript.lines,
    cutLines: kept.length - transcript.lines.length,
    cutInputBytes: input.cutBytes,
  };
}

/** The text of {@link composeDelegationText} alone; null when nothing is delegated. */
export function buildDelegationText(
  inputTranscript: string,
  lines: readonly TranscriptLine[],
  maxBytes = MAX_DELEGATION_BYTES,
): string | null {
  return composeDelegationText(inputTranscript, lines, maxBytes)?.text ?? null;
}

function formatLines(lines: readonly TranscriptLine[]): string {
  return lines.map(formatTranscriptLine).join('\n');
}

/** `text` within `maxBytes`, its head cut and marked when it did not fit. */
function cutHead(text: string, maxBytes: number): { text: string; cutBytes: number } {
  if (utf8Length(text) <= maxBytes) return { text, cutBytes: 0 };
  const marker = (bytes: number): string => `[… ${bytes} bytes cut …] `;
  const { tail, head } = tailWithin(text, maxBytes - utf8Length(marker(utf8Length(text))));
  const cutBytes = utf8Length(head);
  return { text: `${marker(cutBytes)}${tail}`, cutBytes };
}

/** The newest lines (escaped, one per line) within `budget` bytes, saying how many were left out. */
function newestLines(
  lines: readonly TranscriptLine[],
  budget: number,
): { text: string; lines: TranscriptLine[] } {
  const escaped = lines.map((line) => escapeDelegationText(formatTranscriptLine(line)));
  const marker = (count: number): string => `[… ${count} earlier lines cut …]`;
  const reserve = utf8Length(marker(lines.length)) + 1;
  let used = 0;
  let first = lines.length;
  while (first > 0) {
    const size = utf8Length(escaped[first - 1] ?? '') + 1;
    const room = first - 1 > 0 ? budget - reserve : budget;
    if (used + size > room) break;
    used += size;
    first--;
  }
  if (first === lines.length && lines.length > 0) {
    // Not even the newest line fits whole: keep its newest words.
    const last = cutHead(escaped.at(-1) ?? '', budget - reserve);
    const cut = lines.length - 1;
    const text = cut > 0 ? `${marker(cut)}\n${last.text}` : last.text;
    return { text, lines: lines.slice(-1) };
  }
  const kept = escaped.slice(first);
  if (first > 0) kept.unshift(marker(first));
  return { text: kept.join('\n'), lines: lines.slice(first) };
}
