import { z } from 'zod';
import {
  decodeEnvelope,
  type Envelope,
  events,
  ignored,
  optionalString,
  type ParseOptions,
  problem,
  SessionUpdatedSchema,
  toSessionUpdated,
  withSchema,
} from './parse-common';
import type { LiveAppendKind, ParseResult } from './realtime-events';

/** Parley asks the Live API for PCM16 mono at 24 kHz, which it sends back in the same format. */
const LIVE_SAMPLE_RATE = 24_000;

/** A time on the session timeline: finite and not negative. */
const TimelineMs = z.number().finite().nonnegative();
const optionalMs = TimelineMs.nullish();

const SessionStartedSchema = z.object({
  session: z.object({ id: optionalString, expires_at: z.number().finite().nullish() }).loose(),
});
const AudioSchema = z.object({ delta: z.string() });
const FragmentSchema = z.object({ delta: z.string(), start_ms: optionalMs, end_ms: optionalMs });
const DelegationSchema = z.object({
  offset_ms: TimelineMs,
  delegation: z.object({ id: z.string().min(1), target: optionalString }).loose(),
});
const AppendedSchema = z.object({
  start_ms: optionalMs,
  end_ms: optionalMs,
  client_event_id: optionalString,
});
const UsageSchema = z.object({
  usage: z.object({ seconds: z.number().finite().nonnegative() }).loose(),
  context_window: z.object({ usage_ratio: z.number().finite().nullish() }).loose().nullish(),
});
const InfoSchema = z.object({ code: optionalString, message: optionalString });
const LiveErrorSchema = z.object({
  client_event_id: optionalString,
  message: optionalString,
  error: z
    .union([
      z.string(),
      z
        .object({
          type: optionalString,
          code: z.union([z.string(), z.number()]).nullish(),
          message: optionalString,
          param: optionalString,
          client_event_id: optionalString,
        })
        .loose(),
    ])
    .nullish(),
});
const ClosedSchema = z.object({
  reason: optionalString,
  usage: z.object({ seconds: z.number().finite().nonnegative().nullish() }).loose().nullish(),
});

const APPENDED: Readonly<Record<string, LiveAppendKind>> = {
  'session.commentary.appended': 'commentary',
  'session.thinking.appended': 'thinking',
  'session.instructions.appended': 'instructions',
};

/**
 * Known Live events Parley does not use: Responses delegation (Parley delegates to the
 * client), the telephony transport, and the sideband's echo of input audio.
 */
const IGNORED_LIVE = new Set([
  'response.event',
  'session.input_audio.append',
  'transport.dtmf.received',
  'transport.dtmf.send',
  'transport.ringing',
  'transport.answered',
  'transport.failed',
]);

/**
 * Parses one Live API server frame into internal events. Never throws: bad or unknown frames
 * come back as a bounded {@link ParseProblem}. Transcript fragments keep their place on the
 * session timeline (`startMs`/`endMs`); a delegation carries only its id and offset, since its
 * request is the transcript up to that offset.
 */
export function parseLive(text: string, options?: ParseOptions): ParseResult {
  const decoded = decodeEnvelope(text, options);
  if (!decoded.ok) return decoded.result;
  const envelope = decoded.envelope;
  return mapStream(envelope) ?? mapSession(envelope);
}

function mapStream(envelope: Envelope): ParseResult | null {
  switch (envelope.type) {
    case 'session.output_audio.delta':
      return withSchema(envelope, AudioSchema, (v) =>
        events({
          type: 'audio_out',
          data: v.delta,
          sampleRate: LIVE_SAMPLE_RATE,
          channels: 1,
          samplesPerChannel: null,
          itemId: null,
        }),
      );
    case 'session.input_transcript.delta':
    case 'session.output_transcript.delta':
      return withSchema(envelope, FragmentSchema, (v) =>
        events({
          type: envelope.type.includes('input')
            ? 'input_transcript_delta'
            : 'output_transcript_delta',
          delta: v.delta,
          itemId: null,
          ...(v.start_ms != null ? { startMs: v.start_ms } : {}),
          ...(v.end_ms != null ? { endMs: v.end_ms } : {}),
        }),
      );
    case 'session.delegation.created':
      return withSchema(envelope, DelegationSchema, (v) =>
        events({
          type: 'delegation_created',
          delegationId: v.delegation.id,
          offsetMs: v.offset_ms,
          target: v.delegation.target ?? 'client',
        }),
      );
    case 'session.commentary.appended':
    case 'session.thinking.appended':
    case 'session.instructions.appended':
      return withSchema(envelope, AppendedSchema, (v) =>
        events({
          type: 'append_placed',
          kind: APPENDED[envelope.type] ?? 'commentary',
          clientEventId: v.client_event_id ?? null,
          startMs: v.start_ms ?? null,
          endMs: v.end_ms ?? null,
        }),
      );
    default:
      return null;
  }
}

function mapSession(envelope: Envelope): ParseResult {
  switch (envelope.type) {
    case 'session.started':
      return withSchema(envelope, SessionStartedSchema, (v) =>
        events({
          type: 'session_started',
          sessionId: v.session.id ?? null,
          expiresAt: v.session.expires_at ?? null,
        }),
      );
    case 'session.updated':
      return withSchema(envelope, SessionUpdatedSchema, toSessionUpdated);
    case 'session.input_audio.muted':
    case 'session.input_audio.unmuted':
      return events({ type: 'input_muted', muted: envelope.type.endsWith('.muted') });
    case 'session.usage.updated':
      return withSchema(envelope, UsageSchema, (v) =>
        events({
          type: 'usage_updated',
          seconds: v.usage.seconds,
          contextUsageRatio: v.context_window?.usage_ratio ?? null,
        }),
      );
    case 'info':
      return withSchema(envelope, InfoSchema, (v) =>
        events({ type: 'info', code: v.code ?? '', message: v.message ?? '' }),
      );
    case 'error':
      return withSchema(envelope, LiveErrorSchema, toLiveError);
    case 'session.closed':
      return withSchema(envelope, ClosedSchema, (v) =>
        events({
          type: 'session_closed',
          reason: v.reason ?? 'unknown',
          usageSeconds: v.usage?.seconds ?? null,
        }),
      );
    default:
      if (IGNORED_LIVE.has(envelope.type)) return ignored();
      return problem('unknown_type', envelope.type, `unknown Live event type "${envelope.type}"`);
  }
}

/** `error {error: {type, code, message, param?, client_event_id?}}`; a bare message also works. */
function toLiveError(value: z.infer<typeof LiveErrorSchema>): ParseResult {
  const nested = typeof value.error === 'string' ? { message: value.error } : (value.error ?? {});
  const code = 'code' in nested && nested.code != null ? String(nested.code) : null;
  const param = 'param' in nested ? (nested.param ?? null) : null;
  const fromNested = 'client_event_id' in nested ? nested.client_event_id : null;
  return events({
    type: 'error',
    message: nested.message || value.message || 'The Live server reported an error.',
    code,
    param,
    clientEventId: fromNested ?? value.client_event_id ?? null,
  });
}
