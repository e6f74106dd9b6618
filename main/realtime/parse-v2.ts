import { z } from 'zod';
import { mapFunctionCallItem } from './function-call-item';
import {
  decodeEnvelope,
  type Envelope,
  ErrorSchema,
  events,
  ignored,
  isOptionalPositiveInt,
  isOptionalString,
  ItemEventSchema,
  optionalPositiveInt,
  optionalString,
  type ParseOptions,
  problem,
  SessionUpdatedSchema,
  toError,
  toItem,
  toSessionUpdated,
  transcript,
  withCheck,
  withSchema,
} from './parse-common';
import type { ParseResult } from './realtime-events';

/** GA output audio defaults when the event does not say. */
const DEFAULT_SAMPLE_RATE = 24_000;
const DEFAULT_CHANNELS = 1;

/** An audio delta's fields; exported for the test that holds {@link checkAudio} to it. */
export const AudioSchema = z.object({
  delta: z.string(),
  item_id: optionalString,
  sample_rate: optionalPositiveInt,
  channels: optionalPositiveInt,
  num_channels: optionalPositiveInt,
  samples_per_channel: z.number().int().nonnegative().nullish(),
});

/** {@link AudioSchema} without zod, for the 50 audio deltas a second. */
export function checkAudio(body: Record<string, unknown>): z.infer<typeof AudioSchema> | null {
  const { delta, item_id, sample_rate, channels, num_channels, samples_per_channel } = body;
  const spc = samples_per_channel;
  const ok =
    typeof delta === 'string' &&
    isOptionalString(item_id) &&
    isOptionalPositiveInt(sample_rate) &&
    isOptionalPositiveInt(channels) &&
    isOptionalPositiveInt(num_channels) &&
    (spc === undefined || spc === null || (Number.isSafeInteger(spc) && (spc as number) >= 0));
  return ok
    ? {
        delta,
        item_id,
        sample_rate,
        channels,
        num_channels,
        samples_per_channel: spc as number | null | undefined,
      }
    : null;
}

const TextDoneSchema = z.object({ text: z.string(), item_id: optionalString });
const SpeechSchema = z.object({ item_id: optionalString });
const CommittedSchema = z.object({ item_id: optionalString, previous_item_id: optionalString });
const TranscriptionFailedSchema = z.object({
  item_id: optionalString,
  error: z.object({ message: optionalString }).loose().nullish(),
});
const ResponseSchema = z.object({
  response: z.object({ id: optionalString }).loose().nullish(),
  response_id: optionalString,
});

/**
 * Known V2 events Parley does not use: dropped without a problem report, so the log only
 * shows frames that are really unexpected.
 */
const IGNORED_V2 = new Set([
  'session.created',
  'conversation.created',
  'conversation.item.retrieved',
  'conversation.item.truncated',
  'conversation.item.deleted',
  'conversation.item.input_audio_transcription.segment',
  'input_audio_buffer.cleared',
  'input_audio_buffer.timeout_triggered',
  'output_audio_buffer.started',
  'output_audio_buffer.stopped',
  'output_audio_buffer.cleared',
  'response.output_item.added',
  'response.output_item.done',
  'response.content_part.added',
  'response.content_part.done',
  'response.output_audio.done',
  'response.audio.done',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'rate_limits.updated',
]);

/**
 * Parses one V2 (GA Realtime API) server frame into internal events.
 * Never throws: bad or unknown frames come back as a bounded {@link ParseProblem}.
 * A `response.done` that lists a function call is only a `response_done`: the handoff comes
 * from the item's `conversation.item.done`, never twice.
 */
export function parseV2(text: string, options?: ParseOptions): ParseResult {
  const decoded = decodeEnvelope(text, options);
  if (!decoded.ok) return decoded.result;
  return mapTranscriptAndAudio(decoded.envelope) ?? mapOther(decoded.envelope);
}

function mapTranscriptAndAudio(envelope: Envelope): ParseResult | null {
  switch (envelope.type) {
    case 'response.output_audio.delta':
    case 'response.audio.delta':
      return withCheck(envelope, AudioSchema, checkAudio, (v) =>
        events({
          type: 'audio_out',
          data: v.delta,
          sampleRate: v.sample_rate ?? DEFAULT_SAMPLE_RATE,
          channels: v.channels ?? v.num_channels ?? DEFAULT_CHANNELS,
          samplesPerChannel: v.samples_per_channel ?? null,
          itemId: v.item_id ?? null,
        }),
      );
    case 'conversation.item.input_audio_transcription.delta':
      return transcript.inputDelta(envelope);
    case 'conversation.item.input_audio_transcription.completed':
      return transcript.inputDone(envelope);
    case 'conversation.item.input_audio_transcription.failed':
      return withSchema(envelope, TranscriptionFailedSchema, (v) =>
        events({
          type: 'input_transcript_failed',
          itemId: v.item_id ?? null,
          message: v.error?.message ?? 'transcription failed',
        }),
      );
    case 'response.output_text.delta':
    case 'response.output_audio_transcript.delta':
      return transcript.outputDelta(envelope);
    case 'response.output_text.done':
      return withSchema(envelope, TextDoneSchema, (v) =>
        events({ type: 'output_transcript_done', transcript: v.text, itemId: v.item_id ?? null }),
      );
    case 'response.output_audio_transcript.done':
      return transcript.outputDone(envelope);
    default:
      return null;
  }
}

function mapOther(envelope: Envelope): ParseResult {
  switch (envelope.type) {
    case 'session.updated':
      return withSchema(envelope, SessionUpdatedSchema, toSessionUpdated);
    case 'input_audio_buffer.speech_started':
      return withSchema(envelope, SpeechSchema, (v) =>
        events({ type: 'speech_started', itemId: v.item_id ?? null }),
      );
    case 'input_audio_buffer.committed':
      return withSchema(envelope, CommittedSchema, (v) =>
        events({
          type: 'input_audio_committed',
          itemId: v.item_id ?? null,
          previousItemId: v.previous_item_id ?? null,
        }),
      );
    case 'input_audio_buffer.speech_stopped':
      return withSchema(envelope, SpeechSchema, (v) =>
        events({ type: 'speech_stopped', itemId: v.item_id ?? null }),
      );
    case 'response.created':
    case 'response.cancelled':
    case 'response.done':
      return withSchema(envelope, ResponseSchema, (v) => {
        const responseId = v.response?.id ?? v.response_id ?? null;
        if (envelope.type === 'response.created')
          return events({ type: 'response_created', responseId });
        if (envelope.type === 'response.done') return events({ type: 'response_done', responseId });
        return events({ type: 'response_cancelled', responseId });
      });
    case 'conversation.item.added':
      return withSchema(envelope, ItemEventSchema, (v) =>
        events({ type: 'item_added', item: toItem(v.item) }),
      );
    case 'conversation.item.done':
      return withSchema(envelope, ItemEventSchema, (v) =>
        v.item.type === 'function_call'
          ? mapFunctionCallItem(envelope.type, v.item)
          : events({ type: 'item_done', item: toItem(v.item) }),
      );
    case 'error':
      return withSchema(envelope, ErrorSchema, toError);
    default:
      if (IGNORED_V2.has(envelope.type)) return ignored();
      return problem('unknown_type', envelope.type, `unknown V2 event type "${envelope.type}"`);
  }
}
