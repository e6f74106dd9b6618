import type { DelegationRequest, HandoffEffects } from '../main/handoff/handoff-effects';
import { HandoffMachine } from '../main/handoff/handoff-machine';
import type { SettleOutcome, SettlePolicyFactory } from '../main/handoff/settle-policy';
import type { TranscriptLine } from '../main/realtime/transcript-tracker';
import { splitWords } from '../main/realtime/transcript-words';
import { FakeClock } from '../test/fakes/fake-clock';
import type { HandoffCase } from './handoff-corpus';

/** What one settle rule made of one case. */
export interface CaseResult {
  /** The delegated user text holds every word of the request, in order. */
  complete: boolean;
  /** Request words the delegation lacks. */
  missing: string[];
  /** Fake-clock ms from the handoff to its routing. */
  delayAfterHandoffMs: number;
  /** Fake-clock ms from the later of the handoff and the request's last word to the routing. */
  delayAfterLastWordMs: number;
  /** The delegation holds the assistant's whole lead-in; null when the case has none. */
  leadInCaught: boolean | null;
  outcome: SettleOutcome | null;
}

/** Where the handoff sits on the fake clock: room for the session's earlier turns. */
const HANDOFF_AT = 100_000;
/** Run on this long after the last event, past any window's cap. */
const DRAIN_MS = 5_000;

/** What the machine did with one case's handoff. */
export interface Replay {
  /** When (fake clock, relative to the handoff) it was routed, and the lines it carried. */
  routedAt: number | null;
  lines: TranscriptLine[];
  outcome: SettleOutcome | null;
}

/** Replays `c` through a fresh {@link HandoffMachine} on a fake clock with recording effects. */
export function replayCase(c: HandoffCase, settle: SettlePolicyFactory): Replay {
  const clock = new FakeClock(0);
  const replay: Replay = { routedAt: null, lines: [], outcome: null };
  const record = (request: DelegationRequest): void => {
    if (request.handoffId === c.handoffId) replay.lines = request.lines;
  };
  const effects: HandoffEffects = {
    delegate: record,
    steer: record,
    sendEvent: () => {},
    requestResponse: () => {},
  };
  const machine = new HandoffMachine({ clock, protocol: c.protocol, effects, settle });
  machine.on('routed', (routed) => {
    if (routed.handoffId !== c.handoffId) return;
    replay.routedAt = clock.now() - HANDOFF_AT;
    replay.outcome = routed.outcome;
  });
  for (const { at, event } of c.events) {
    clock.advance(HANDOFF_AT + at - clock.now());
    machine.handle(event);
  }
  clock.advance(DRAIN_MS);
  machine.dispose();
  return replay;
}

/** Whether the delegation of `replay` holds every word of `c`, and how long routing took. */
export function judgeCase(c: HandoffCase, replay: Replay): CaseResult {
  const textOf = (role: TranscriptLine['role']): string =>
    replay.lines
      .filter((line) => line.role === role)
      .map((line) => line.text)
      .join(' ');
  const missing = missingWords(c.words, textOf('user'));
  const routedAt = replay.routedAt ?? Number.POSITIVE_INFINITY;
  const lastWordAt = Number.isNaN(c.lastWordAt) ? 0 : Math.max(0, c.lastWordAt);
  return {
    complete: missing.length === 0,
    missing,
    delayAfterHandoffMs: routedAt,
    delayAfterLastWordMs: routedAt - lastWordAt,
    leadInCaught:
      c.leadIn.length === 0 ? null : missingWords(c.leadIn, textOf('assistant')).length === 0,
    outcome: replay.outcome,
  };
}

/** The words of `expected` not found, in order, in `text` (case and punctuation ignored). */
export function missingWords(expected: readonly string[], text: string): string[] {
  const got = splitWords(text).map((w) => w.norm);
  let from = 0;
  const missing: string[] = [];
  for (const word of splitWords(expected.join(' '))) {
    const index = got.indexOf(word.norm, from);
    if (index < 0) missing.push(word.raw);
    else from = index + 1;
  }
  return missing;
}
