import { describe, expect, it } from 'vitest';
import { resolveVoice } from '../../../main/realtime/voices';
import { DEFAULT_VOICE, VOICES, voicesFor } from '../../../preload/schemas/voices';

describe('voices', () => {
  it('lists the spec voices per version', () => {
    expect([...VOICES.v1]).toEqual([
      'juniper',
      'maple',
      'spruce',
      'ember',
      'vale',
      'breeze',
      'arbor',
      'sol',
      'cove',
    ]);
    expect([...VOICES.v2]).toEqual([
      'alloy',
      'ash',
      'ballad',
      'coral',
      'echo',
      'sage',
      'shimmer',
      'verse',
      'marin',
      'cedar',
    ]);
    expect(voicesFor('v1')).toBe(VOICES.v1);
    expect(voicesFor('v2')).toBe(VOICES.v2);
  });

  it('defaults: cove for V1, marin for V2 and Live', () => {
    expect(DEFAULT_VOICE).toEqual({ v1: 'cove', v2: 'marin', live: 'marin' });
    expect(resolveVoice('v1')).toEqual({ ok: true, voice: 'cove' });
    expect(resolveVoice('v2', null)).toEqual({ ok: true, voice: 'marin' });
    expect(resolveVoice('v2', '  ')).toEqual({ ok: true, voice: 'marin' });
  });

  it('accepts a supported voice, trimmed and case-insensitive', () => {
    expect(resolveVoice('v2', 'Cedar ')).toEqual({ ok: true, voice: 'cedar' });
    expect(resolveVoice('v1', 'juniper')).toEqual({ ok: true, voice: 'juniper' });
  });

  it('rejects a voice of the other version, listing the supported ones', () => {
    const result = resolveVoice('v1', 'marin');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('unsupported_voice');
    expect(result.error.message).toContain('"marin"');
    expect(result.error.message).toContain('V1');
    for (const voice of VOICES.v1) expect(result.error.message).toContain(voice);
  });

  it('rejects an unknown V2 voice with the V2 list', () => {
    const result = resolveVoice('v2', 'cove');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain(VOICES.v2.join(', '));
  });

  it('Live: the SDK list, every V2 voice among them, marin by default', () => {
    expect(voicesFor('live')).toBe(VOICES.live);
    expect(VOICES.live).toHaveLength(31);
    for (const voice of VOICES.v2) expect(resolveVoice('live', voice)).toEqual({ ok: true, voice });
    expect(resolveVoice('live', 'Meridian')).toEqual({ ok: true, voice: 'meridian' });
    expect(resolveVoice('live', null)).toEqual({ ok: true, voice: 'marin' });
  });

  it('Live: a name the SDK does not list is refused with the list', () => {
    const result = resolveVoice('live', 'cove');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain('"cove" is not available with the Live protocol');
    expect(result.error.message).toContain('willow');
    expect(result.error.message).toContain('(default marin)');
  });
});
