/** The rule for a realtime base URL, shared by the settings schema and the endpoint builder. */

/** Schemes a realtime base URL may use. */
export const REALTIME_URL_SCHEMES = ['http:', 'https:', 'ws:', 'wss:'] as const;

const ACCEPTED = 'http://, https://, ws:// or wss://';

/** Why a realtime base URL cannot be used. */
export interface RealtimeUrlProblem {
  kind: 'invalid_url' | 'unsupported_scheme';
  message: string;
}

/**
 * What is wrong with `raw` as a realtime base URL, in words for the user, or null when it can
 * be used. The URL is quoted without its query (it may carry a key) and bounded in length.
 */
export function realtimeUrlProblem(raw: string): RealtimeUrlProblem | null {
  const text = raw.trim();
  const shown = showUrl(text);
  if (text === '') {
    return {
      kind: 'invalid_url',
      message: `The realtime URL is empty; use a URL starting with ${ACCEPTED}.`,
    };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {
      kind: 'invalid_url',
      message: `The realtime URL ${shown} is not a valid URL; use a URL starting with ${ACCEPTED}.`,
    };
  }
  if (!(REALTIME_URL_SCHEMES as readonly string[]).includes(url.protocol)) {
    const scheme = url.protocol.replace(/:$/, '');
    return {
      kind: 'unsupported_scheme',
      message: `The realtime URL ${shown} uses the unsupported scheme "${scheme}"; accepted schemes are ${ACCEPTED}.`,
    };
  }
  if (url.hostname === '')
    return { kind: 'invalid_url', message: `The realtime URL ${shown} has no host.` };
  return null;
}

/** The URL as shown in messages: quoted, query dropped, length bounded. */
function showUrl(text: string): string {
  const withoutQuery = text.split('?')[0] ?? '';
  const bounded = withoutQuery.length > 200 ? `${withoutQuery.slice(0, 200)}…` : withoutQuery;
  return JSON.stringify(bounded);
}
