import type { Random } from '../seeded-random';
import { FRAME_MS, tone } from './mock-audio';

/** Server audio arrives in 100 ms deltas, as the GA server sends it. */
const DELTA_MS = 100;
const DELTA_BASE64 = Buffer.from(tone(2_400).buffer).toString('base64');
const WORDS = 'the build failed again can you look at the linker error and run the tests'.split(
  ' ',
);

/** One turn of the replayed conversation: what the server sends and how much the user captures. */
export interface Turn {
  /** GA server events, JSON, in order. */
  events: string[];
  /** 20 ms microphone frames the client sends during the turn (speech and the reply). */
  captureFrames: number;
  /** Conversation time the turn stands for. */
  simulatedMs: number;
}

/**
 * Turn `n`: the user speaks 2–6 s (speech events, streaming transcription), optionally asks
 * for a task (a `background_agent` call), the assistant answers for 3–9 s (audio deltas with
 * transcript deltas), then a pause of 0.5–3 s. The microphone streams throughout.
 */
export function buildTurn(n: number, random: Random, delegate: boolean): Turn {
  let seq = 0;
  const events: string[] = [];
  const emit = (event: object): void => {
    events.push(JSON.stringify({ event_id: `ev_${n}_${seq++}`, ...event }));
  };
  const user = `item_u${n}`;
  const userMs = random.int(2_000, 6_000);
  emit({ type: 'input_audio_buffer.speech_started', item_id: user, audio_start_ms: 0 });
  for (let ms = 0; ms < userMs; ms += 1_000) {
    const delta = ` ${random.pick(WORDS)}`;
    emit({
      type: 'conversation.item.input_audio_transcription.delta',
      item_id: user,
      content_index: 0,
      delta,
    });
  }
  const words = Array.from({ length: random.int(4, 14) }, () => random.pick(WORDS)).join(' ');
  const prompt = delegate ? `please echo long-session-task-${n}` : words;
  emit({ type: 'input_audio_buffer.speech_stopped', item_id: user, audio_end_ms: userMs });
  emit({ type: 'input_audio_buffer.committed', item_id: user, previous_item_id: null });
  emit({
    type: 'conversation.item.input_audio_transcription.completed',
    item_id: user,
    content_index: 0,
    transcript: prompt,
  });
  const response = `resp_${n}`;
  if (delegate) {
    emit({
      type: 'conversation.item.done',
      item: {
        id: `item_fc${n}`,
        type: 'function_call',
        status: 'completed',
        call_id: `call_${n}`,
        name: 'background_agent',
        arguments: JSON.stringify({ prompt }),
      },
    });
  }
  const answer = `item_a${n}`;
  const replyMs = random.int(3_000, 9_000);
  emit({ type: 'response.created', response: { id: response, status: 'in_progress', output: [] } });
  const ids = { response_id: response, item_id: answer, output_index: 0, content_index: 0 };
  for (let ms = 0; ms < replyMs; ms += DELTA_MS) {
    emit({ type: 'response.output_audio.delta', ...ids, delta: DELTA_BASE64 });
    if (ms % 500 === 0) {
      emit({
        type: 'response.output_audio_transcript.delta',
        ...ids,
        delta: ` ${random.pick(WORDS)}`,
      });
    }
  }
  emit({ type: 'response.output_audio.done', ...ids });
  emit({ type: 'response.output_audio_transcript.done', ...ids, transcript: words });
  emit({ type: 'response.done', response: { id: response, status: 'completed', output: [] } });
  const pauseMs = random.int(500, 3_000);
  return {
    events,
    captureFrames: Math.round((userMs + replyMs) / FRAME_MS),
    simulatedMs: userMs + replyMs + pauseMs,
  };
}
