import { z } from 'zod';
import { describeIssues } from '../../preload/contract';
import { isJsonObject, parseJson } from '../base/json';

const TurnDetectionSchema = z
  .object({
    type: z.string(),
    silence_duration_ms: z.number().int().positive().max(10_000).optional(),
    create_response: z.boolean().optional(),
    interrupt_response: z.boolean().optional(),
  })
  .loose();

const SessionUpdateSchema = z.object({
  session: z
    .object({
      tools: z.array(z.object({ name: z.string() }).loose()).optional(),
      audio: z
        .object({
          input: z.object({ turn_detection: TurnDetectionSchema.nullish() }).loose().optional(),
        })
        .loose()
        .optional(),
    })
    .loose(),
});

const ContentSchema = z.object({ type: z.string(), text: z.string().optional() }).loose();
const ItemSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message'),
    role: z.string(),
    content: z.array(ContentSchema),
  }).loose(),
  z.object({ type: z.literal('function_call_output'), call_id: z.string(), output: z.string() }).loose(),
]); // prettier-ignore

/** The client events the offline engine acts on, validated. */
export type ClientEvent =
  | {
      type: 'session.update';
      /** Declared tool names; null when the update did not send `tools`. */
      tools: string[] | null;
      /** Undefined: unchanged; null: no server turn detection (the client commits turns). */
      turnDetection: z.infer<typeof TurnDetectionSchema> | null | undefined;
    }
  | { type: 'input_audio_buffer.append'; audio: string }
  | { type: 'input_audio_buffer.commit' }
  | { type: 'input_audio_buffer.clear' }
  | { type: 'conversation.item.create'; item: z.infer<typeof ItemSchema> }
  | { type: 'response.create' }
  | { type: 'response.cancel' }
  | { type: 'conversation.item.truncate'; itemId: string; audioEndMs: number };

/** A client frame the engine cannot use, with words for the `error` event it answers. */
export interface ClientEventError {
  message: string;
  /** The frame's `type` when it had one (echoed as the error's `event_id` context). */
  eventType: string | null;
}

const TruncateSchema = z.object({
  item_id: z.string(),
  content_index: z.number().int().nonnegative().optional(),
  audio_end_ms: z.number().nonnegative(),
});

type Parsed = { ok: true; event: ClientEvent } | { ok: false; error: ClientEventError };

function fail(message: string, eventType: string | null): Parsed {
  return { ok: false, error: { message, eventType } };
}

function checked<S extends z.ZodType>(
  schema: S,
  frame: unknown,
  type: string,
  build: (value: z.infer<S>) => ClientEvent,
): Parsed {
  const result = schema.safeParse(frame);
  if (!result.success) return fail(`Invalid ${type}: ${describeIssues(result.error)}`, type);
  return { ok: true, event: build(result.data) };
}

/** Parses one client text frame; never throws. */
export function parseClientEvent(text: string): Parsed {
  const json = parseJson(text);
  if (!json.ok) return fail(`The frame is not JSON: ${json.error.message}`, null);
  const frame = json.value;
  if (!isJsonObject(frame) || typeof frame['type'] !== 'string') {
    return fail('The frame has no string "type".', null);
  }
  const type = frame['type'];
  switch (type) {
    case 'session.update':
      return checked(SessionUpdateSchema, frame, type, (v) => ({
        type,
        tools: v.session.tools?.map((t) => t.name) ?? null,
        turnDetection: v.session.audio?.input?.turn_detection,
      }));
    case 'input_audio_buffer.append':
      return checked(z.object({ audio: z.string() }), frame, type, (v) => ({
        type,
        audio: v.audio,
      }));
    case 'conversation.item.create':
      return checked(z.object({ item: ItemSchema }), frame, type, (v) => ({ type, item: v.item }));
    case 'conversation.item.truncate':
      return checked(TruncateSchema, frame, type, (v) => ({
        type,
        itemId: v.item_id,
        audioEndMs: v.audio_end_ms,
      }));
    case 'input_audio_buffer.commit':
    case 'input_audio_buffer.clear':
    case 'response.create':
    case 'response.cancel':
      return { ok: true, event: { type } };
    default:
      return fail(
        `The offline engine does not support "${type.slice(0, 100)}".`,
        type.slice(0, 100),
      );
  }
}

/** The typed text of a user message item, or null when it has none. */
export function userText(item: z.infer<typeof ItemSchema>): string | null {
  if (item.type !== 'message' || item.role !== 'user') return null;
  const text = item.content
    .map((part) => (part.type === 'input_text' ? (part.text ?? '') : ''))
    .join(' ')
    .trim();
  return text === '' ? null : text;
}
