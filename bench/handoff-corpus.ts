import type { ProtocolVersion, RealtimeEvent } from '../main/realtime/realtime-events';
import { createRandom, type Random } from './seeded-random';

/**
 * The shapes a handoff's timeline takes (realtime.md §5):
 * - `settled`: scenario 4, the user's `done` lands right before the handoff, nothing trails;
 * - `trailing_done` / `trailing_quiet`: words trail the handoff in short bursts (< 250 ms
 *   apart), then a `done` (sometimes after the cap) / never a `done`;
 * - `gap_done` / `gap_quiet`: words trail after one quiet gap of 260–850 ms, with / without a
 *   `done` — transcription trailing the handoff by more than 250 ms;
 * - `late_start`: no user words before the handoff (the seed; V2's transcription landing
 *   after the tool call), the first words 60–700 ms after it;
 * - `done_then_more`: a `done` right before the handoff, then the user goes on (a second
 *   segment, e.g. a pause split by the server's turn detection) 150–800 ms after it.
 */
export type CaseKind =
  | 'settled'
  | 'trailing_done'
  | 'trailing_quiet'
  | 'gap_done'
  | 'gap_quiet'
  | 'late_start'
  | 'done_then_more';

/** How often each kind is drawn, per protocol (Live settles on its timeline: live-settle.ts). */
export const CASE_WEIGHTS: Readonly<
  Record<Exclude<ProtocolVersion, 'live'>, Readonly<Record<CaseKind, number>>>
> = {
  v1: {
    settled: 22,
    trailing_done: 22,
    trailing_quiet: 14,
    gap_done: 10,
    gap_quiet: 14,
    late_start: 10,
    done_then_more: 8,
  },
  v2: {
    settled: 18,
    trailing_done: 20,
    trailing_quiet: 12,
    gap_done: 10,
    gap_quiet: 12,
    late_start: 20,
    done_then_more: 8,
  },
};

/** One server event at a time relative to the handoff (negative: before it), in ms. */
export interface TimedEvent {
  at: number;
  event: RealtimeEvent;
}

/** One handoff's timeline and what a complete delegation must contain. */
export interface HandoffCase {
  id: string;
  protocol: ProtocolVersion;
  kind: CaseKind;
  /** Every word the user spoke, in order, up to the end of the utterance. */
  words: string[];
  /** Sorted by time; the handoff is at 0. */
  events: TimedEvent[];
  /** When the user's last word landed as a delta (≤ 0: none trailed the handoff). */
  lastWordAt: number;
  /** Longest stretch with no transcript delta (either role) between the handoff and the last word. */
  quietMs: number;
  /** The assistant's lead-in after the handoff; empty when it said nothing. */
  leadIn: string[];
}

/** What the corpus is drawn from. */
export interface CorpusOptions {
  seed: number;
  casesPerProtocol: number;
}

const REQUESTS = [
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
const CONTINUATIONS = [
  'and then run the linter',
  'in the main repository',
  'but do not push anything yet',
  'and let me know when it is done',
  'on the staging server please',
];
const LEAD_IN = ['Sure, ', "I'll ", 'hand that ', 'to the ', 'background ', 'agent now.'];
/** V2's `background_agent` input is the model's own summary: words the user never says. */
const V2_INPUT = 'Background job';
const MAX_TRAIL_MS = 900;

/** A deterministic corpus: the same options give the same cases, V1 first, then V2. */
export function generateCorpus(options: CorpusOptions): HandoffCase[] {
  const random = createRandom(options.seed);
  const cases: HandoffCase[] = [];
  for (const protocol of ['v1', 'v2'] as const) {
    for (let i = 0; i < options.casesPerProtocol; i++) {
      const kind = random.weighted(CASE_WEIGHTS[protocol]);
      cases.push(generateCase(random, `${protocol}-${i}`, protocol, kind));
    }
  }
  return cases;
}

function generateCase(
  random: Random,
  id: string,
  protocol: ProtocolVersion,
  kind: CaseKind,
): HandoffCase {
  const request = random.pick(REQUESTS).split(' ');
  const extra = kind === 'done_then_more' ? random.pick(CONTINUATIONS).split(' ') : [];
  const words = [...request, ...extra];
  const itemId = protocol === 'v2' ? `item-${id}` : null;
  const events: TimedEvent[] = [];
  const before = wordsBeforeHandoff(random, kind, request.length);
  const head = words.slice(0, before);
  const lastHeadAt = addHead(random, events, protocol, head, itemId, kind);
  const input =
    protocol === 'v2' ? V2_INPUT : before > 0 && random.chance(0.5) ? head.join(' ') : '';
  events.push({
    at: 0,
    event: { type: 'handoff_requested', handoffId: id, itemId, inputTranscript: input },
  });
  const tail = words.slice(before);
  const tailItem = kind === 'done_then_more' && itemId !== null ? `${itemId}-b` : itemId;
  const lastWordAt = addTail(random, events, protocol, kind, tail, tailItem) ?? lastHeadAt;
  addDone(random, events, kind, words, tail, tailItem, lastWordAt);
  const leadIn = random.chance(protocol === 'v1' ? 0.8 : 0.7) ? addLeadIn(random, events) : [];
  events.sort((a, b) => a.at - b.at); // stable: same-time events keep their order
  const quietMs = longestQuiet(events, lastWordAt);
  return { id, protocol, kind, words, events, lastWordAt, quietMs, leadIn };
}

function wordsBeforeHandoff(random: Random, kind: CaseKind, requestLength: number): number {
  if (kind === 'settled' || kind === 'done_then_more') return requestLength;
  if (kind === 'late_start') return 0;
  return random.int(1, requestLength - 1);
}

/** User deltas (and V2's speech start) before the handoff; returns the last delta's time. */
function addHead(
  random: Random,
  events: TimedEvent[],
  protocol: ProtocolVersion,
  head: readonly string[],
  itemId: string | null,
  kind: CaseKind,
): number {
  const finalised = kind === 'settled' || kind === 'done_then_more';
  const chunks = chunkText(random, head.length === 0 ? '' : `${head.join(' ')} `, head.length);
  let at = -random.int(finalised ? 80 : 20, finalised ? 400 : 300);
  const lastAt = at;
  for (const delta of chunks.reverse()) {
    events.push({ at, event: { type: 'input_transcript_delta', delta, itemId } });
    at -= random.int(120, 300);
  }
  if (protocol === 'v2') {
    events.push({ at: Math.min(at, -1_200) - 300, event: { type: 'speech_started', itemId } });
    events.push({ at: -random.int(2, 60), event: { type: 'response_created', responseId: 'r' } });
  }
  if (finalised) {
    const transcript = sentence(head);
    const doneAt = lastAt + random.int(10, Math.max(10, -lastAt - 5));
    events.push({ at: doneAt, event: { type: 'input_transcript_done', transcript, itemId } });
  }
  return chunks.length > 0 ? lastAt : Number.NEGATIVE_INFINITY;
}

/** User deltas after the handoff; returns the last one's time, or null when none trailed. */
function addTail(
  random: Random,
  events: TimedEvent[],
  protocol: ProtocolVersion,
  kind: CaseKind,
  tail: readonly string[],
  itemId: string | null,
): number | null {
  if (tail.length === 0) return null;
  const chunks = chunkText(random, `${tail.join(' ')} `, random.int(1, Math.min(4, tail.length)));
  const times = tailTimes(random, kind, chunks.length);
  if (kind === 'done_then_more' && protocol === 'v2') {
    const startedAt = Math.max(0, (times[0] ?? 0) - random.int(100, 400));
    events.push({ at: startedAt, event: { type: 'speech_started', itemId } });
  }
  chunks.forEach((delta, i) => {
    events.push({ at: times[i] ?? 0, event: { type: 'input_transcript_delta', delta, itemId } });
  });
  return times.at(-1) ?? null;
}

/** Arrival times of `count` trailing chunks, the last no later than 900 ms. */
function tailTimes(random: Random, kind: CaseKind, count: number): number[] {
  const gaps = Array.from({ length: count }, (_, i) =>
    i === 0 ? random.int(10, 220) : random.int(40, 240),
  );
  const longAt = random.int(0, count - 1);
  if (kind === 'gap_done' || kind === 'gap_quiet') gaps[longAt] = random.int(260, 850);
  if (kind === 'late_start') gaps[0] = random.int(60, 700);
  if (kind === 'done_then_more') gaps[0] = random.int(150, 800);
  const total = gaps.reduce((sum, gap) => sum + gap, 0);
  const scale = Math.min(1, MAX_TRAIL_MS / total);
  let at = 0;
  return gaps.map((gap) => (at += Math.max(1, Math.floor(gap * scale))));
}

/** The final transcript, at varying delays after the last word — sometimes after the cap, or never. */
function addDone(
  random: Random,
  events: TimedEvent[],
  kind: CaseKind,
  words: readonly string[],
  tail: readonly string[],
  itemId: string | null,
  lastWordAt: number,
): void {
  const sometimes = kind === 'late_start' || kind === 'done_then_more';
  const always = kind === 'trailing_done' || kind === 'gap_done';
  if (!always && !(sometimes && random.chance(0.5))) return;
  const delay = random.chance(0.2) ? random.int(500, 1_200) : random.int(60, 500);
  const transcript = sentence(kind === 'done_then_more' ? tail : words);
  events.push({
    at: lastWordAt + delay,
    event: { type: 'input_transcript_done', transcript, itemId },
  });
}

/** The assistant's lead-in: a few transcript deltas with their audio, then its `done`. */
function addLeadIn(random: Random, events: TimedEvent[]): string[] {
  let at = random.int(40, 450);
  const parts = LEAD_IN.slice(0, random.int(3, LEAD_IN.length));
  for (const delta of parts) {
    events.push({ at, event: { type: 'output_transcript_delta', delta, itemId: 'out' } });
    events.push({
      at,
      event: {
        type: 'audio_out',
        data: 'AAAA',
        sampleRate: 24_000,
        channels: 1,
        samplesPerChannel: 2,
        itemId: 'out',
      },
    });
    at += random.int(40, 120);
  }
  const transcript = parts.join('').trim();
  events.push({ at, event: { type: 'output_transcript_done', transcript, itemId: 'out' } });
  return transcript.split(' ');
}

/**
 * Cuts `text` into `count` deltas at word boundaries; sometimes a cut falls inside a word
 * ("te" + "sts "), as real transcription deltas do.
 */
function chunkText(random: Random, text: string, count: number): string[] {
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

function sentence(words: readonly string[]): string {
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function longestQuiet(events: readonly TimedEvent[], lastWordAt: number): number {
  if (lastWordAt <= 0) return 0;
  const deltas = events
    .filter((e) => e.at > 0 && e.at <= lastWordAt && e.event.type.endsWith('_transcript_delta'))
    .map((e) => e.at);
  let previous = 0;
  let longest = 0;
  for (const at of deltas) {
    longest = Math.max(longest, at - previous);
    previous = at;
  }
  return longest;
}
