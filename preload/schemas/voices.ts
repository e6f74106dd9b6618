/** The voices each realtime protocol accepts: the one list the settings view and main use. */
import type { Protocol } from './settings';

/** Voices per protocol, in the order the settings view offers them. */
export const VOICES = {
  v1: ['juniper', 'maple', 'spruce', 'ember', 'vale', 'breeze', 'arbor', 'sol', 'cove'],
  v2: ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'],
} as const satisfies Record<Protocol, readonly string[]>;

/** Voice used when none is configured, per protocol. */
export const DEFAULT_VOICE: Readonly<Record<Protocol, string>> = { v1: 'cove', v2: 'marin' };

/** The voices a protocol accepts. */
export function voicesFor(protocol: Protocol): readonly string[] {
  return VOICES[protocol];
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
    `The voice ${shown} is not available with the ${protocol.toUpperCase()} realtime ` +
    `protocol; supported voices: ${voices.join(', ')} (default ${DEFAULT_VOICE[protocol]}).`
  );
}
