import type { Protocol } from '../../preload/schemas/settings';
import type { TranscriptLine } from '../realtime/transcript-tracker';
import { tailWithin } from '../realtime/text-bounds';
import { composeDelegationText, formatTranscriptLines, MAX_INPUT_BYTES } from './delegation-text';
import type { DelegationRequest } from './handoff-effects';

/**
 * What the delegate receives for a routed handoff: the envelope (bounded), the input (the
 * handoff's input transcript, else the transcript lines) and the user's own words, both bounded
 * to their newest {@link MAX_INPUT_BYTES}. Null when there is nothing to delegate. Pure.
 */
export function buildDelegationRequest(
  handoff: { handoffId: string; protocol: Protocol },
  input: string,
  lines: TranscriptLine[],
): DelegationRequest | null {
  const composed = composeDelegationText(input, lines);
  if (composed === null) return null;
  const { handoffId, protocol } = handoff;
  const kept = composed.lines;
  const userLines = kept.filter((line) => line.role === 'user').map((line) => line.text);
  return {
    handoffId,
    callId: protocol === 'v2' ? handoffId : null,
    protocol,
    text: composed.text,
    input: bounded(input !== '' ? input : formatTranscriptLines(kept)),
    lines: kept,
    userWords: bounded(input !== '' ? input : userLines.join(' ')),
    cut: { lines: composed.cutLines, inputBytes: composed.cutInputBytes },
  };
}

function bounded(text: string): string {
  return tailWithin(text, MAX_INPUT_BYTES).tail;
}
