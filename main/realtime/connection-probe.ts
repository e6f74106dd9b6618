import type { Clock, TimerHandle } from '../base/clock';
import { buildRealtimeEndpoint, type RealtimeEndpoint } from './endpoint';
import { parseV1 } from './parse-v1';
import { parseV2 } from './parse-v2';
import type { Protocol } from '../../preload/schemas/settings';
import { SessionPreflightError } from './session-types';
import type { RealtimeTransport } from './transport';

/** How long an open socket is watched for a refusal (an error event or a close) [ms]. */
export const PROBE_SETTLE_MS = 1500;

/** The server accepted the socket, then refused the session (an `error` event or a close). */
export class SessionRefusedError extends Error {
  override readonly name = 'SessionRefusedError';

  constructor(
    message: string,
    /** The server's error code (e.g. `invalid_api_key`), or the close code as text. */
    readonly code: string | null,
  ) {
    super(message);
  }
}

/** What to try. */
export interface ProbeConfig {
  baseUrl: string;
  protocol: Protocol;
  model: string;
  apiKey: string | null;
}

/** What a probe found: connected (and closed again), or the error that stopped it. */
export type ProbeOutcome =
  | { connected: true; ms: number; endpoint: string }
  | { connected: false; error: unknown; endpoint: string };

/**
 * Opens one realtime session the way a conversation would, watches it briefly for a refusal,
 * and closes it: "test connection". Failures are values: a {@link SessionPreflightError} when
 * the settings cannot make a URL, the transport's connect error, or {@link SessionRefusedError}.
 */
export async function probeRealtime(input: {
  config: ProbeConfig;
  createTransport: (endpoint: RealtimeEndpoint) => RealtimeTransport;
  clock: Clock;
  settleMs?: number;
}): Promise<ProbeOutcome> {
  const { config, clock } = input;
  const built = buildRealtimeEndpoint({
    baseUrl: config.baseUrl,
    protocol: config.protocol,
    model: config.model,
    apiKey: config.apiKey ?? '',
    sessionId: 'parley-connection-test',
  });
  const shown = showEndpoint(config.baseUrl, built.ok ? built.endpoint.url : null);
  if (!built.ok) {
    return {
      connected: false,
      error: new SessionPreflightError(built.error.message, built.error.kind),
      endpoint: shown,
    };
  }
  const transport = input.createTransport(built.endpoint);
  const started = clock.now();
  try {
    await transport.connect();
  } catch (error) {
    transport.dispose();
    return { connected: false, error, endpoint: shown };
  }
  const ms = Math.max(0, clock.now() - started);
  const refusal = await watchForRefusal(transport, config.protocol, clock, input.settleMs);
  transport.dispose();
  if (refusal) return { connected: false, error: refusal, endpoint: shown };
  return { connected: true, ms, endpoint: shown };
}

/** Resolves with the server's refusal, or null once it said something else or stayed quiet. */
function watchForRefusal(
  transport: RealtimeTransport,
  protocol: Protocol,
  clock: Clock,
  settleMs = PROBE_SETTLE_MS,
): Promise<SessionRefusedError | null> {
  const parse = protocol === 'v1' ? parseV1 : parseV2;
  return new Promise((resolve) => {
    const offs: (() => void)[] = [];
    let timer: TimerHandle | null = null;
    const finish = (result: SessionRefusedError | null): void => {
      if (timer !== null) clock.clearTimeout(timer);
      for (const off of offs.splice(0)) off();
      resolve(result);
    };
    timer = clock.setTimeout(() => finish(null), settleMs);
    offs.push(
      transport.on('message', (text) => {
        const parsed = parse(text);
        const error = parsed.ok ? parsed.events.find((e) => e.type === 'error') : undefined;
        finish(error?.type === 'error' ? new SessionRefusedError(error.message, error.code) : null);
      }),
      transport.on('close', (close) =>
        finish(
          new SessionRefusedError(
            `The server closed the session at once (code ${close.code ?? 'unknown'}${close.detail ? `: ${close.detail}` : ''}).`,
            close.code === null ? null : String(close.code),
          ),
        ),
      ),
    );
  });
}

/** The URL tried, as shown to the user: without its query (it may carry a key). */
function showEndpoint(baseUrl: string, url: string | null): string {
  const text = url ?? baseUrl.trim();
  return text.split('?')[0] ?? text;
}
