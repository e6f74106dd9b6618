import { describe, expect, it } from 'vitest';
import { createRedactor, redact, redactValue } from '../../../main/base/redaction';

describe('redact: key shapes', () => {
  it.each([
    ['a key as OpenAI prints it masked', 'Incorrect API key provided: sk-proj-ab**********wxyz.'],
    ['a short masked key', 'Incorrect API key provided: sk-abc1*****************wxyz'],
    ['a realtime ephemeral secret', 'client secret ek_68af1b2c3d4e5f6a7b8c9d0e'],
    ['an Azure api-key header', 'api-key: 0123456789abcdef0123456789abcdef'],
    ['an apiKey JSON field', '{"apiKey":"proxy-0123456789"}'],
    ['an api_key query value', 'https://proxy.example/v1?api_key=zz9-plural-z-alpha'],
  ])('removes %s', (_name, text) => {
    const out = redact(text);
    expect(out).toContain('[redacted]');
    expect(out).not.toMatch(/wxyz|ek_68af|0123456789|zz9-plural/);
  });

  it('keeps the name of a redacted field', () => {
    expect(redact('api-key: 0123456789abcdef')).toBe('api-key: [redacted]');
    expect(redact('{"apiKey":"proxy-0123456789"}')).toBe('{"apiKey":"[redacted]"}');
  });

  it('leaves fields that merely mention keys alone', () => {
    const text = '{"apiKey":{"source":"env"}} api-key missing; risk-assessment sk-';
    expect(redact(text)).toBe(text);
  });

  it('removes a known secret as it appears inside JSON text too', () => {
    const secret = 'odd"secret\\value';
    const line = JSON.stringify({ message: `echo ${secret}` });
    expect(redact(line, [secret])).toBe('{"message":"echo [redacted]"}');
  });
});

describe('redactValue', () => {
  const upper = (s: string): string => s.replace(/secret/g, 'XXXXXX');

  it('redacts every string, keys included, and returns a copy', () => {
    const value = { a: 'a secret', list: ['secret', 1, null, true], nested: { secret: 'ok' } };
    expect(redactValue(value, upper)).toEqual({
      a: 'a XXXXXX',
      list: ['XXXXXX', 1, null, true],
      nested: { XXXXXX: 'ok' },
    });
    expect(value.a).toBe('a secret');
  });

  it('returns the very value when nothing changed', () => {
    const value = { a: 'fine', list: [{ b: 'fine' }] };
    expect(redactValue(value, upper)).toBe(value);
  });

  it('keeps a __proto__ key an own key, never a prototype', () => {
    const value = JSON.parse('{"__proto__":{"polluted":"secret"}}') as object;
    const out = redactValue(value, upper) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('leaves non-plain objects alone and refuses a cycle', () => {
    const bytes = new Uint8Array([1, 2]);
    expect(redactValue({ bytes }, upper).bytes).toBe(bytes);
    const cycle: Record<string, unknown> = { text: 'secret' };
    cycle.self = cycle;
    expect(() => redactValue(cycle, upper)).toThrow(RangeError);
  });

  it('recounts a character offset on the redacted text', () => {
    const entry = { text: 'use sk-abcdefghijklmnop then stop', heardChars: 28 };
    const out = redactValue(entry, (s) => redact(s), { heardChars: 'text' });
    expect(out.text).toBe('use [redacted] then stop');
    expect(out.text.slice(0, out.heardChars)).toBe('use [redacted] then');
  });
});

describe('createRedactor', () => {
  it('reads the known secrets at each call', () => {
    const known: string[] = [];
    const redactor = createRedactor(() => known);
    expect(redactor.text('my proxy-pass-1')).toBe('my proxy-pass-1');
    known.push('proxy-pass-1');
    expect(redactor.text('my proxy-pass-1')).toBe('my [redacted]');
    expect(redactor.value({ error: 'bad proxy-pass-1' })).toEqual({ error: 'bad [redacted]' });
  });
});
