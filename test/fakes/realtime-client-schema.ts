import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/**
 * The JSON schemas of the GA Realtime client events (from OpenAI's OpenAPI spec), compiled once.
 * The spec's OpenAPI dialect is turned into JSON Schema (component refs, `nullable`, vendor
 * keywords), and objects get `additionalProperties: false` where they list their properties,
 * since the API rejects fields it does not know.
 */
interface SchemaFile {
  schemas: Record<string, unknown>;
}

const file = JSON.parse(
  readFileSync(new URL('../fixtures/openai-realtime-client-events.json', import.meta.url), 'utf8'),
) as SchemaFile;

/** The OpenAPI schema as plain JSON Schema 2020-12. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-') || key === 'discriminator' || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/components/schemas/', '#/$defs/');
    } else if (key === 'properties' && typeof value === 'object' && value !== null) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]),
      );
    } else out[key] = toJsonSchema(value);
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if ((node as Record<string, unknown>).nullable === true)
    return { anyOf: [out, { type: 'null' }] };
  return out;
}

const defs = toJsonSchema(file.schemas) as Record<string, Record<string, unknown>>;
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
const validators = new Map<string, ValidateFunction>();
for (const ref of (defs.RealtimeClientEvent?.anyOf ?? []) as { $ref: string }[]) {
  const name = ref.$ref.replace('#/$defs/', '');
  const schema = defs[name] as { properties?: { type?: { enum?: string[] } } };
  const type = schema.properties?.type?.enum?.[0];
  if (type) validators.set(type, ajv.compile({ $ref: `#/$defs/${name}`, $defs: defs }));
}

/** Every GA Realtime client event type. */
export const REALTIME_CLIENT_EVENT_TYPES: readonly string[] = [...validators.keys()];

/** Null when `event` is a valid GA Realtime client event, else what is wrong with it (one line). */
export function realtimeClientEventProblem(event: unknown): string | null {
  const type =
    typeof event === 'object' && event !== null ? (event as { type?: unknown }).type : undefined;
  if (typeof type !== 'string') return 'not an object with a string "type"';
  const validate = validators.get(type);
  if (!validate) return `"${type}" is not a GA Realtime client event`;
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

/** Each JSON client frame that is not a valid GA Realtime client event, with what is wrong. */
export function invalidClientEvents(
  messages: readonly { json: Record<string, unknown> | null; type: string | null }[],
): string[] {
  return messages.flatMap((m) => {
    const problem = m.json === null ? 'not a JSON object' : realtimeClientEventProblem(m.json);
    return problem === null ? [] : [`${m.type ?? '?'}: ${problem}`];
  });
}
