import type { Random } from '../../bench/seeded-random';
import type { Protocol } from '../../preload/schemas/settings';
import { mutate, MUTATIONS } from './contract-fuzz';

/** Base64 PCM16 of `samples` samples of a quiet tone. */
function pcmBase64(samples: number): string {
  const pcm = new Int16Array(samples);
  for (let i = 0; i < samples; i++) pcm[i] = Math.round(800 * Math.sin(i / 4));
  return Buffer.from(pcm.buffer).toString('base64');
}

const AUDIO_20MS = pcmBase64(480);
const words = ['run', 'the', 'tests', 'please', 'and', 'tell', 'me', 'what', 'broke', 'now'];

function phrase(random: Random): string {
  return Array.from({ length: random.int(1, 6) }, () => random.pick(words)).join(' ');
}

/** A valid V2 (GA Realtime) server event, in no particular order. */
function v2Event(random: Random): object {
  const item = `item_${random.int(1, 40)}`;
  const response = { id: `resp_${random.int(1, 20)}` };
  const pick = random.int(0, 19);
  switch (pick) {
    case 0:
      return { type: 'session.updated', session: { type: 'realtime', model: 'gpt-realtime-1.5' } };
    case 1:
      return { type: 'input_audio_buffer.speech_started', item_id: item, audio_start_ms: 10 };
    case 2:
      return { type: 'input_audio_buffer.speech_stopped', item_id: item, audio_end_ms: 900 };
    case 3:
      return { type: 'input_audio_buffer.committed', item_id: item, previous_item_id: null };
    case 4:
      return {
        type: 'conversation.item.input_audio_transcription.delta',
        item_id: item,
        delta: ` ${phrase(random)}`,
      };
    case 5:
      return {
        type: 'conversation.item.input_audio_transcription.completed',
        item_id: item,
        transcript: phrase(random),
      };
    case 6:
      return {
        type: 'conversation.item.input_audio_transcription.failed',
        item_id: item,
        error: { message: 'no speech' },
      };
    case 7:
      return { type: 'response.created', response };
    case 8:
    case 9:
      return {
        type: 'response.output_audio.delta',
        response_id: response.id,
        item_id: item,
        delta: AUDIO_20MS,
      };
    case 10:
      return {
        type: 'response.output_audio_transcript.delta',
        item_id: item,
        delta: ` ${phrase(random)}`,
      };
    case 11:
      return {
        type: 'response.output_audio_transcript.done',
        item_id: item,
        transcript: phrase(random),
      };
    case 12:
      return { type: 'response.output_text.delta', item_id: item, delta: phrase(random) };
    case 13:
      return { type: 'response.done', response: { ...response, status: 'completed' } };
    case 14:
      return { type: 'response.cancelled', response };
    case 15:
      return {
        type: 'conversation.item.added',
        item: { id: item, type: 'message', role: random.pick(['user', 'assistant']), content: [] },
      };
    case 16:
      return functionCall(random, item);
    case 17:
      return {
        type: 'error',
        error: { type: 'invalid_request_error', code: 'bad', message: phrase(random) },
      };
    case 18:
      return { type: random.pick(['rate_limits.updated', 'output_audio_buffer.started']) };
    default:
      return {
        type: 'conversation.item.done',
        item: { id: item, type: 'message', role: 'assistant' },
      };
  }
}

/** A function call item: mostly tools Parley does not have, now and then a real delegation. */
function functionCall(random: Random, item: string): object {
  const delegate = random.chance(0.03);
  return {
    type: 'conversation.item.done',
    item: {
      id: item,
      type: 'function_call',
      call_id: `call_${random.int(1, 1e6)}`,
      name: delegate ? 'background_agent' : random.pick(['lookup', 'cancel_task', '']),
      arguments: random.chance(0.8) ? JSON.stringify({ prompt: phrase(random) }) : '{not json',
    },
  };
}

/** A valid V1 (quicksilver) server event. */
function v1Event(random: Random): object {
  const pick = random.int(0, 12);
  switch (pick) {
    case 0:
      return { type: 'session.updated', session: { model: 'gpt-realtime-1.5' } };
    case 1:
    case 2:
      return { type: 'conversation.input_transcript.delta', delta: ` ${phrase(random)}` };
    case 3:
      return {
        type: 'conversation.item.input_audio_transcription.completed',
        transcript: phrase(random),
      };
    case 4:
      return {
        type: random.pick([
          'conversation.input_transcript.done',
          'conversation.input_transcript.turn_marked',
        ]),
      };
    case 5:
      return { type: 'conversation.output_transcript.delta', delta: ` ${phrase(random)}` };
    case 6:
      return { type: 'conversation.output_transcript.done', transcript: phrase(random) };
    case 7:
    case 8:
      return { type: 'conversation.output_audio.delta', delta: AUDIO_20MS, sample_rate: 24_000 };
    case 9:
      return {
        type: 'conversation.item.added',
        item: { id: `i${random.int(1, 30)}`, type: 'message' },
      };
    case 10:
      return random.chance(0.05)
        ? {
            type: 'conversation.handoff.requested',
            handoff_id: `h${random.int(1, 1e6)}`,
            item_id: `i${random.int(1, 30)}`,
            input_transcript: phrase(random),
          }
        : {
            type: 'conversation.item.done',
            item: { id: `i${random.int(1, 30)}`, type: 'message' },
          };
    case 11:
      return { type: 'error', error: { message: phrase(random), code: 'x' } };
    default:
      return { type: 'response.done', response: { id: 'r1' } };
  }
}

/** A valid Live server event (no `session.closed`: that ends the session by design). */
function liveEvent(random: Random, timelineMs: number): object {
  const start = Math.max(0, timelineMs - random.int(0, 400));
  const end = start + random.int(20, 300);
  switch (random.int(0, 10)) {
    case 0:
    case 1:
      return { type: 'session.output_audio.delta', delta: AUDIO_20MS };
    case 2:
      return {
        type: 'session.input_transcript.delta',
        delta: ` ${phrase(random)}`,
        start_ms: start,
        end_ms: end,
      };
    case 3:
      return {
        type: 'session.output_transcript.delta',
        delta: ` ${phrase(random)}`,
        start_ms: start,
        end_ms: end,
      };
    case 4:
      return random.chance(0.05)
        ? {
            type: 'session.delegation.created',
            offset_ms: start,
            delegation: {
              id: `del_${random.int(1, 1e6)}`,
              type: 'delegation',
              target: random.pick(['client', 'server']),
            },
          }
        : { type: 'session.updated', session: {} };
    case 5:
      return {
        type: random.pick([
          'session.commentary.appended',
          'session.thinking.appended',
          'session.instructions.appended',
        ]),
        client_event_id: `evt_${random.int(1, 50)}`,
        start_ms: start,
        end_ms: end,
      };
    case 6:
      return { type: random.pick(['session.input_audio.muted', 'session.input_audio.unmuted']) };
    case 7:
      return {
        type: 'session.usage.updated',
        usage: { seconds: timelineMs / 1000 },
        context_window: { usage_ratio: random.next() },
      };
    case 8:
      return { type: 'info', code: 'note', message: phrase(random) };
    case 9:
      return {
        type: 'error',
        error: { type: 'invalid_request_error', code: 'x', message: phrase(random) },
      };
    default:
      return { type: 'session.started', session: { id: 'sess_again', expires_at: 9e12 } };
  }
}

/** One frame as a server might send it: valid, mutated, or not an event at all. */
export type ServerFrame = { text: string } | { binary: Uint8Array };

/**
 * The next frame of a hostile server for `protocol`: a third valid events in a random order,
 * the rest broken (the contract fuzzer's mutations, unknown types, garbage, binary, odd audio).
 */
export function serverFrame(protocol: Protocol, random: Random, timelineMs: number): ServerFrame {
  const valid =
    protocol === 'v2'
      ? v2Event(random)
      : protocol === 'v1'
        ? v1Event(random)
        : liveEvent(random, timelineMs);
  const roll = random.next();
  if (roll < 0.33) return { text: JSON.stringify(valid) };
  if (roll < 0.8) {
    const mutated = mutate(valid, random.pick(MUTATIONS), random, {
      json: true,
      hugeChars: 300_000,
    });
    return { text: JSON.stringify(mutated) ?? 'undefined' };
  }
  if (roll < 0.88) return { text: JSON.stringify(oddAudio(protocol, random)) };
  if (roll < 0.93)
    return { text: JSON.stringify({ ...valid, type: `${(valid as { type: string }).type}.nope` }) };
  if (roll < 0.98)
    return {
      text: random.pick([
        '',
        'null',
        '[]',
        '42',
        '"error"',
        '{',
        'not json',
        JSON.stringify(valid).slice(0, -3),
      ]),
    };
  return { binary: Uint8Array.from({ length: random.int(1, 512) }, () => random.int(0, 255)) };
}

/** An audio delta with the rates, channel counts and payloads a broken server might send. */
function oddAudio(protocol: Protocol, random: Random): object {
  const delta = random.pick([
    AUDIO_20MS,
    AUDIO_20MS.slice(0, -3),
    '!!!not base64!!!',
    '',
    pcmBase64(random.int(1, 48_000)),
    Buffer.from([1, 2, 3]).toString('base64'),
  ]);
  const sampleRate = random.pick([
    24_000, 16_000, 44_100, 48_000, 8_000, 11_025, 96_000, 192_000, 7, 0, -1, 23_999.5, 1e9,
  ]);
  const channels = random.pick([1, 2, 0, 3, 8, -1]);
  if (protocol === 'live')
    return { type: 'session.output_audio.delta', delta, sample_rate: sampleRate };
  const type =
    protocol === 'v2' ? 'response.output_audio.delta' : 'conversation.output_audio.delta';
  return { type, item_id: `item_${random.int(1, 5)}`, delta, sample_rate: sampleRate, channels };
}
