import { describe, expect, it } from 'vitest';
import {
  AUDIO_WIRE_HEADER_BYTES,
  type AudioMessage,
  decodeAudioMessage,
  encodeAudioMessage,
  fitsWireItemId,
  isMainToRenderer,
  isRendererToMain,
  MAX_ITEM_ID_BYTES,
  MAX_WIRE_PCM_SAMPLES,
} from '../../../preload/audio-wire';

function ramp(n: number, start = -32768): Int16Array {
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = ((start + i * 137) % 65536) - (i % 2 ? 0 : 1);
  return out;
}

function roundTrip(msg: AudioMessage): AudioMessage {
  const decoded = decodeAudioMessage(encodeAudioMessage(msg));
  if (decoded.kind === 'error') throw new Error(decoded.error);
  return decoded;
}

describe('audio wire round trips', () => {
  const cases: AudioMessage[] = [
    { kind: 'capture', pcm: ramp(480) },
    { kind: 'play', itemId: 'item_abc123', pcm: ramp(1200) },
    { kind: 'play', itemId: 'odd', pcm: new Int16Array([32767, -32768, 0, 1, -1]) },
    { kind: 'play', itemId: 'é—ü✓', pcm: ramp(3) },
    { kind: 'item_end', itemId: 'item_1' },
    { kind: 'stop' },
    { kind: 'played', itemId: 'item_1', playedSamples: 0 },
    { kind: 'played', itemId: 'x', playedSamples: 0xffff_ffff },
    { kind: 'underrun', count: 7 },
  ];
  for (const msg of cases) {
    it(`${msg.kind} ${'itemId' in msg ? msg.itemId : ''}`, () => {
      expect(roundTrip(msg)).toEqual(msg);
    });
  }

  it('writes PCM little-endian after an even-aligned header', () => {
    const buf = encodeAudioMessage({ kind: 'play', itemId: 'abc', pcm: new Int16Array([0x0102]) });
    const bytes = new Uint8Array(buf);
    expect(bytes[0]).toBe(0xa7);
    expect(bytes[1]).toBe(2);
    expect(new DataView(buf).getUint16(2, true)).toBe(3);
    // header 8 + id 3 = 11 → one pad byte, PCM at 12
    expect(bytes.length).toBe(14);
    expect([bytes[12], bytes[13]]).toEqual([0x02, 0x01]);
  });

  it('decodes from a view at an odd offset of a larger buffer (a Node Buffer slice)', () => {
    const encoded = new Uint8Array(encodeAudioMessage({ kind: 'capture', pcm: ramp(480) }));
    const big = new Uint8Array(encoded.length + 3);
    big.set(encoded, 1);
    const decoded = decodeAudioMessage(big.subarray(1, 1 + encoded.length));
    expect(decoded).toEqual({ kind: 'capture', pcm: ramp(480) });
  });

  it('decoded PCM owns its buffer (transferable, not a view of the input)', () => {
    const buf = encodeAudioMessage({ kind: 'capture', pcm: ramp(480) });
    const decoded = decodeAudioMessage(buf);
    if (decoded.kind !== 'capture') throw new Error('expected capture');
    expect(decoded.pcm.buffer).not.toBe(buf);
    expect(decoded.pcm.byteOffset).toBe(0);
    expect(decoded.pcm.buffer.byteLength).toBe(960);
  });

  it('encodes a subarray PCM view without leaking the rest of its buffer', () => {
    const whole = ramp(100);
    const decoded = roundTrip({ kind: 'play', itemId: 'i', pcm: whole.subarray(10, 20) });
    expect(decoded).toEqual({ kind: 'play', itemId: 'i', pcm: whole.slice(10, 20) });
  });

  it('sorts kinds by direction', () => {
    expect(isRendererToMain({ kind: 'capture', pcm: ramp(1) })).toBe(true);
    expect(isRendererToMain({ kind: 'stop' })).toBe(false);
    expect(isMainToRenderer({ kind: 'item_end', itemId: 'a' })).toBe(true);
    expect(isMainToRenderer({ kind: 'played', itemId: 'a', playedSamples: 1 })).toBe(false);
  });
});

describe('audio wire rejects malformed input without throwing', () => {
  const valid = new Uint8Array(encodeAudioMessage({ kind: 'play', itemId: 'ab', pcm: ramp(4) }));
  const mutate = (edit: (b: Uint8Array) => Uint8Array | void): Uint8Array => {
    const copy = valid.slice();
    return edit(copy) ?? copy;
  };
  const bad: [string, unknown][] = [
    ['a string', 'hello'],
    ['null', null],
    ['an empty buffer', new ArrayBuffer(0)],
    ['a short header', valid.slice(0, 7)],
    ['a bad magic byte', mutate((b) => void (b[0] = 0x00))],
    ['an unknown kind', mutate((b) => void (b[1] = 99))],
    ['an item id longer than the buffer', mutate((b) => void (b[2] = 200))],
    ['an odd PCM length', valid.slice(0, valid.length - 1)],
    ['no PCM in a play chunk', valid.slice(0, AUDIO_WIRE_HEADER_BYTES + 2)],
    ['a play chunk without item id', mutate((b) => void (b[2] = 0))],
    ['a value on a play chunk', mutate((b) => void (b[4] = 1))],
    ['invalid UTF-8 in the item id', mutate((b) => void (b[8] = 0xff))],
    [
      'trailing bytes after a stop',
      (() => {
        const stop = new Uint8Array(encodeAudioMessage({ kind: 'stop' }));
        const out = new Uint8Array(stop.length + 2);
        out.set(stop);
        return out;
      })(),
    ],
    [
      'a stop with an item id',
      (() => {
        const b = new Uint8Array(encodeAudioMessage({ kind: 'item_end', itemId: 'a' }));
        b[1] = 4;
        return b;
      })(),
    ],
    [
      'too many samples',
      (() => {
        const b = new Uint8Array(AUDIO_WIRE_HEADER_BYTES + (MAX_WIRE_PCM_SAMPLES + 1) * 2);
        b.set([0xa7, 1]);
        return b;
      })(),
    ],
  ];
  for (const [name, input] of bad) {
    it(name, () => {
      const result = decodeAudioMessage(input);
      expect(result.kind).toBe('error');
      expect('error' in result && result.error.length).toBeGreaterThan(0);
    });
  }

  it('survives every truncation of a valid message', () => {
    for (let n = 0; n < valid.length; n++) {
      const result = decodeAudioMessage(valid.slice(0, n));
      // An even cut that keeps at least one sample is a (shorter) valid play chunk.
      const keepsSample = n >= AUDIO_WIRE_HEADER_BYTES + 2 + 2 && n % 2 === 0;
      expect(result.kind).toBe(keepsSample ? 'play' : 'error');
    }
  });
});

describe('audio wire encode misuse throws', () => {
  it('rejects an empty or oversized item id', () => {
    expect(() => encodeAudioMessage({ kind: 'item_end', itemId: '' })).toThrow(RangeError);
    const long = 'x'.repeat(MAX_ITEM_ID_BYTES + 1);
    expect(fitsWireItemId(long)).toBe(false);
    expect(fitsWireItemId('x'.repeat(MAX_ITEM_ID_BYTES))).toBe(true);
    expect(() => encodeAudioMessage({ kind: 'item_end', itemId: long })).toThrow(RangeError);
  });

  it('rejects empty or oversized PCM and bad counters', () => {
    expect(() => encodeAudioMessage({ kind: 'capture', pcm: new Int16Array(0) })).toThrow();
    const huge = new Int16Array(MAX_WIRE_PCM_SAMPLES + 1);
    expect(() => encodeAudioMessage({ kind: 'capture', pcm: huge })).toThrow(RangeError);
    expect(() => encodeAudioMessage({ kind: 'underrun', count: -1 })).toThrow(RangeError);
    expect(() => encodeAudioMessage({ kind: 'played', itemId: 'a', playedSamples: 1.5 })).toThrow(
      RangeError,
    );
  });
});
