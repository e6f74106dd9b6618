import { encodeAudioMessage } from '../../preload/audio-wire';
import type { Random } from '../../bench/seeded-random';
import type { ContractClient } from './contract-client';
import { mutate, MUTATIONS, sampleOf, type FuzzTarget } from './contract-fuzz';

/** One generated payload for `target`: usually broken, sometimes left valid. */
export function payloadFor(target: FuzzTarget, random: Random, json: boolean): unknown {
  const seed = target.empty ? undefined : sampleOf(target.schema, random);
  if (random.chance(0.03)) return seed;
  const mutation = random.pick(MUTATIONS);
  return mutate(seed, mutation, random, { json, hugeChars: json ? 200_000 : 1_000_000 });
}

/** One frame for the contract socket and the answer it must get. */
export interface Frame {
  data: string | Buffer;
  /** `result`: a result with `id`; `error`: a connection.error; `either`: one of them; `none`. */
  answer: 'result' | 'error' | 'either' | 'none';
  id?: number;
  target?: FuzzTarget | null;
  payload?: unknown;
}

let nextId = 1_000_000;

function invokeFrame(random: Random, targets: FuzzTarget[]): Frame {
  const id = nextId++;
  const target = random.chance(0.05) ? null : random.pick(targets);
  const channel = target?.channel ?? random.pick(['app.nope', 'tasks', '__proto__', 'valueOf']);
  const payload = payloadFor(target ?? random.pick(targets), random, true);
  const data = JSON.stringify({ type: 'invoke', id, channel, payload });
  return { data, answer: 'result', id, target, payload };
}

function envelopeFrame(random: Random, targets: FuzzTarget[]): Frame {
  const id = nextId++;
  const base = { type: 'invoke', channel: 'app.info' };
  const kind = random.int(0, 7);
  if (kind === 0)
    return { data: JSON.stringify({ ...base, type: 'call', id }), answer: 'result', id };
  if (kind === 1) return { data: JSON.stringify({ ...base, id: -id }), answer: 'result', id: -id };
  if (kind === 2)
    return { data: JSON.stringify({ ...base, id: id + 0.5 }), answer: 'result', id: id + 0.5 };
  if (kind === 3) {
    const channel = random.pick<unknown>([7, null, ['app.info'], 'x'.repeat(500)]);
    return { data: JSON.stringify({ ...base, id, channel }), answer: 'result', id };
  }
  if (kind === 4) return { data: JSON.stringify(base), answer: 'error' };
  if (kind === 5) {
    const bad = random.pick<unknown>(['1', true, null, {}, [1]]);
    return { data: JSON.stringify({ ...base, id: bad }), answer: 'error' };
  }
  if (kind === 6)
    return {
      data: `{"__proto__":{"id":${id}},"type":"invoke","channel":"app.info"}`,
      answer: 'error',
    };
  // Extra envelope fields are allowed: this one is a valid app.info.
  const target = targets.find((t) => t.channel === 'app.info')!;
  const data = JSON.stringify({ ...base, id, extra: { __proto__: 1 } });
  return { data, answer: 'result', id, target, payload: undefined };
}

function garbageFrame(random: Random): Frame {
  const valid = JSON.stringify({ type: 'invoke', id: nextId++, channel: 'app.info' });
  const texts = [
    '',
    ' ',
    'not json',
    valid.slice(0, random.int(1, valid.length - 1)),
    `\ufeff${valid}`,
    '{"type":"invoke",}',
    "{'type':'invoke'}",
    'NaN',
    Array.from({ length: random.int(1, 200) }, () =>
      String.fromCharCode(random.int(1, 0xd7ff)),
    ).join(''),
  ];
  const scalars = ['null', '0', '-1', '"invoke"', 'true', '[]', '[{"type":"invoke","id":1}]'];
  return random.chance(0.7)
    ? { data: random.pick(texts), answer: 'error' }
    : { data: random.pick(scalars), answer: 'error' };
}

function binaryFrame(random: Random, ready: boolean): Frame {
  if (random.chance(0.5)) {
    const bytes = Buffer.from(
      Array.from({ length: random.int(1, 2_000) }, () => random.int(0, 255)),
    );
    if (bytes[0] === 0xa7) bytes[0] = 0;
    return { data: bytes, answer: 'error' };
  }
  // Audio-shaped: the magic byte, then a real capture frame or garbage.
  const data = random.chance(0.5)
    ? Buffer.from(encodeAudioMessage({ kind: 'capture', pcm: new Int16Array(480) }))
    : Buffer.from([0xa7, ...Array.from({ length: random.int(0, 64) }, () => random.int(0, 255))]);
  return { data, answer: ready ? 'none' : 'error' };
}

function deepFrame(random: Random): Frame {
  const id = nextId++;
  const depth = random.int(1_000, 100_000);
  const [open, close] = random.chance(0.5) ? ['[', ']'] : ['{"a":', '}'];
  const payload = `${open.repeat(depth)}1${close.repeat(depth)}`;
  const data = `{"type":"invoke","id":${id},"channel":"settings.update","payload":${payload}}`;
  // Deep enough JSON makes the parser give up: then there is no id to answer by.
  return { data, answer: 'either', id };
}

/** Sends `frame` and waits for the one answer it must get; returns what came. */
export async function exchange(
  client: ContractClient,
  frame: Frame,
): Promise<Record<string, unknown> | null> {
  const errorsBefore = client.messages.filter((m) => m.event === 'connection.error').length;
  const resultFor = (m: Record<string, unknown>) => m.type === 'result' && m.id === frame.id;
  const newError = () =>
    client.messages.filter((m) => m.event === 'connection.error').length > errorsBefore;
  client.ws.send(frame.data, { binary: Buffer.isBuffer(frame.data) });
  if (frame.answer === 'none') return null;
  if (frame.answer === 'result') return client.waitFor(resultFor);
  if (frame.answer === 'error') {
    await client.waitFor(() => newError());
    return client.messages.filter((m) => m.event === 'connection.error').at(-1)!;
  }
  return client.waitFor((m) => resultFor(m) || newError());
}

/**
 * The next frame of a hostile renderer: most are invokes with broken payloads, the rest broken
 * envelopes, garbage text, binary frames (audio-shaped ones are audio once `ready`) and deep JSON.
 */
export function nextFrame(random: Random, targets: FuzzTarget[], ready: boolean): Frame {
  const roll = random.next();
  if (roll < 0.55) return invokeFrame(random, targets);
  if (roll < 0.7) return envelopeFrame(random, targets);
  if (roll < 0.85) return garbageFrame(random);
  if (roll < 0.97) return binaryFrame(random, ready);
  return deepFrame(random);
}
