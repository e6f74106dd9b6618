import { realtimeUrlProblem } from '../../preload/schemas/realtime-url';
import type { ProtocolVersion } from './realtime-events';

/** Everything needed to open the realtime WebSocket. */
export interface RealtimeEndpoint {
  /** `ws:` or `wss:` URL with the normalised path and the query. */
  url: string;
  /** Handshake headers: Bearer auth, the local session id, and the V1 alpha header. */
  headers: Record<string, string>;
}

/** Input of {@link buildRealtimeEndpoint}. */
export interface EndpointOptions {
  baseUrl: string;
  protocol: ProtocolVersion;
  model: string;
  apiKey: string;
  /** Local session id sent as `x-session-id`. */
  sessionId: string;
}

/** Why an endpoint could not be built; `message` is meant for the user. */
export interface EndpointConfigError {
  kind: 'invalid_url' | 'unsupported_scheme' | 'missing_model' | 'missing_api_key';
  message: string;
}

/** Result of {@link buildRealtimeEndpoint}: configuration errors are values, not throws. */
export type EndpointResult =
  { ok: true; endpoint: RealtimeEndpoint } | { ok: false; error: EndpointConfigError };

const SCHEMES: Record<string, 'ws:' | 'wss:'> = {
  'http:': 'ws:',
  'https:': 'wss:',
  'ws:': 'ws:',
  'wss:': 'wss:',
};

/**
 * Builds the realtime WebSocket URL and headers from the base URL setting:
 * path normalised to `…/v1/realtime`, scheme mapped to ws/wss, V1 `intent=quicksilver` then
 * `model` appended after any query the base URL already has (an existing `model`, and for V1
 * an existing `intent`, is replaced rather than duplicated). The fragment is dropped.
 */
export function buildRealtimeEndpoint(options: EndpointOptions): EndpointResult {
  const url = parseBaseUrl(options.baseUrl);
  if (!url.ok) return url;
  const model = options.model.trim();
  if (model === '') {
    return fail('missing_model', 'No realtime model is configured.');
  }
  const apiKey = options.apiKey.trim();
  if (apiKey === '') {
    return fail('missing_api_key', 'No API key is configured for the realtime connection.');
  }
  const target = url.value;
  target.pathname = normaliseRealtimePath(target.pathname);
  target.hash = '';
  const query = new URLSearchParams(target.search);
  query.delete('model');
  if (options.protocol === 'v1') {
    query.delete('intent');
    query.append('intent', 'quicksilver');
  }
  query.append('model', model);
  target.search = query.toString();

  const headers: Record<string, string> = {
    Authorization: `Bearer ${apiKey}`,
    'x-session-id': options.sessionId,
  };
  if (options.protocol === 'v1') headers['openai-alpha'] = 'quicksilver=v1';
  return { ok: true, endpoint: { url: target.toString(), headers } };
}

/**
 * Path rules: empty or `/` → `/v1/realtime`; `…/realtime` kept; `…/realtime/`
 * loses the slash; `…/v1` or `…/v1/` gets `realtime` appended; any other path is kept as is
 * (e.g. a proxy or Azure deployment path).
 */
export function normaliseRealtimePath(path: string): string {
  if (path === '' || path === '/') return '/v1/realtime';
  if (path.endsWith('/realtime')) return path;
  if (path.endsWith('/realtime/')) return path.slice(0, -1);
  if (path.endsWith('/v1')) return `${path}/realtime`;
  if (path.endsWith('/v1/')) return `${path}realtime`;
  return path;
}

type Parsed = { ok: true; value: URL } | { ok: false; error: EndpointConfigError };

function parseBaseUrl(raw: string): Parsed {
  const problem = realtimeUrlProblem(raw);
  if (problem) return fail(problem.kind, problem.message);
  const url = new URL(raw.trim());
  url.protocol = SCHEMES[url.protocol]!;
  return { ok: true, value: url };
}

function fail(
  kind: EndpointConfigError['kind'],
  message: string,
): { ok: false; error: EndpointConfigError } {
  return { ok: false, error: { kind, message } };
}
