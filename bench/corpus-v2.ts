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
 * V2 timelines, drawn from recorded GA sessions. The server commits each user item and
 * transcribes it asynchronously; the `background_agent` call lands 0.25–1.2 s after the commit.
 * - `streaming`: streaming transcription completes 0.2–0.7 s after the commit (often before
 *   the call: an already-finalised turn);
 * - `whisper`: whisper-class transcription completes 1–3 s after the commit;
 * - `failed`: transcription fails after a few partial deltas (or none);
 * - `missing`: transcription never ends;
 * - `goes_on`: the user goes on talking after the call (a new item, the next turn's words);
 * - `resumed`: the user resumed before the call landed: a second item to wait for.
 */
export const V2_KINDS = {
  streaming: 40,
  whisper: 25,
  failed: 5,
  missing: 3,
  goes_on: 15,
  resumed: 12,
} as const;
export type V2Kind = keyof typeof V2_KINDS;

/** The model's own summary in the call: words the user never says. */
const V2_INPUT = 'Background job';
/** The rule's give-up and cap, for what counts as reachable. */
const GIVE_UP_MS = 3_000;

interface Item {
  id: string;
  words: string[];
  commitAt: number;
  /** When its transcription's last delta lands (NaN: its words never all arrive). */
  lastWordAt: number;
  /** When its transcription ends (NaN: never). */
  endAt: number;
}

/** One V2 case of `kind`. */
export function generateV2Case(random: Random, id: string, kind: V2Kind): HandoffCase {
  const events: TimedEvent[] = [];
  const whisperSession = kind === 'whisper' || (kind !== 'streaming' && random.chance(0.3));
  addEarlierTurns(random, events, id, whisperSession);
  const request = random.pick(REQUESTS).split(' ');
  const commitAt = -random.int(250, 1_200);
  const u1 = addItem(
    random,
    events,
    `${id}-u1`,
    request,
    commitAt,
    transcription(kind, whisperSession),
  );
  const required: Item[] = [u1];
  const extra = random.pick(CONTINUATIONS).split(' ');
  if (kind === 'resumed') {
    const startAt = -random.int(50, 300);
    const model = whisperSession ? 'whisper' : 'streaming';
    required.push(
      addItem(random, events, `${id}-u2`, extra, startAt + random.int(600, 1_800), model, startAt),
    );
  } else if (kind === 'goes_on') {
    const startAt = random.int(100, 900);
    addItem(
      random,
      events,
      `${id}-u2`,
      extra,
      startAt + random.int(900, 2_500),
      'streaming',
      startAt,
    );
  }
  events.push({
    at: 0,
    event: { type: 'handoff_requested', handoffId: id, itemId: null, inputTranscript: V2_INPUT },
  });
  const leadIn = random.chance(0.6)
    ? addLeadIn(random, events, random.int(40, 500), `${id}-a`)
    : [];
  const lastWordAt = Math.max(...required.map((item) => item.lastWordAt));
  const reachable = required.every(
    (item) => item.lastWordAt < Math.min(GIVE_UP_MS, item.commitAt + GIVE_UP_MS),
  );
  const pendingAtHandoff = required.some((item) => !(item.endAt <= 0));
  return {
    id,
    protocol: 'v2',
    kind,
    handoffId: id,
    words: required.flatMap((item) => item.words),
    events: sortEvents(events),
    lastWordAt,
    reachable,
    pendingAtHandoff,
    leadIn,
  };
}

type Transcription = 'streaming' | 'whisper' | 'failed' | 'missing';

function transcription(kind: V2Kind, whisperSession: boolean): Transcription {
  if (kind === 'failed' || kind === 'missing') return kind;
  return whisperSession ? 'whisper' : 'streaming';
}

/** One committed user item: speech, commit and its transcription events. */
function addItem(
  random: Random,
  events: TimedEvent[],
  id: string,
  words: string[],
  commitAt: number,
  how: Transcription,
  startAt = commitAt - 500 - words.length * random.int(180, 260),
): Item {
  events.push({ at: startAt, event: { type: 'speech_started', itemId: id } });
  events.push({ at: commitAt - 5, event: { type: 'speech_stopped', itemId: id } });
  events.push({
    at: commitAt,
    event: { type: 'input_audio_committed', itemId: id, previousItemId: null },
  });
  const text = `${words.join(' ')} `;
  const delta = (at: number, d: string): void => {
    events.push({ at, event: { type: 'input_transcript_delta', delta: d, itemId: id } });
  };
  if (how === 'whisper') {
    const endAt = commitAt + random.int(1_000, 2_999);
    const lastWordAt = endAt - random.int(0, 5);
    delta(lastWordAt, text); // whisper-class models send the whole text at once
    events.push({
      at: endAt,
      event: { type: 'input_transcript_done', transcript: sentence(words), itemId: id },
    });
    return { id, words, commitAt, lastWordAt, endAt };
  }
  if (how === 'streaming') {
    const endAt = commitAt + random.int(200, 700);
    const lastWordAt = endAt - random.int(0, 30);
    const chunks = chunkText(random, text, random.int(2, 5));
    spread(commitAt + 80, lastWordAt, chunks.length).forEach((at, i) => delta(at, chunks[i] ?? ''));
    events.push({
      at: endAt,
      event: { type: 'input_transcript_done', transcript: sentence(words), itemId: id },
    });
    return { id, words, commitAt, lastWordAt, endAt };
  }
  // Failed or missing: a few partial deltas of the first half at most; the rest never comes.
  const partial = chunkText(random, `${words.slice(0, Math.ceil(words.length / 2)).join(' ')} `, 2);
  const sent = partial.slice(0, random.int(0, partial.length));
  const endAt = how === 'failed' ? commitAt + random.int(200, 2_000) : Number.NaN;
  const until = Number.isNaN(endAt) ? commitAt + 1_500 : endAt - 10;
  spread(commitAt + 80, until, sent.length).forEach((at, i) => delta(at, sent[i] ?? ''));
  if (how === 'failed') {
    events.push({
      at: endAt,
      event: { type: 'input_transcript_failed', itemId: id, message: 'failed' },
    });
  }
  return { id, words, commitAt, lastWordAt: Number.NaN, endAt };
}

/** `count` increasing times from `from` to `to` (the last one at `to`). */
function spread(from: number, to: number, count: number): number[] {
  if (count <= 0) return [];
  const step = Math.max(1, (to - from) / count);
  return Array.from({ length: count }, (_, i) =>
    i === count - 1 ? to : Math.round(from + step * (i + 1)),
  );
}

/** 0–2 earlier finished turns of the session, each with its own (already routed) handoff. */
function addEarlierTurns(random: Random, events: TimedEvent[], id: string, whisper: boolean): void {
  const turns = random.int(0, 2);
  for (let j = 0; j < turns; j++) {
    const commitAt = -20_000 * (turns - j);
    const words = random.pick(EARLIER).split(' ');
    const item = addItem(
      random,
      events,
      `${id}-e${j}`,
      words,
      commitAt,
      whisper ? 'whisper' : 'streaming',
    );
    const handoffId = `${id}-e${j}-call`;
    events.push({
      at: item.endAt + 100,
      event: {
        type: 'handoff_requested',
        handoffId,
        itemId: null,
        inputTranscript: words.join(' '),
      },
    });
  }
}
