import {
  addLeadIn,
  chunkText,
  CONTINUATIONS,
  EARLIER,
  REQUESTS,
  sentence,
  sortEvents,
  type HandoffCase,
  type TimedEvent,
} from './handoff-corpus';
import type { Random } from './seeded-random';

/**
 * V1 timelines (quicksilver: no item ids). Each session has its own transcription lag: an
 * utterance's finalising event lands 0.6–1× the session's lag (60–450 ms) after its last delta,
 * and 15 % of utterances are never finalised. A case is the 0th–3rd turn of its session.
 * - `finalised`: all words and their finalising event arrive before the handoff;
 * - `trailing`: the handoff lands mid-utterance, the rest trails in deltas < 250 ms apart;
 * - `late_start`: the handoff comes first, the words 60–500 ms after it (the seed);
 * - `continues`: finalised before the handoff, then the user goes on talking 150–800 ms after
 *   it — words of the same request that no evidence announces;
 * - `no_done`: like `trailing`, and the utterance is never finalised.
 */
export const V1_KINDS = {
  finalised: 30,
  trailing: 30,
  late_start: 15,
  continues: 10,
  no_done: 15,
} as const;
export type V1Kind = keyof typeof V1_KINDS;

/** The rule's cap, for what counts as reachable. */
const CAP_MS = 1_000;

/** One V1 case of `kind`. */
export function generateV1Case(random: Random, id: string, kind: V1Kind): HandoffCase {
  const events: TimedEvent[] = [];
  const lagMs = random.int(60, 450);
  const lag = (): number => Math.round(lagMs * (0.6 + 0.4 * random.next()));
  addEarlierTurns(random, events, id, lag);
  const request = random.pick(REQUESTS).split(' ');
  const extra = kind === 'continues' ? random.pick(CONTINUATIONS).split(' ') : [];
  const words = [...request, ...extra];
  const before = headLength(random, kind, request.length);
  const headLast = addHead(random, events, request.slice(0, before), kind, lag);
  const tail = kind === 'continues' ? extra : request.slice(before);
  const tailLast = addTail(random, events, tail, kind, headLast);
  const lastDeltaAt = tailLast ?? headLast;
  const finalised = kind !== 'no_done' && (kind === 'finalised' || random.chance(0.85));
  if (finalised && tail.length > 0) {
    const transcript = sentence(kind === 'continues' ? extra : words);
    events.push({
      at: lastDeltaAt + lag(),
      event: { type: 'input_transcript_done', transcript, itemId: null },
    });
  }
  const heard = before > 0 && random.chance(0.5) ? request.slice(0, before).join(' ') : '';
  events.push({
    at: 0,
    event: { type: 'handoff_requested', handoffId: id, itemId: null, inputTranscript: heard },
  });
  const leadIn = random.chance(0.75) ? addLeadIn(random, events, random.int(40, 450), null) : [];
  const settledBefore = tail.length === 0 && lastDeltaAt <= -250;
  return {
    id,
    protocol: 'v1',
    kind,
    handoffId: id,
    words,
    events: sortEvents(events),
    lastWordAt: lastDeltaAt,
    reachable: lastDeltaAt < CAP_MS,
    pendingAtHandoff: !settledBefore,
    leadIn,
  };
}

function headLength(random: Random, kind: V1Kind, length: number): number {
  if (kind === 'finalised' || kind === 'continues') return length;
  if (kind === 'late_start') return 0;
  return random.int(1, length - 1);
}

/** The words before the handoff; a finalised head gets its done. Returns the last delta's time. */
function addHead(
  random: Random,
  events: TimedEvent[],
  head: readonly string[],
  kind: V1Kind,
  lag: () => number,
): number {
  if (head.length === 0) return Number.NEGATIVE_INFINITY;
  const chunks = chunkText(random, `${head.join(' ')} `, Math.min(head.length, random.int(2, 6)));
  const finalisedHead = kind === 'finalised' || kind === 'continues';
  const doneLag = lag();
  // A finalised head ends early enough for its done to land before the handoff.
  const lastAt = finalisedHead ? -(doneLag + random.int(10, 600)) : -random.int(20, 200);
  let at = lastAt;
  for (const delta of [...chunks].reverse()) {
    events.push({ at, event: { type: 'input_transcript_delta', delta, itemId: null } });
    at -= random.int(120, 300);
  }
  if (finalisedHead) {
    const transcript = sentence(head);
    events.push({
      at: lastAt + doneLag,
      event: { type: 'input_transcript_done', transcript, itemId: null },
    });
  }
  return lastAt;
}

/** Words after the handoff in deltas < 250 ms apart; returns the last one's time, or null. */
function addTail(
  random: Random,
  events: TimedEvent[],
  tail: readonly string[],
  kind: V1Kind,
  headLast: number,
): number | null {
  if (tail.length === 0) return null;
  const chunks = chunkText(random, `${tail.join(' ')} `, random.int(1, Math.min(4, tail.length)));
  let at: number;
  if (kind === 'late_start') at = random.int(60, 500);
  else if (kind === 'continues') at = random.int(150, 800);
  else at = headLast + random.int(Math.max(40, 1 - headLast), 240); // the next delta, after 0
  for (const [i, delta] of chunks.entries()) {
    if (i > 0) at += random.int(40, 240);
    events.push({ at, event: { type: 'input_transcript_delta', delta, itemId: null } });
  }
  return at;
}

/** 0–3 earlier finalised turns of the session (so it has learned its lag), each routed. */
function addEarlierTurns(
  random: Random,
  events: TimedEvent[],
  id: string,
  lag: () => number,
): void {
  const turns = random.chance(0.25) ? 0 : random.int(1, 3);
  for (let j = 0; j < turns; j++) {
    const words = random.pick(EARLIER).split(' ');
    let at = -20_000 * (turns - j);
    for (const [i, delta] of chunkText(random, `${words.join(' ')} `, 2).entries()) {
      if (i > 0) at += random.int(120, 300);
      events.push({ at, event: { type: 'input_transcript_delta', delta, itemId: null } });
    }
    const doneAt = at + lag();
    events.push({
      at: doneAt,
      event: { type: 'input_transcript_done', transcript: sentence(words), itemId: null },
    });
    const handoffId = `${id}-e${j}`;
    events.push({
      at: doneAt + 400,
      event: {
        type: 'handoff_requested',
        handoffId,
        itemId: null,
        inputTranscript: words.join(' '),
      },
    });
  }
}
