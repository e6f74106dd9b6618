import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/**
 * The JSON schemas of the Live API's eleven client events (hand-translated from OpenAI's SDK
 * types; objects allow no unknown fields), compiled once with their shared definitions.
 */
interface SchemaFile {
  schemas: Record<string, Record<string, unknown>>;
  definitions: Record<string, unknown>;
}

const file = JSON.parse(
  readFileSync(new URL('../fixtures/openai-live-client-events.json', import.meta.url), 'utf8'),
) as SchemaFile;

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validators = new Map<string, ValidateFunction>(
  Object.entries(file.schemas).map(([type, schema]) => [
    type,
    ajv.compile({ ...schema, definitions: file.definitions }),
  ]),
);

/** Every client event type of the Live API. */
export const LIVE_CLIENT_EVENT_TYPES: readonly string[] = [...validators.keys()];

/** Null when `event` is a valid Live client event, else what is wrong with it (one line). */
export function liveClientEventProblem(event: unknown): string | null {
  const type =
    typeof event === 'object' && event !== null ? (event as { type?: unknown }).type : undefined;
  if (typeof type !== 'string') return 'not an object with a string "type"';
  const validate = validators.get(type);
  if (!validate) return `"${type}" is not a Live client event`;
  if (validate(event)) return null;
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(event)'} ${e.message ?? ''}${paramsOf(e.params)}`)
    .join('; ');
}

function paramsOf(params: Record<string, unknown>): string {
  const extra = params.additionalProperty ?? params.allowedValues ?? params.missingProperty;
  return extra === undefined ? '' : ` (${JSON.stringify(extra)})`;
}
