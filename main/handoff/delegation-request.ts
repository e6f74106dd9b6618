import type { ProtocolVersion } from '../realtime/realtime-events';
import type { TranscriptLine } from '../realtime/transcript-tracker';
import { buildDelegationText, formatTranscriptLines } from './delegation-text';
import type { DelegationRequest } from './handoff-effects';

/**
 * What the delegate receives for a routed handoff: the envelope, the input (the handoff's
 * input transcript, else the transcript lines) and the user's own words. Null when there is
 * nothing to delegate. Pure.
 */
export function buildDelegationRequest(
  handoff: { handoffId: string; protocol: ProtocolVersion },
  input: string,
  lines: TranscriptLine[],
): DelegationRequest | null {
  const text = buildDelegationText(input, lines);
  if (text === null) return null;
  const { handoffId, protocol } = handoff;
  const userLines = lines.filter((line) => line.role === 'user').map((line) => line.text);
  return {
    handoffId,
    callId: protocol === 'v2' ? handoffId : null,
    protocol,
    text,
    input: input !== '' ? input : formatTranscriptLines(lines),
    lines,
    userWords: input !== '' ? input : userLines.join(' '),
  };
}
