import { describeIssues } from '../../preload/contract';
import { z } from 'zod';
import type { ParseProblem, ParseResult, RealtimeEvent, RealtimeItem } from './realtime-events';

/**
 * Default frame size limit: 8 MiB. Audio deltas are tens of kilobytes and a `session.updated`
 * echo with long instructions is well under 1 MiB, so anything this large is a broken or
 * hostile server; the transport should cap frames too (ws `maxPayload`), this is the last line.
 */
export const DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;
/** Upper bound on {@link ParseProblem.detail}. */
export const MAX_PROBLEM_DETAIL = 500;

/** Options shared by both parsers. */
export interface ParseOptions {
  /** Frames larger than this many UTF-8 bytes are rejected as `oversized`. */
  maxFrameBytes?: number;
}

/** A decoded JSON object with a string `type`. */
export interface Envelope {
  type: string;
  body: Record<string, unknown>;
}

/** `detail` cut to {@link MAX_PROBLEM_DETAIL} characters. */
export function boundDetail(detail: string): string {
  if (detail.length <= MAX_PROBLEM_DETAIL) return detail;
  return `${detail.slice(0, MAX_PROBLEM_DETAIL - 1)}…`;
}

/** A failed parse with a bounded detail. */
export function problem(
  reason: ParseProblem['reason'],
  eventType: string | null,
  detail: string,
): ParseResult {
  return {
    ok: false,
    problem: {
      reason,
      eventType: eventType === null ? null : boundDetail(eventType),
      detail: boundDetail(detail),
    },
  };
}

/** A successful parse. */
export function events(...list: RealtimeEvent[]): ParseResult {
  return { ok: true, events: list };
}

function exceedsLimit(text: string, limit: number): boolean {
  // A UTF-16 unit is 1 to 3 UTF-8 bytes, so only encode when the answer is in doubt.
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return new TextEncoder().encode(text).byteLength > limit;
}

/** Size check, JSON decode and `type` extraction; never throws. */
export function decodeEnvelope(
  text: string,
  options: ParseOptions | undefined,
): { ok: true; envelope: Envelope } | { ok: false; result: ParseResult } {
  const limit = options?.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  if (exceedsLimit(text, limit)) {
    return {
      ok: false,
      result: problem(
        'oversized',
        null,
        `frame of ${text.length} characters exceeds ${limit} bytes`,
      ),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      result: problem('malformed_json', null, `${why}: ${text.slice(0, 200)}`),
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      result: problem('missing_type', null, `not a JSON object: ${text.slice(0, 200)}`),
    };
  }
  const body = value as Record<string, unknown>;
  if (typeof body.type !== 'string' || body.type === '') {
    return {
      ok: false,
      result: problem('missing_type', null, `missing or non-string "type": ${text.slice(0, 200)}`),
    };
  }
  return { ok: true, envelope: { type: body.type, body } };
}

/** Summarises zod issues as `path: message; …`, bounded. */
export function describeZodError(error: z.ZodError): string {
  return boundDetail(describeIssues(error));
}

/** Runs a schema; a mismatch becomes a `bad_fields` problem. */
export function withSchema<S extends z.ZodType>(
  envelope: Envelope,
  schema: S,
  map: (value: z.infer<S>) => ParseResult,
): ParseResult {
  const parsed = schema.safeParse(envelope.body);
  if (!parsed.success) {
    return problem('bad_fields', envelope.type, describeZodError(parsed.error));
  }
  return map(parsed.data);
}

/**
 * Like {@link withSchema}, with a hand-written `check` tried first for the events that come
 * dozens of times a second (audio and transcript deltas). `check` accepts only what the schema
 * accepts (or returns null), so an event maps the same either way; the schema still decides and
 * words everything `check` turns down.
 */
export function withCheck<S extends z.ZodType>(
  envelope: Envelope,
  schema: S,
  check: (body: Record<string, unknown>) => z.infer<S> | null,
  map: (value: z.infer<S>) => ParseResult,
): ParseResult {
  const value = check(envelope.body);
  return value !== null ? map(value) : withSchema(envelope, schema, map);
}

/** What {@link optionalString} accepts. */
export function isOptionalString(value: unknown): value is string | null | undefined {
  return value === undefined || value === null || typeof value === 'string';
}

/** What {@link optionalPositiveInt} accepts. */
export function isOptionalPositiveInt(value: unknown): value is number | null | undefined {
  return (
    value === undefined || value === null || (Number.isSafeInteger(value) && (value as number) > 0)
  );
}

/** An optional, nullable string field (absent and null both mean "unknown"). */
export const optionalString = z.string().nullish();
const positiveInt = z.number().int().positive();
/** An optional positive integer (sample rates, channel counts). */
export const optionalPositiveInt = positiveInt.nullish();

/** `session.updated`: `session.id`, both optional. */
export const SessionUpdatedSchema = z.object({
  session: z.object({ id: optionalString }).loose().nullish(),
});

/** Transcript deltas: `delta` string, `item_id` optional. */
export const DeltaSchema = z.object({ delta: z.string(), item_id: optionalString });

/** {@link DeltaSchema} without zod, for {@link withCheck}. */
export function checkDelta(body: Record<string, unknown>): z.infer<typeof DeltaSchema> | null {
  const { delta, item_id } = body;
  return typeof delta === 'string' && isOptionalString(item_id) ? { delta, item_id } : null;
}

/** Transcript done with its text in `transcript`. */
export const TranscriptDoneSchema = z.object({ transcript: z.string(), item_id: optionalString });

const ContentPartSchema = z.object({ text: optionalString, transcript: optionalString }).loose();

/** A conversation item; only the fields Parley reads are checked. */
export const ItemSchema = z
  .object({
    id: optionalString,
    type: z.string(),
    role: optionalString,
    content: z.array(ContentPartSchema).nullish(),
  })
  .loose();

/** Events carrying an `item`. */
export const ItemEventSchema = z.object({ item: ItemSchema });

/** Maps a checked item to {@link RealtimeItem}; text = content parts' text/transcript joined. */
export function toItem(item: z.infer<typeof ItemSchema>): RealtimeItem {
  const text = (item.content ?? [])
    .map((part) => part.text ?? part.transcript ?? '')
    .filter((part) => part !== '')
    .join('');
  return { id: item.id ?? null, type: item.type, role: item.role ?? null, text, raw: item };
}

/** `error`: `message` at the top level, else `error.message`; `code` likewise. */
export const ErrorSchema = z.object({
  message: optionalString,
  code: z.union([z.string(), z.number()]).nullish(),
  error: z
    .union([
      z.string(),
      z
        .object({ message: optionalString, code: z.union([z.string(), z.number()]).nullish() })
        .loose(),
    ])
    .nullish(),
});

/** Maps a checked `error` event; one without any message still surfaces, with a fallback. */
export function toError(value: z.infer<typeof ErrorSchema>): ParseResult {
  const nested = typeof value.error === 'string' ? { message: value.error } : value.error;
  const message = value.message || nested?.message || 'The server reported an error.';
  const code = value.code ?? (nested && 'code' in nested ? nested.code : null) ?? null;
  return events({ type: 'error', message, code: code === null ? null : String(code) });
}

/** Shared mapping of `session.updated`. */
export function toSessionUpdated(value: z.infer<typeof SessionUpdatedSchema>): ParseResult {
  return events({ type: 'session_updated', sessionId: value.session?.id ?? null });
}

/** Known event types Parley does not use: accepted silently rather than logged as unknown. */
export function ignored(): ParseResult {
  return events();
}

/** The four transcript mappings both protocol versions share. */
export const transcript = {
  inputDelta: (envelope: Envelope): ParseResult =>
    withCheck(envelope, DeltaSchema, checkDelta, (v) =>
      events({ type: 'input_transcript_delta', delta: v.delta, itemId: v.item_id ?? null }),
    ),
  inputDone: (envelope: Envelope): ParseResult =>
    withSchema(envelope, TranscriptDoneSchema, (v) =>
      events({
        type: 'input_transcript_done',
        transcript: v.transcript,
        itemId: v.item_id ?? null,
      }),
    ),
  outputDelta: (envelope: Envelope): ParseResult =>
    withCheck(envelope, DeltaSchema, checkDelta, (v) =>
      events({ type: 'output_transcript_delta', delta: v.delta, itemId: v.item_id ?? null }),
    ),
  outputDone: (envelope: Envelope): ParseResult =>
    withSchema(envelope, TranscriptDoneSchema, (v) =>
      events({
        type: 'output_transcript_done',
        transcript: v.transcript,
        itemId: v.item_id ?? null,
      }),
    ),
};
