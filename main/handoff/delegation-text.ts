import type { TranscriptLine } from '../realtime/transcript-tracker';

/** Escapes `&`, `<` and `>` so transcript text cannot close or open an envelope tag. */
export function escapeDelegationText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The transcript lines as `role: text`, one per line, empty lines dropped. */
export function formatTranscriptLines(lines: readonly TranscriptLine[]): string {
  return lines
    .map((line) => ({ role: line.role, text: line.text.trim() }))
    .filter((line) => line.text !== '')
    .map((line) => `${line.role}: ${line.text}`)
    .join('\n');
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
 * transcript line is omitted when there are no lines. Returns null when both are empty:
 * nothing is delegated then.
 */
export function buildDelegationText(
  inputTranscript: string,
  lines: readonly TranscriptLine[],
): string | null {
  const transcript = formatTranscriptLines(lines);
  const input = inputTranscript.trim() !== '' ? inputTranscript.trim() : transcript;
  if (input === '') return null;
  const parts = ['<realtime_delegation>', `  <input>${escapeDelegationText(input)}</input>`];
  if (transcript !== '') {
    parts.push(`  <transcript_delta>${escapeDelegationText(transcript)}</transcript_delta>`);
  }
  parts.push('</realtime_delegation>');
  return parts.join('\n');
}
