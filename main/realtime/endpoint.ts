import type { Protocol } from '../../preload/schemas/settings';
import { DEFAULT_MODELS } from '../../preload/schemas/settings';
import { realtimeUrlProblem } from '../../preload/schemas/realtime-url';

/** Everything needed to open the realtime WebSocket. */
export interface RealtimeEndpoint {
  /** `ws:` or `wss:` URL with the normalised path and the query. */
  url: string;
  /** Handshake headers: Bearer auth, the local session id (not Live), the V1 alpha header. */
  headers: Record<string, string>;
}

/** Input of {@link buildRealtimeEndpoint}. */
export interface EndpointOptions {
  baseUrl: string;
  protocol: Protocol;
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
 * The model a session asks for: the configured one, or the protocol's default when it is blank
 * or is the other family's default (settings keep one model, and switching protocol must not
 * send a Realtime model to the Live API or the reverse).
 */
export function resolveModel(protocol: Protocol, model: string): string {
  const wanted = model.trim();
  const fallback = DEFAULT_MODELS[protocol];
  const otherDefault = protocol === 'live' ? DEFAULT_MODELS.v2 : DEFAULT_MODELS.live;
  return wanted === '' || wanted === otherDefault ? fallback : wanted;
}

/**
 * Builds the realtime WebSocket URL and headers from the base URL setting. Live: path
 * normalised to `…/v1/live/sessions`, no query added, Bearer auth only. V1/V2:
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
  target.hash = '';
  if (options.protocol === 'live') {
    // Live takes no query and no header besides the key; an existing query (a proxy's) stays.
    target.pathname = normaliseLivePath(target.pathname);
    const headers = { Authorization: `Bearer ${apiKey}` };
    return { ok: true, endpoint: { url: target.toString(), headers } };
  }
  target.pathname = normaliseRealtimePath(target.pathname);
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

/**
 * Live path rules: empty or `/` → `/v1/live/sessions`; `…/live/sessions` kept; a trailing
 * slash dropped; `…/v1` or `…/v1/` (also Azure's `…/openai/v1`) gets `live/sessions`
 * appended; any other path is kept as is (a proxy).
 */
export function normaliseLivePath(path: string): string {
  if (path === '' || path === '/') return '/v1/live/sessions';
  if (path.endsWith('/live/sessions')) return path;
  if (path.endsWith('/live/sessions/')) return path.slice(0, -1);
  if (path.endsWith('/v1')) return `${path}/live/sessions`;
  if (path.endsWith('/v1/')) return `${path}live/sessions`;
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
