import type { Protocol } from '../preload/schemas/settings';
import type { RealtimeEvent } from '../main/realtime/realtime-events';
import { generateV1Case, V1_KINDS } from './corpus-v1';
import { generateV2Case, V2_KINDS } from './corpus-v2';
import { createRandom, type Random } from './seeded-random';

/** One server event at a time relative to the handoff (negative: before it), in ms. */
export interface TimedEvent {
  at: number;
  event: RealtimeEvent;
}

/** One handoff's timeline and what a complete delegation must contain. */
export interface HandoffCase {
  id: string;
  protocol: Protocol;
  /** The shape of the timeline (see `corpus-v1.ts` / `corpus-v2.ts`). */
  kind: string;
  /** The handoff whose delegation is judged (earlier turns have handoffs of their own). */
  handoffId: string;
  /** Every word of the request the user said before the handoff, in order. */
  words: string[];
  /** Sorted by time; the judged handoff is at 0. */
  events: TimedEvent[];
  /** When the last of `words` had arrived (delta or done); NaN when some never arrive. */
  lastWordAt: number;
  /** All of `words` arrive while the rule may still wait (V1 1 s cap; V2 3 s cap and give-up). */
  reachable: boolean;
  /** Something was still on its way at the handoff (V2 an untranscribed item, V1 unsettled words). */
  pendingAtHandoff: boolean;
  /** The assistant's lead-in after the handoff; empty when there is none. */
  leadIn: string[];
}

/** What the corpus is drawn from. */
export interface CorpusOptions {
  seed: number;
  casesPerProtocol: number;
}

/** Requests the user makes (words the delegation must carry). */
export const REQUESTS = [
  'fix the failing tests in the parser package',
  'open a pull request that bumps electron to the latest version',
  'find out why the build is slow on the release branch',
  'rename the settings store to preferences everywhere',
  'write a script that cleans up old log files in the downloads folder',
  'check whether the docs mention the new hotkey',
  'summarise the open issues labelled audio',
  'add a unit test for the echo guard timeout',
  'look up how many people enabled the browser host last week',
  'refactor the response arbiter so it keeps no global state',
  'draft a reply to Sam about the quarterly numbers',
  'turn my meeting notes into a checklist',
];
/** What a user adds when they go on talking. */
export const CONTINUATIONS = [
  'and then run the linter',
  'in the main repository',
  'but do not push anything yet',
  'and let me know when it is done',
  'on the staging server please',
];
/** Earlier small talk of the session (turns before the judged one). */
export const EARLIER = ['what time is it', 'thanks that helps', 'can you hear me', 'never mind'];
const LEAD_IN = ['Sure, ', "I'll ", 'hand that ', 'to the ', 'background ', 'agent now.'];

/** A deterministic corpus: the same options give the same cases, V1 first, then V2. */
export function generateCorpus(options: CorpusOptions): HandoffCase[] {
  const random = createRandom(options.seed);
  const cases: HandoffCase[] = [];
  for (let i = 0; i < options.casesPerProtocol; i++) {
    cases.push(generateV1Case(random, `v1-${i}`, random.weighted(V1_KINDS)));
  }
  for (let i = 0; i < options.casesPerProtocol; i++) {
    cases.push(generateV2Case(random, `v2-${i}`, random.weighted(V2_KINDS)));
  }
  return cases;
}

/**
 * Cuts `text` into `count` deltas at word boundaries; sometimes a cut falls inside a word
 * ("te" + "sts "), as real transcription deltas do.
 */
export function chunkText(random: Random, text: string, count: number): string[] {
  if (text === '' || count <= 0) return [];
  const boundaries = [...text.matchAll(/ /g)].map((m) => m.index + 1).slice(0, -1);
  const cuts = new Set<number>();
  while (cuts.size < Math.min(count - 1, boundaries.length)) {
    const at = random.pick(boundaries);
    const inWord = random.chance(0.15) && /^\S{4}/.test(text.slice(at)) ? 2 : 0;
    cuts.add(at + inWord);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  return [0, ...sorted].map((from, i) => text.slice(from, sorted[i] ?? text.length));
}

/** The words as a transcription model finalises them: capitalised, with a full stop. */
export function sentence(words: readonly string[]): string {
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** The assistant's lead-in from `at`: a few transcript deltas with their audio, then its done. */
export function addLeadIn(
  random: Random,
  events: TimedEvent[],
  at: number,
  itemId: string | null,
): string[] {
  const parts = LEAD_IN.slice(0, random.int(3, LEAD_IN.length));
  let t = at;
  for (const delta of parts) {
    events.push({ at: t, event: { type: 'output_transcript_delta', delta, itemId } });
    events.push({ at: t, event: audioDelta(itemId) });
    t += random.int(40, 120);
  }
  const transcript = parts.join('').trim();
  events.push({ at: t, event: { type: 'output_transcript_done', transcript, itemId } });
  return transcript.split(' ');
}

function audioDelta(itemId: string | null): RealtimeEvent {
  const data = 'AAAA';
  return { type: 'audio_out', data, sampleRate: 24_000, channels: 1, samplesPerChannel: 2, itemId };
}

/** Sorts a case's events by time, keeping the order of events at the same time. */
export function sortEvents(events: TimedEvent[]): TimedEvent[] {
  return events.sort((a, b) => a.at - b.at);
}
