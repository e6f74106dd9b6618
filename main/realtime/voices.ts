import type { Protocol } from '../../preload/schemas/settings';
import { DEFAULT_VOICE, voiceProblem } from '../../preload/schemas/voices';

/** Result of {@link resolveVoice}: the voice to send, or a message for the user. */
export type VoiceResult =
  | { ok: true; voice: string }
  | { ok: false; error: { kind: 'unsupported_voice'; message: string } };

/**
 * Picks the voice for a session: the protocol's default when `voice` is absent or blank,
 * otherwise the configured voice (case-insensitive, trimmed) if the protocol supports it.
 * An unsupported voice is rejected before connecting with a message listing the choices.
 */
export function resolveVoice(protocol: Protocol, voice?: string | null): VoiceResult {
  const problem = voiceProblem(protocol, voice);
  if (problem) return { ok: false, error: { kind: 'unsupported_voice', message: problem } };
  const wanted = (voice ?? '').trim().toLowerCase();
  return { ok: true, voice: wanted || DEFAULT_VOICE[protocol] };
}
