import type { Problem } from '../../preload/schemas/problem';
import type { SettingsFieldName } from '../../preload/schemas/settings';
import { errorMessage } from '../base/result';
import { SessionRefusedError } from '../realtime/connection-probe';
import { SessionPreflightError, type PreflightReason } from '../realtime/session-types';
import { TransportConnectError } from '../realtime/transport';

/** What an explanation may mention: the endpoint the failure was about. */
export interface FailureContext {
  realtimeUrl: string;
}

const settingsFix = (field: SettingsFieldName): Pick<Problem, 'actions' | 'field'> => ({
  actions: ['open_settings'],
  field,
});
const retryFirst: Pick<Problem, 'actions' | 'field'> = {
  actions: ['retry', 'open_settings'],
  field: 'realtimeUrl',
};

const PREFLIGHT_FIELD: Record<PreflightReason, SettingsFieldName> = {
  missing_api_key: 'apiKey',
  unsupported_voice: 'voice',
  invalid_url: 'realtimeUrl',
  unsupported_scheme: 'realtimeUrl',
  missing_model: 'model',
};

/** Error codes of a certificate or TLS failure (Node's and OpenSSL's names). */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;

/** The host (and port) a URL points at, for plain words; the raw text when it does not parse. */
export function endpointHost(realtimeUrl: string): string {
  try {
    return new URL(realtimeUrl.trim()).host || realtimeUrl;
  } catch {
    return realtimeUrl.trim() || 'the realtime server';
  }
}

/** The one problem when no key is configured anywhere. */
export function missingKeyProblem(): Problem {
  return {
    summary:
      'Add an API key to start: enter it in Settings, or set OPENAI_API_KEY before starting Parley.',
    detail: 'No key is stored and OPENAI_API_KEY is not set.',
    ...settingsFix('apiKey'),
  };
}

/**
 * The one place a failure becomes words a person can act on: plain words first, the technical
 * detail after, and what fixes it (a settings field to open, or retry).
 */
export function explainFailure(error: unknown, context: FailureContext): Problem {
  const host = endpointHost(context.realtimeUrl);
  if (error instanceof SessionPreflightError) {
    if (error.reason === 'missing_api_key') return missingKeyProblem();
    return { summary: error.message, detail: null, ...settingsFix(PREFLIGHT_FIELD[error.reason]) };
  }
  if (error instanceof TransportConnectError) return explainConnectError(error, host);
  if (error instanceof SessionRefusedError) return explainRefusal(error, host);
  return {
    summary: `Could not start the conversation: ${errorMessage(error)}`,
    detail: null,
    actions: ['retry'],
    field: null,
  };
}

function explainConnectError(error: TransportConnectError, host: string): Problem {
  const detail = error.message;
  if (error.failure === 'timeout') {
    return {
      summary: `${host} did not answer in time — check your connection, then try again.`,
      detail,
      ...retryFirst,
    };
  }
  if (error.failure === 'http_status' && error.status !== null) {
    return { ...explainStatus(error.status, host), detail };
  }
  const code = error.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return {
      summary: `Could not find ${host} — check your connection or the endpoint in Settings.`,
      detail,
      ...retryFirst,
    };
  }
  if (code === 'ECONNREFUSED') {
    return {
      summary: `Could not reach ${host} — nothing is answering there. Check the endpoint in Settings, or start the server it points to.`,
      detail,
      ...retryFirst,
    };
  }
  if (TLS_CODE.test(code)) {
    return {
      summary: `Could not make a secure connection to ${host}: its certificate was not accepted. Check the endpoint in Settings.`,
      detail,
      ...settingsFix('realtimeUrl'),
    };
  }
  return {
    summary: `Could not reach ${host} — check your connection or the endpoint in Settings.`,
    detail,
    ...retryFirst,
  };
}

function explainRefusal(error: SessionRefusedError, host: string): Problem {
  const code = error.code ?? '';
  const field: SettingsFieldName | null = /key|auth/i.test(code)
    ? 'apiKey'
    : /model/i.test(code)
      ? 'model'
      : null;
  return {
    summary: `${host} accepted the connection but refused the session: ${error.message}`,
    detail: code ? `code ${code}` : null,
    actions: ['open_settings'],
    field,
  };
}

function explainStatus(status: number, host: string): Omit<Problem, 'detail'> {
  if (status === 401) {
    return {
      summary: `${host} did not accept the API key (HTTP 401) — enter a valid key in Settings.`,
      ...settingsFix('apiKey'),
    };
  }
  if (status === 403) {
    return {
      summary: `The API key may not use the realtime API at ${host} (HTTP 403) — check the key's project and permissions, or enter another key in Settings.`,
      ...settingsFix('apiKey'),
    };
  }
  if (status === 404) {
    return {
      summary: `${host} has no realtime API at that address (HTTP 404) — check the endpoint URL and the model in Settings.`,
      ...settingsFix('realtimeUrl'),
    };
  }
  if (status === 400 || status === 422) {
    return {
      summary: `${host} refused the request (HTTP ${status}) — check the model and the protocol in Settings.`,
      ...settingsFix('model'),
    };
  }
  if (status === 429) {
    return {
      summary: `${host} is limiting requests for this key, or its quota is used up (HTTP 429) — wait a moment and try again, or check your plan.`,
      actions: ['retry', 'open_settings'],
      field: 'apiKey',
    };
  }
  if (status >= 500) {
    return {
      summary: `${host} had a problem on its side (HTTP ${status}) — try again in a moment.`,
      actions: ['retry'],
      field: null,
    };
  }
  return {
    summary: `${host} refused the connection (HTTP ${status}) — check the endpoint in Settings.`,
    ...retryFirst,
  };
}

/**
 * A live session that dropped: reconnecting (Parley is on it) or given up. A connect error
 * behind it (a 401 on reconnect, say) is explained as such.
 */
export function explainDrop(
  change: { state: 'reconnecting' | 'closed'; detail: string | null; cause?: unknown },
  context: FailureContext,
): Problem {
  const host = endpointHost(context.realtimeUrl);
  const detail = change.detail || null;
  if (change.cause instanceof TransportConnectError) {
    const explained = explainConnectError(change.cause, host);
    if (change.state === 'reconnecting') {
      return { ...explained, summary: `Reconnecting to ${host}… ${explained.summary}`, detail };
    }
    return { ...explained, detail };
  }
  if (change.state === 'reconnecting') {
    return {
      summary: `The connection to ${host} dropped; reconnecting…`,
      detail,
      actions: [],
      field: null,
    };
  }
  return {
    summary: `Lost the connection to ${host} and could not get it back — check your connection, then start again.`,
    detail,
    actions: ['retry', 'open_settings'],
    field: 'realtimeUrl',
  };
}
