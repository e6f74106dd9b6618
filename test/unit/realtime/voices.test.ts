import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VOICES,
  resolveVoice,
  supportedVoices,
  V1_VOICES,
  V2_VOICES,
  LIVE_VOICES,
} from '../../../main/realtime/voices';

describe('voices', () => {
  it('lists the spec voices per version', () => {
    expect([...V1_VOICES]).toEqual([
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
    expect([...V2_VOICES]).toEqual([
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
    expect(supportedVoices('v1')).toBe(V1_VOICES);
    expect(supportedVoices('v2')).toBe(V2_VOICES);
  });

  it('defaults: cove for V1, marin for V2 and Live', () => {
    expect(DEFAULT_VOICES).toEqual({ v1: 'cove', v2: 'marin', live: 'marin' });
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
    for (const voice of V1_VOICES) expect(result.error.message).toContain(voice);
  });

  it('rejects an unknown V2 voice with the V2 list', () => {
    const result = resolveVoice('v2', 'cove');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain(V2_VOICES.join(', '));
  });

  it('Live: the SDK list, every V2 voice among them, marin by default', () => {
    expect(supportedVoices('live')).toBe(LIVE_VOICES);
    expect(LIVE_VOICES).toHaveLength(31);
    for (const voice of V2_VOICES) expect(resolveVoice('live', voice)).toEqual({ ok: true, voice });
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
