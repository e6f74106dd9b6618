import { DEFAULT_VOICE, VOICES, voiceProblem, voicesFor } from '../../preload/schemas/voices';
import type { ProtocolVersion } from './realtime-events';

/** Voices the V1 (quicksilver) protocol accepts. */
export const V1_VOICES = VOICES.v1;

/** Voices the V2 (GA Realtime API) protocol accepts. */
export const V2_VOICES = VOICES.v2;

/** Voice used when none is configured, per protocol version. */
export const DEFAULT_VOICES: Readonly<Record<ProtocolVersion, string>> = DEFAULT_VOICE;

/** The voices a protocol version accepts. */
export function supportedVoices(protocol: ProtocolVersion): readonly string[] {
  return voicesFor(protocol);
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
export function resolveVoice(protocol: ProtocolVersion, voice?: string | null): VoiceResult {
  const problem = voiceProblem(protocol, voice);
  if (problem) return { ok: false, error: { kind: 'unsupported_voice', message: problem } };
  const wanted = (voice ?? '').trim().toLowerCase();
  return { ok: true, voice: wanted || DEFAULT_VOICES[protocol] };
}
