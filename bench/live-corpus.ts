import type { TimelineFragment } from '../main/handoff/timeline-settle';
import { createRandom, type Random } from './seeded-random';

/**
 * The shapes a Live delegation's timeline takes, from the sessions recorded on the wire
 * (`offset_ms` = the start of the user's last fragment; fragments covering it may trail):
 * - `trailing`: the fragment covering the offset arrives 20–600 ms after the event;
 * - `settled`: every fragment of the request had arrived before the event;
 * - `slow`: transcription lags: the covering fragment arrives 600–1,400 ms after the event;
 * - `assistant_first`: the assistant's lead-in, ending past the offset, arrives before the
 *   user's covering fragment (the rule's weak spot: it passes the offset first);
 * - `stalled`: nothing past the offset arrives within 1.5 s (the transcript stalls).
 */
export type LiveCaseKind = 'trailing' | 'settled' | 'slow' | 'assistant_first' | 'stalled';

/** How often each kind is drawn. */
export const LIVE_CASE_WEIGHTS: Readonly<Record<LiveCaseKind, number>> = {
  trailing: 45,
  settled: 25,
  slow: 12,
  assistant_first: 10,
  stalled: 8,
};

/** One fragment with the (real) time it reaches Parley, ms after the case begins. */
export interface TimedFragment {
  at: number;
  fragment: TimelineFragment;
}

/** One delegation and the transcript around it. */
export interface LiveCase {
  id: string;
  kind: LiveCaseKind;
  offsetMs: number;
  /** When `session.delegation.created` arrives. */
  eventAt: number;
  fragments: TimedFragment[];
  /** The user's words of the request: every user fragment starting at or before the offset. */
  words: string[];
}

const VOCABULARY = [
  'run',
  'the',
  'tests',
  'fix',
  'lint',
  'errors',
  'in',
  'parser',
  'and',
  'then',
  'open',
  'readme',
  'update',
  'changelog',
  'check',
  'build',
  'deploy',
  'staging',
  'branch',
  'main',
];

/** A deterministic corpus of `cases` Live delegations. */
export function generateLiveCorpus(options: { seed: number; cases: number }): LiveCase[] {
  const random = createRandom(options.seed);
  return Array.from({ length: options.cases }, (_, i) =>
    generateCase(random, `live-${i}`, random.weighted(LIVE_CASE_WEIGHTS)),
  );
}

function generateCase(random: Random, id: string, kind: LiveCaseKind): LiveCase {
  const startMs = random.int(500, 20_000);
  const lag = random.int(80, 350); // transcription lag behind the audio
  const fragments: TimedFragment[] = [];
  const words: string[] = [];
  let t = startMs;
  const count = random.int(2, 7);
  for (let f = 0; f < count; f++) {
    const text = Array.from({ length: random.int(1, 3) }, () => random.pick(VOCABULARY));
    const endMs = t + random.int(150, 260);
    fragments.push({ at: endMs + lag + random.int(0, 40), fragment: user(text, t, endMs) });
    words.push(...text);
    t = endMs;
  }
  const last = fragments.at(-1);
  if (!last) throw new Error('a case needs fragments');
  const offsetMs = last.fragment.startMs ?? 0;
  const covering = last.at;
  const eventAt = eventTime(random, kind, covering, offsetMs);
  if (kind === 'slow') last.at = eventAt + random.int(600, 1_400);
  if (kind === 'stalled') last.at = eventAt + random.int(1_600, 3_000);
  if (kind === 'assistant_first') {
    // The user's fragments still arrive in their order: the last one after the one before.
    const before = fragments.at(-2)?.at ?? 0;
    last.at = Math.max(before + random.int(20, 60), eventAt + random.int(150, 600));
    const end = offsetMs + random.int(100, 400);
    fragments.push({
      at: eventAt + random.int(20, 140),
      fragment: assistant('Sure,', offsetMs + 10, end),
    });
  } else if (kind !== 'stalled' && random.chance(0.6)) {
    // The assistant's lead-in, after the user's last words.
    const start = (last.fragment.endMs ?? offsetMs) + random.int(100, 500);
    const leadIn = {
      at: Math.max(last.at, eventAt) + random.int(50, 500),
      fragment: assistant('On it.', start, start + 400),
    };
    fragments.push(leadIn);
  }
  fragments.sort((a, b) => a.at - b.at);
  return { id, kind, offsetMs, eventAt, fragments, words };
}

/** The event comes while the covering fragment is still on its way, or after it landed. */
function eventTime(random: Random, kind: LiveCaseKind, covering: number, offsetMs: number): number {
  if (kind === 'settled') return covering + random.int(10, 400);
  const early = covering - random.int(20, 600);
  return Math.max(offsetMs + 50, early);
}

function user(words: string[], startMs: number, endMs: number): TimelineFragment {
  return { role: 'user', text: ` ${words.join(' ')}`, startMs, endMs };
}

function assistant(text: string, startMs: number, endMs: number): TimelineFragment {
  return { role: 'assistant', text, startMs, endMs };
}
