import type { ConnectionCheck, ConnectionCheckRequest } from '../../preload/schemas/checks';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { errorMessage } from '../base/result';
import { probeRealtime } from '../realtime/connection-probe';
import type { RealtimeEndpoint } from '../realtime/endpoint';
import type { RealtimeTransport } from '../realtime/transport';
import { explainFailure } from './explain-failure';
import type { SettingsService } from './settings-service';

/** What "test connection" uses: the app's own transport factory and settings. */
export interface ConnectionTestDeps {
  settings: SettingsService;
  createTransport: (endpoint: RealtimeEndpoint) => RealtimeTransport;
  clock: Clock;
  log: Logger;
}

/**
 * "Test connection": open a realtime session with the form's values (the saved ones where the
 * form leaves a value out; the stored or environment key when none is typed) and close it
 * again. A failure comes back explained, in the same words a conversation start would use.
 */
export async function testConnection(
  request: ConnectionCheckRequest,
  deps: ConnectionTestDeps,
): Promise<ConnectionCheck> {
  const saved = deps.settings.values;
  const realtimeUrl = request.realtimeUrl ?? saved.realtimeUrl;
  const apiKey = request.apiKey?.trim() || (await deps.settings.apiKey()).key;
  if (request.apiKey?.trim()) deps.settings.knownKeys.add(request.apiKey.trim());
  const outcome = await probeRealtime({
    config: {
      baseUrl: realtimeUrl,
      protocol: request.protocol ?? saved.protocol,
      model: request.model ?? saved.model,
      apiKey,
    },
    createTransport: deps.createTransport,
    clock: deps.clock,
  });
  if (outcome.connected) {
    deps.log('info', 'settings.connection_test', { connected: true, ms: Math.round(outcome.ms) });
    return {
      connected: true,
      ms: Math.round(outcome.ms),
      endpoint: outcome.endpoint,
      problem: null,
    };
  }
  deps.log('info', 'settings.connection_test', {
    connected: false,
    message: errorMessage(outcome.error),
  });
  return {
    connected: false,
    ms: null,
    endpoint: outcome.endpoint,
    problem: explainFailure(outcome.error, { realtimeUrl }),
  };
}
