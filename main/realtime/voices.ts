import type { Protocol } from '../../preload/schemas/settings';

/** Voices the V1 (quicksilver) protocol accepts. */
export const V1_VOICES = [
  'juniper',
  'maple',
  'spruce',
  'ember',
  'vale',
  'breeze',
  'arbor',
  'sol',
  'cove',
] as const;

/** Voices the V2 (GA Realtime API) protocol accepts. */
export const V2_VOICES = [
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
] as const;

/** Built-in voices of the Live API as OpenAI's SDK lists them (every V2 voice among them). */
export const LIVE_VOICES = [
  'alloy',
  'ash',
  'ballad',
  'beacon',
  'bossa',
  'brise',
  'cedar',
  'cinder',
  'coral',
  'delta',
  'echo',
  'flitz',
  'gleam',
  'harema',
  'juni',
  'marin',
  'meridian',
  'nira',
  'noeul',
  'nuri',
  'quartz',
  'ripple',
  'sage',
  'shimmer',
  'shitan',
  'sillage',
  'stone',
  'tempo',
  'verse',
  'vesper',
  'willow',
] as const;

/** Voice used when none is configured, per protocol version. */
export const DEFAULT_VOICES: Readonly<Record<Protocol, string>> = {
  v1: 'cove',
  v2: 'marin',
  live: 'marin',
};

/** The voices a protocol version accepts. */
export function supportedVoices(protocol: Protocol): readonly string[] {
  if (protocol === 'live') return LIVE_VOICES;
  return protocol === 'v1' ? V1_VOICES : V2_VOICES;
}

/** How messages name a protocol. */
export function protocolName(protocol: Protocol): string {
  return protocol === 'live' ? 'Live' : `${protocol.toUpperCase()} realtime`;
}

/** Result of {@link resolveVoice}: the voice to send, or a message for the user. */
export type VoiceResult =
  | { ok: true; voice: string }
  | { ok: false; error: { kind: 'unsupported_voice'; message: string } };

/**
 * Picks the voice for a session: the version default when `voice` is absent or blank,
 * otherwise the configured voice (case-insensitive, trimmed) if the version supports it.
 * An unsupported voice is rejected before connecting with a message listing the choices.
 */
export function resolveVoice(protocol: Protocol, voice?: string | null): VoiceResult {
  const wanted = (voice ?? '').trim().toLowerCase();
  if (wanted === '') return { ok: true, voice: DEFAULT_VOICES[protocol] };
  const voices = supportedVoices(protocol);
  if (voices.includes(wanted)) return { ok: true, voice: wanted };
  const shown = JSON.stringify(wanted.length > 60 ? `${wanted.slice(0, 60)}…` : wanted);
  return {
    ok: false,
    error: {
      kind: 'unsupported_voice',
      message:
        `The voice ${shown} is not available with the ${protocolName(protocol)} ` +
        `protocol; supported voices: ${voices.join(', ')} (default ${DEFAULT_VOICES[protocol]}).`,
    },
  };
}
