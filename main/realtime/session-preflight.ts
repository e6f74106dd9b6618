import { buildRealtimeEndpoint, resolveModel, type RealtimeEndpoint } from './endpoint';
import { SessionPreflightError, type SessionStartConfig } from './session-types';
import { resolveVoice } from './voices';

/**
 * Everything that would make a connection fail, checked before one is attempted (scenario
 * 16): the key, the voice for the protocol version, the URL. Returns the config with the
 * voice and model resolved and the endpoint of the first connection.
 */
export function preflightSession(
  config: SessionStartConfig,
  newSessionId: () => string,
): { resolved: SessionStartConfig; endpoint: RealtimeEndpoint } {
  if (!config.apiKey?.trim()) {
    throw new SessionPreflightError(
      'No API key: set OPENAI_API_KEY or enter a key in Settings.',
      'missing_api_key',
    );
  }
  const voice = resolveVoice(config.protocol, config.voice);
  if (!voice.ok) throw new SessionPreflightError(voice.error.message, 'unsupported_voice');
  const resolved = {
    ...config,
    voice: voice.voice,
    model: resolveModel(config.protocol, config.model),
  };
  return { resolved, endpoint: buildSessionEndpoint(resolved, newSessionId) };
}

/** URL and headers of one connection; each connection gets a fresh local session id. */
export function buildSessionEndpoint(
  config: SessionStartConfig,
  newSessionId: () => string,
): RealtimeEndpoint {
  const result = buildRealtimeEndpoint({
    baseUrl: config.baseUrl,
    protocol: config.protocol,
    model: config.model,
    apiKey: config.apiKey ?? '',
    sessionId: newSessionId(),
  });
  if (!result.ok) {
    const kind = result.error.kind;
    throw new SessionPreflightError(
      result.error.message,
      kind === 'missing_api_key' ? 'missing_api_key' : kind,
    );
  }
  return result.endpoint;
}

/** Instructions for a reconnect: the original ones plus a bounded recap of what happened. */
export function withRecap(instructions: string, recap: string | undefined): string {
  if (!recap?.trim()) return instructions;
  return `${instructions}\n\n# Before the connection dropped\n${recap.trim()}`;
}
