import { describe, expect, it } from 'vitest';
import { endpointHost, explainDrop, explainFailure } from '../../../main/app/explain-failure';
import { startBlocker } from '../../../main/app/start-readiness';
import { SessionRefusedError } from '../../../main/realtime/connection-probe';
import { SessionPreflightError } from '../../../main/realtime/session-types';
import { TransportConnectError } from '../../../main/realtime/transport';
import { DEFAULT_SETTINGS } from '../../../preload/schemas/settings';

const openai = { realtimeUrl: 'https://api.openai.com/v1' };
const network = (code: string) =>
  new TransportConnectError(
    `Could not connect to wss://api.openai.com/v1/realtime: ${code}`,
    'network',
    null,
    code,
  );
const status = (s: number) =>
  new TransportConnectError(
    `Realtime server refused the WebSocket upgrade: HTTP ${s}`,
    'http_status',
    s,
  );

describe('explainFailure: plain words, the detail, and the fix', () => {
  it.each([
    [
      network('ENOTFOUND'),
      'Could not find api.openai.com — check your connection or the endpoint in Settings.',
      ['retry', 'open_settings'],
      'realtimeUrl',
    ],
    [
      network('ETIMEDOUT'),
      'Could not reach api.openai.com — check your connection or the endpoint in Settings.',
      ['retry', 'open_settings'],
      'realtimeUrl',
    ],
    [
      network('ECONNREFUSED'),
      /^Could not reach api\.openai\.com — nothing is answering there\./,
      ['retry', 'open_settings'],
      'realtimeUrl',
    ],
    [
      network('CERT_HAS_EXPIRED'),
      /secure connection to api\.openai\.com: its certificate was not accepted/,
      ['open_settings'],
      'realtimeUrl',
    ],
    [
      new TransportConnectError('Realtime handshake timed out after 10000 ms', 'timeout'),
      /did not answer in time/,
      ['retry', 'open_settings'],
      'realtimeUrl',
    ],
    [
      status(401),
      'api.openai.com did not accept the API key (HTTP 401) — enter a valid key in Settings.',
      ['open_settings'],
      'apiKey',
    ],
    [status(403), /may not use the realtime API.*\(HTTP 403\)/, ['open_settings'], 'apiKey'],
    [
      status(404),
      /has no realtime API at that address \(HTTP 404\)/,
      ['open_settings'],
      'realtimeUrl',
    ],
    [status(400), /refused the request \(HTTP 400\) — check the model/, ['open_settings'], 'model'],
    [status(429), /limiting requests.*\(HTTP 429\)/, ['retry', 'open_settings'], 'apiKey'],
    [status(503), /had a problem on its side \(HTTP 503\) — try again/, ['retry'], null],
    [status(418), /refused the connection \(HTTP 418\)/, ['retry', 'open_settings'], 'realtimeUrl'],
  ] as const)('%s', (error, summary, actions, field) => {
    const problem = explainFailure(error, openai);
    if (typeof summary === 'string') expect(problem.summary).toBe(summary);
    else expect(problem.summary).toMatch(summary);
    expect(problem.detail).toBe(error.message);
    expect(problem.actions).toEqual(actions);
    expect(problem.field).toBe(field);
  });

  it('names the host and port of a self-hosted endpoint', () => {
    const problem = explainFailure(network('ECONNREFUSED'), {
      realtimeUrl: 'ws://127.0.0.1:9000/v1',
    });
    expect(problem.summary).toMatch(/^Could not reach 127\.0\.0\.1:9000 — /);
  });

  it.each([
    ['missing_api_key', 'apiKey', /^Add an API key to start/],
    ['unsupported_voice', 'voice', /voice "x"/],
    ['invalid_url', 'realtimeUrl', /voice "x"/],
    ['missing_model', 'model', /voice "x"/],
  ] as const)('a refused start (%s) opens Settings at %s', (reason, field, summary) => {
    const problem = explainFailure(
      new SessionPreflightError('The voice "x" is not available.', reason),
      openai,
    );
    expect(problem.field).toBe(field);
    expect(problem.actions).toEqual(['open_settings']);
    expect(problem.summary).toMatch(summary);
  });

  it('explains a session the server refused after connecting', () => {
    const problem = explainFailure(
      new SessionRefusedError('Model not found', 'model_not_found'),
      openai,
    );
    expect(problem).toEqual({
      summary: 'api.openai.com accepted the connection but refused the session: Model not found',
      detail: 'code model_not_found',
      actions: ['open_settings'],
      field: 'model',
    });
  });

  it('keeps any other failure whole, with retry', () => {
    expect(explainFailure(new Error('disk on fire'), openai)).toEqual({
      summary: 'Could not start the conversation: disk on fire',
      detail: null,
      actions: ['retry'],
      field: null,
    });
  });
});

describe('explainDrop', () => {
  it('says a dropped session is reconnecting, with no action needed', () => {
    const problem = explainDrop(
      { state: 'reconnecting', detail: 'The connection dropped: 1006' },
      openai,
    );
    expect(problem).toEqual({
      summary: 'The connection to api.openai.com dropped; reconnecting…',
      detail: 'The connection dropped: 1006',
      actions: [],
      field: null,
    });
  });

  it('explains the connect error a reconnect gave up on (a key revoked meanwhile)', () => {
    const problem = explainDrop(
      { state: 'closed', detail: 'HTTP 401', cause: status(401) },
      openai,
    );
    expect(problem.field).toBe('apiKey');
    expect(problem.summary).toMatch(/did not accept the API key/);
    expect(problem.detail).toBe('HTTP 401');
  });

  it('says a session that could not be brought back is lost, with retry and Settings', () => {
    const problem = explainDrop(
      { state: 'closed', detail: 'Gave up after 5 reconnect attempts' },
      openai,
    );
    expect(problem.summary).toMatch(/^Lost the connection to api\.openai\.com/);
    expect(problem.actions).toEqual(['retry', 'open_settings']);
  });

  it('reads a host from a URL, or shows the text when it is not one', () => {
    expect(endpointHost('https://api.openai.com/v1')).toBe('api.openai.com');
    expect(endpointHost('not a url')).toBe('not a url');
  });
});

describe('startBlocker: the one rule for whether Start can work', () => {
  it('blocks with no key, naming both ways to add one', () => {
    const blocker = startBlocker(DEFAULT_SETTINGS, 'none');
    expect(blocker?.summary).toBe(
      'Add an API key to start: enter it in Settings, or set OPENAI_API_KEY before starting Parley.',
    );
    expect(blocker?.field).toBe('apiKey');
  });

  it('blocks when the key store cannot be read', () => {
    expect(startBlocker(DEFAULT_SETTINGS, 'unavailable')?.field).toBe('apiKey');
  });

  it.each([
    [{ realtimeUrl: 'ftp://x' }, 'realtimeUrl'],
    [{ protocol: 'v1' as const, voice: 'marin' }, 'voice'],
  ])('blocks %j at its field', (patch, field) => {
    expect(startBlocker({ ...DEFAULT_SETTINGS, ...patch }, 'stored')?.field).toBe(field);
  });

  it.each(['stored', 'env'] as const)('lets a %s key start', (source) => {
    expect(startBlocker(DEFAULT_SETTINGS, source)).toBeNull();
  });
});
