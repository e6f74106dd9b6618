import type { HandoffEffects } from '../main/handoff/handoff-effects';
import { HandoffMachine } from '../main/handoff/handoff-machine';
import type { SettleOutcome, SettleWindowOptions } from '../main/handoff/settle-window';
import type { TranscriptLine } from '../main/realtime/transcript-tracker';
import { splitWords } from '../main/realtime/transcript-words';
import { FakeClock } from '../test/fakes/fake-clock';
import type { HandoffCase } from './handoff-corpus';

/** What one settle rule made of one case. */
export interface CaseResult {
  /** The delegated user text holds every word of the utterance, in order. */
  complete: boolean;
  /** Utterance words the delegation lacks. */
  missing: string[];
  /** Fake-clock ms from the handoff to the `delegate` effect (to the routing when nothing was delegated). */
  latencyMs: number;
  /** The delegation holds the assistant's whole lead-in; null when the case has none. */
  leadInCaught: boolean | null;
  /** False when the window routed with nothing to delegate. */
  delegated: boolean;
  outcome: SettleOutcome | null;
}

/** Where the handoff sits on the fake clock: room for the events before it. */
const HANDOFF_AT = 10_000;
/** Run on this long after the last event, past any window's cap. */
const DRAIN_MS = 5_000;

/** What the machine did with one case, before judging it. */
export interface Replay {
  /** The `delegate` effect: when (fake clock) and the lines it carried. */
  delegation: { at: number; lines: TranscriptLine[] } | null;
  outcome: SettleOutcome | null;
}

/** Replays `c` through a fresh {@link HandoffMachine} on a fake clock with recording effects. */
export function replayCase(c: HandoffCase, settle: SettleWindowOptions): Replay {
  const clock = new FakeClock(0);
  let delegation: Replay['delegation'] = null;
  const record = (request: { lines: TranscriptLine[] }): void => {
    delegation ??= { at: clock.now(), lines: request.lines };
  };
  const effects: HandoffEffects = {
    delegate: record,
    steer: record, // a fresh machine runs no task, so this never happens
    sendEvent: () => {},
    requestResponse: () => {},
  };
  const machine = new HandoffMachine({ clock, protocol: c.protocol, effects, settle });
  let outcome: SettleOutcome | null = null;
  machine.on('routed', (routed) => (outcome ??= routed.outcome));
  for (const { at, event } of c.events) {
    clock.advance(HANDOFF_AT + at - clock.now());
    machine.handle(event);
  }
  clock.advance(DRAIN_MS);
  machine.dispose();
  return { delegation, outcome };
}

/** Whether the delegation of `replay` holds every word of `c`, and how long routing took. */
export function judgeCase(c: HandoffCase, { delegation, outcome }: Replay): CaseResult {
  const textOf = (role: TranscriptLine['role']): string =>
    (delegation?.lines ?? [])
      .filter((line) => line.role === role)
      .map((line) => line.text)
      .join(' ');
  const missing = missingWords(c.words, textOf('user'));
  const leadInCaught =
    c.leadIn.length === 0
      ? null
      : delegation !== null && missingWords(c.leadIn, textOf('assistant')).length === 0;
  return {
    complete: delegation !== null && missing.length === 0,
    missing,
    leadInCaught,
    latencyMs: delegation !== null ? delegation.at - HANDOFF_AT : (outcome?.waitedMs ?? Infinity),
    delegated: delegation !== null,
    outcome,
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
