import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Random } from '../../bench/seeded-random';
import { listInvokes } from '../../preload/contract';

/** The seed of a fuzz run: `PARLEY_FUZZ_SEED` when set (a number, or `random`), else `fallback`. */
export function fuzzSeed(fallback: number): number {
  const raw = process.env.PARLEY_FUZZ_SEED;
  if (raw === 'random') return Math.floor(Math.random() * 2 ** 32);
  if (raw !== undefined && raw !== '') {
    const seed = Number(raw);
    if (!Number.isInteger(seed)) throw new Error(`PARLEY_FUZZ_SEED must be an integer or "random"`);
    return seed >>> 0;
  }
  return fallback;
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
};

/** One invoke of the contract as the fuzzer sees it. */
export interface FuzzTarget {
  channel: string;
  request: z.ZodType;
  /** The invoke takes no payload. */
  empty: boolean;
  schema: JsonSchema;
}

/** Every invoke of the contract (new ones included), with its request as a JSON schema. */
export function fuzzTargets(): FuzzTarget[] {
  return listInvokes().map(({ channel, request }) => {
    const empty = request.safeParse(undefined).success && !request.safeParse({}).success;
    const schema = empty
      ? {}
      : (z.toJSONSchema(request, { unrepresentable: 'any', io: 'input' }) as JsonSchema);
    return { channel, request, empty, schema };
  });
}

/** A value that fits `schema` (optional fields sometimes left out). */
export function sampleOf(schema: JsonSchema, random: Random, depth = 0): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return random.pick(schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.length) return sampleOf(random.pick(union), random, depth);
  const type = Array.isArray(schema.type) ? random.pick(schema.type) : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || random.chance(0.5)) {
          out[key] = sampleOf(field, random, depth + 1);
        }
      }
      return out;
    }
    case 'string': {
      const min = Math.max(1, schema.minLength ?? 0);
      const max = Math.min(schema.maxLength ?? 40, min + 40);
      return 'x'.repeat(random.int(min, Math.max(min, max)));
    }
    case 'integer':
    case 'number':
      return random.int(Math.ceil(schema.minimum ?? 0), Math.floor(schema.maximum ?? 1000));
    case 'boolean':
      return random.chance(0.5);
    case 'null':
      return null;
    case 'array':
      return depth > 4 || !schema.items
        ? []
        : Array.from({ length: schema.minItems ?? 1 }, () =>
            sampleOf(schema.items!, random, depth + 1),
          );
    default:
      return null;
  }
}

/** The ways a payload is broken. */
export const MUTATIONS = [
  'wrong_type',
  'missing_field',
  'extra_field',
  'huge_string',
  'deep_nesting',
  'prototype_keys',
  'odd_value',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** Limits of a mutation: what the carrier can hold. */
export interface MutateOptions {
  /** Only values JSON can carry (the browser host's socket). */
  json: boolean;
  /** Longest generated string. */
  hugeChars: number;
}

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** A broken copy of `seed`: the chosen mutation applied at a random place in it. */
export function mutate(
  seed: unknown,
  mutation: Mutation,
  random: Random,
  options: MutateOptions,
): unknown {
  switch (mutation) {
    case 'wrong_type':
      return replaceAt(seed, random, () => wrongTyped(random, options));
    case 'missing_field':
      return removeAt(seed, random);
    case 'extra_field':
      return addField(seed, random, `extra_${random.int(0, 999)}`, wrongTyped(random, options));
    case 'huge_string': {
      const huge = 'A'.repeat(random.int(options.hugeChars / 4, options.hugeChars));
      return random.chance(0.3)
        ? addField(seed, random, huge, 1)
        : replaceAt(seed, random, () => huge);
    }
    case 'deep_nesting':
      return replaceAt(seed, random, () =>
        nested(random.int(100, options.json ? 1_000 : 5_000), random),
      );
    case 'prototype_keys': {
      const key = random.pick(PROTOTYPE_KEYS);
      // Built from JSON text so `__proto__` is an own key, as a parser hands it over.
      const bait = JSON.parse(`{"${key}":{"polluted":true,"pressed":true,"text":"x"}}`) as object;
      return random.chance(0.5) ? bait : addField(seed, random, key, { polluted: true });
    }
    case 'odd_value':
      return replaceAt(seed, random, () => oddValue(random, options));
  }
}

/** One of `items`, `undefined` included (Random.pick refuses to return undefined). */
function anyOf(random: Random, items: readonly unknown[]): unknown {
  return items[random.int(0, items.length - 1)];
}

function wrongTyped(random: Random, options: MutateOptions): unknown {
  return anyOf(random, [
    0,
    -1,
    1e308,
    '',
    ' ',
    'x',
    true,
    false,
    null,
    [],
    {},
    [1, 'a', null],
    { a: { b: { c: 1 } } },
    ...(options.json ? [] : [undefined]),
  ]);
}

function oddValue(random: Random, options: MutateOptions): unknown {
  const json: unknown[] = ['\u0000', '\ud800', '\u202e', 'é'.repeat(50), '💥'.repeat(100), -0];
  if (options.json) return anyOf(random, json);
  // What Electron's structured clone can carry besides JSON.
  return anyOf(random, [
    ...json,
    NaN,
    Infinity,
    -Infinity,
    10n ** 30n,
    new Date(0),
    new Map([['text', 'x']]),
    new Set(['x']),
    new Uint8Array([1, 2, 3]),
    new ArrayBuffer(8),
    /x/g,
    Object.create(null) as object,
    // eslint-disable-next-line no-sparse-arrays
    [, , 1],
  ]);
}

function nested(depth: number, random: Random): unknown {
  let value: unknown = 'bottom';
  const asArray = random.chance(0.5);
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

/** Paths to every value inside `value` (the root is `[]`). */
function pathsOf(value: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  out.push(prefix);
  if (value && typeof value === 'object' && !Array.isArray(value) && prefix.length < 4) {
    for (const key of Object.keys(value)) {
      pathsOf((value as Record<string, unknown>)[key], [...prefix, key], out);
    }
  }
  return out;
}

function cloneObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? { ...(value as Record<string, unknown>) }
    : {};
}

function replaceAt(seed: unknown, random: Random, make: () => unknown): unknown {
  const path = random.pick(pathsOf(seed));
  if (path.length === 0) return make();
  const root = structuredCloneJson(seed);
  let at = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[path.at(-1)!] = make();
  return root;
}

function removeAt(seed: unknown, random: Random): unknown {
  const paths = pathsOf(seed).filter((p) => p.length > 0);
  // Nothing to leave out of a payload that is nothing: send an envelope without its fields.
  if (paths.length === 0) return seed === undefined ? {} : undefined;
  const path = random.pick(paths);
  const root = structuredCloneJson(seed);
  let at = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  delete at[path.at(-1)!];
  return root;
}

function addField(seed: unknown, random: Random, key: string, value: unknown): unknown {
  const out = cloneObject(seed);
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return random.chance(0.1) ? [out] : out;
}

/** A deep copy of a sample (samples are plain JSON). */
function structuredCloneJson(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

const STACK_FRAME = /\n\s+at\s|[\w./\\-]+\.(?:ts|js|mjs|cjs|vue):\d+|node:internal/;
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Whether `text` reveals main's insides: a stack frame, a source file, Node internals. */
export function revealsInternals(text: string): boolean {
  return STACK_FRAME.test(text) || text.includes(REPO_ROOT);
}
