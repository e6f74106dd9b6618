/** The voices each realtime protocol accepts: the one list the settings view and main use. */
import type { Protocol } from './settings';

/** Voices per protocol, in the order the settings view offers them. */
export const VOICES = {
  v1: ['juniper', 'maple', 'spruce', 'ember', 'vale', 'breeze', 'arbor', 'sol', 'cove'],
  v2: ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'],
  /** The Live API's built-in voices as OpenAI's SDK lists them (every V2 voice among them). */
  live: [
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
  ],
} as const satisfies Record<Protocol, readonly string[]>;

/** Voice used when none is configured, per protocol. */
export const DEFAULT_VOICE: Readonly<Record<Protocol, string>> = {
  v1: 'cove',
  v2: 'marin',
  live: 'marin',
};

/** The voices a protocol accepts. */
export function voicesFor(protocol: Protocol): readonly string[] {
  return VOICES[protocol];
}

/** How messages name a protocol. */
export function protocolName(protocol: Protocol): string {
  return protocol === 'live' ? 'Live' : `${protocol.toUpperCase()} realtime`;
}

/**
 * Why `voice` cannot be used with `protocol` (a sentence listing the choices), or null when it
 * can: blank means the protocol's default; matching is trimmed and case-insensitive.
 */
export function voiceProblem(protocol: Protocol, voice: string | null | undefined): string | null {
  const wanted = (voice ?? '').trim().toLowerCase();
  const voices = voicesFor(protocol);
  if (wanted === '' || voices.includes(wanted)) return null;
  const shown = JSON.stringify(wanted.length > 60 ? `${wanted.slice(0, 60)}…` : wanted);
  return (
    `The voice ${shown} is not available with the ${protocolName(protocol)} ` +
    `protocol; supported voices: ${voices.join(', ')} (default ${DEFAULT_VOICE[protocol]}).`
  );
}
