import { z } from 'zod';
import {
  events,
  type ItemSchema,
  optionalString,
  problem,
  describeZodError,
  toItem,
} from './parse-common';
import type { ParseResult } from './realtime-events';
import { TOOL_NAMES } from './tool-names';

/** Argument keys that may carry the user's request, in order of preference. */
const INPUT_KEYS = ['prompt', 'input', 'input_transcript', 'text', 'query'] as const;

const FunctionCallSchema = z
  .object({
    id: optionalString,
    name: z.string(),
    call_id: optionalString,
    // The GA API sends a JSON string; tolerate an already-decoded object.
    arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  })
  .loose();

/**
 * Maps a `conversation.item.done` item of type `function_call` (V2): `background_agent` →
 * handoff_requested, `remain_silent` → noop_requested, `task_status`/`cancel_task` → tool_call,
 * any other function → item_done.
 */
export function mapFunctionCallItem(
  eventType: string,
  item: z.infer<typeof ItemSchema>,
): ParseResult {
  const parsed = FunctionCallSchema.safeParse(item);
  if (!parsed.success) {
    return problem(
      'bad_fields',
      eventType,
      `function_call item: ${describeZodError(parsed.error)}`,
    );
  }
  const call = parsed.data;
  const args =
    typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {});
  const itemId = call.id ?? null;
  const callId = call.call_id ?? call.id ?? null;
  const known = Object.values<string>(TOOL_NAMES).includes(call.name);
  if (known && callId === null) {
    return problem('bad_fields', eventType, `function_call "${call.name}" has no call_id or id`);
  }
  switch (call.name) {
    case TOOL_NAMES.backgroundAgent:
      return events({
        type: 'handoff_requested',
        handoffId: callId ?? '',
        itemId,
        inputTranscript: extractHandoffInput(args),
      });
    case TOOL_NAMES.remainSilent:
      return events({ type: 'noop_requested', callId: callId ?? '', itemId });
    case TOOL_NAMES.taskStatus:
    case TOOL_NAMES.cancelTask:
      return events({
        type: 'tool_call',
        name: call.name,
        callId: callId ?? '',
        itemId,
        arguments: args,
      });
    default:
      return events({ type: 'item_done', item: toItem(item) });
  }
}

/**
 * The user's request from `background_agent` arguments: the first non-empty string among
 * `prompt`, `input`, `input_transcript`, `text`, `query` (trimmed); for an object with none of
 * those, its first non-empty string value (a model that names the field differently still
 * delegates its words); for arguments that are not a JSON object, the raw string (a JSON
 * string literal is unquoted). Empty when nothing usable is there.
 */
export function extractHandoffInput(args: string): string {
  const raw = args.trim();
  if (raw === '') return '';
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return raw;
  }
  if (typeof value === 'string') return value.trim();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return raw;
  const record = value as Record<string, unknown>;
  for (const key of INPUT_KEYS) {
    const candidate = record[key];
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim();
  }
  for (const candidate of Object.values(record)) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim();
  }
  return '';
}
