import { z } from 'zod';
import {
  decodeEnvelope,
  type Envelope,
  ErrorSchema,
  events,
  ignored,
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
  withSchema,
} from './parse-common';
import type { ParseResult } from './realtime-events';

const AudioSchema = z
  .object({
    delta: z.string().nullish(),
    data: z.string().nullish(),
    sample_rate: z.number().int().positive(),
    channels: optionalPositiveInt,
    num_channels: optionalPositiveInt,
    samples_per_channel: z.number().int().nonnegative().nullish(),
  })
  .refine((v) => typeof (v.delta ?? v.data) === 'string', {
    message: 'audio delta needs a string "delta"',
    path: ['delta'],
  })
  .refine((v) => (v.channels ?? v.num_channels) != null, {
    message: 'audio delta needs "channels" or "num_channels"',
    path: ['channels'],
  });

const HandoffSchema = z.object({
  handoff_id: z.string().min(1),
  item_id: optionalString,
  input_transcript: optionalString,
});

/** A V1 finalising event of the user's transcript: `transcript` (or `text`), both optional. */
const FinalisingSchema = z.object({
  transcript: optionalString,
  text: optionalString,
  item_id: optionalString,
});

/** Known V1 events Parley does not use: dropped without a problem report. */
const IGNORED_V1 = new Set(['session.created', 'conversation.created', 'rate_limits.updated']);

/**
 * Parses one V1 (quicksilver) server frame into internal events.
 * Never throws: bad or unknown frames come back as a bounded {@link ParseProblem}.
 */
export function parseV1(text: string, options?: ParseOptions): ParseResult {
  const decoded = decodeEnvelope(text, options);
  if (!decoded.ok) return decoded.result;
  return mapTranscript(decoded.envelope) ?? mapOther(decoded.envelope);
}

function mapTranscript(envelope: Envelope): ParseResult | null {
  switch (envelope.type) {
    case 'conversation.input_transcript.delta':
    case 'conversation.item.input_audio_transcription.delta':
      return transcript.inputDelta(envelope);
    case 'conversation.item.input_audio_transcription.completed':
      return transcript.inputDone(envelope);
    case 'conversation.input_transcript.done':
    case 'conversation.input_transcript.turn_marked':
      // Finalising events: the text may be absent; the turn still counts as finalised.
      return withSchema(envelope, FinalisingSchema, (v) =>
        events({
          type: 'input_transcript_done',
          transcript: v.transcript ?? v.text ?? '',
          itemId: v.item_id ?? null,
        }),
      );
    case 'conversation.output_transcript.delta':
    case 'response.output_text.delta':
    case 'response.output_audio_transcript.delta':
      return transcript.outputDelta(envelope);
    case 'response.output_audio_transcript.done':
    case 'conversation.output_transcript.done':
      return transcript.outputDone(envelope);
    default:
      return null;
  }
}

function mapOther(envelope: Envelope): ParseResult {
  switch (envelope.type) {
    case 'session.updated':
      return withSchema(envelope, SessionUpdatedSchema, toSessionUpdated);
    case 'conversation.output_audio.delta':
      return withSchema(envelope, AudioSchema, (v) =>
        events({
          type: 'audio_out',
          data: v.delta ?? v.data ?? '',
          sampleRate: v.sample_rate,
          channels: v.channels ?? v.num_channels ?? 1,
          samplesPerChannel: v.samples_per_channel ?? null,
          itemId: null,
        }),
      );
    case 'conversation.item.added':
      return withSchema(envelope, ItemEventSchema, (v) =>
        events({ type: 'item_added', item: toItem(v.item) }),
      );
    case 'conversation.item.done':
      return withSchema(envelope, ItemEventSchema, (v) =>
        events({ type: 'item_done', item: toItem(v.item) }),
      );
    case 'conversation.handoff.requested':
      return withSchema(envelope, HandoffSchema, (v) =>
        events({
          type: 'handoff_requested',
          handoffId: v.handoff_id,
          itemId: v.item_id ?? null,
          inputTranscript: v.input_transcript ?? '',
        }),
      );
    case 'error':
      return withSchema(envelope, ErrorSchema, toError);
    default:
      if (IGNORED_V1.has(envelope.type)) return ignored();
      return problem('unknown_type', envelope.type, `unknown V1 event type "${envelope.type}"`);
  }
}
