import { describe, expect, it } from 'vitest';
import {
  buildRealtimeEndpoint,
  normaliseLivePath,
  normaliseRealtimePath,
  resolveModel,
  type EndpointOptions,
  type RealtimeEndpoint,
} from '../../../main/realtime/endpoint';

const base: EndpointOptions = {
  baseUrl: 'https://api.openai.com/v1',
  protocol: 'v2',
  model: 'gpt-realtime-1.5',
  apiKey: 'sk-test',
  sessionId: 'sess-1',
};

function build(overrides: Partial<EndpointOptions>): RealtimeEndpoint {
  const result = buildRealtimeEndpoint({ ...base, ...overrides });
  if (!result.ok) throw new Error(`unexpected error: ${result.error.message}`);
  return result.endpoint;
}

describe('normaliseRealtimePath', () => {
  it.each([
    ['', '/v1/realtime'],
    ['/', '/v1/realtime'],
    ['/v1/realtime', '/v1/realtime'],
    ['/proxy/realtime', '/proxy/realtime'],
    ['/v1/realtime/', '/v1/realtime'],
    ['/v1', '/v1/realtime'],
    ['/v1/', '/v1/realtime'],
    ['/openai/v1', '/openai/v1/realtime'],
    ['/openai/v1/', '/openai/v1/realtime'],
    ['/openai/deployments/x', '/openai/deployments/x'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseRealtimePath(input)).toBe(expected);
  });
});

describe('buildRealtimeEndpoint URL', () => {
  it.each([
    ['https://api.openai.com/v1', 'wss://api.openai.com/v1/realtime?model=gpt-realtime-1.5'],
    ['https://api.openai.com/v1/', 'wss://api.openai.com/v1/realtime?model=gpt-realtime-1.5'],
    ['https://api.openai.com', 'wss://api.openai.com/v1/realtime?model=gpt-realtime-1.5'],
    ['https://api.openai.com/', 'wss://api.openai.com/v1/realtime?model=gpt-realtime-1.5'],
    [
      'https://api.openai.com/v1/realtime',
      'wss://api.openai.com/v1/realtime?model=gpt-realtime-1.5',
    ],
    [
      'https://api.openai.com/v1/realtime/',
      'wss://api.openai.com/v1/realtime?model=gpt-realtime-1.5',
    ],
    ['http://localhost:8080', 'ws://localhost:8080/v1/realtime?model=gpt-realtime-1.5'],
    ['ws://127.0.0.1:9000/v1', 'ws://127.0.0.1:9000/v1/realtime?model=gpt-realtime-1.5'],
    ['wss://proxy.example/realtime', 'wss://proxy.example/realtime?model=gpt-realtime-1.5'],
    ['https://x.example/custom/path', 'wss://x.example/custom/path?model=gpt-realtime-1.5'],
    ['  https://api.openai.com/v1  ', 'wss://api.openai.com/v1/realtime?model=gpt-realtime-1.5'],
    ['HTTPS://API.OPENAI.COM/v1', 'wss://api.openai.com/v1/realtime?model=gpt-realtime-1.5'],
  ])('V2 %j → %j', (baseUrl, expected) => {
    expect(build({ baseUrl }).url).toBe(expected);
  });

  it('V1 adds intent=quicksilver before model', () => {
    expect(build({ protocol: 'v1' }).url).toBe(
      'wss://api.openai.com/v1/realtime?intent=quicksilver&model=gpt-realtime-1.5',
    );
  });

  it('keeps an existing query, then adds intent and model', () => {
    expect(
      build({ protocol: 'v1', baseUrl: 'https://az.example/openai/v1?api-version=2025-01&x=1' })
        .url,
    ).toBe(
      'wss://az.example/openai/v1/realtime?api-version=2025-01&x=1&intent=quicksilver&model=gpt-realtime-1.5',
    );
    expect(build({ baseUrl: 'https://az.example/v1/?deployment=d' }).url).toBe(
      'wss://az.example/v1/realtime?deployment=d&model=gpt-realtime-1.5',
    );
  });

  it('replaces an existing model (and, for V1, intent) instead of duplicating it', () => {
    expect(build({ baseUrl: 'https://h.example/v1?model=old&a=b', model: 'new-model' }).url).toBe(
      'wss://h.example/v1/realtime?a=b&model=new-model',
    );
    expect(build({ protocol: 'v1', baseUrl: 'https://h.example/v1?intent=other' }).url).toBe(
      'wss://h.example/v1/realtime?intent=quicksilver&model=gpt-realtime-1.5',
    );
  });

  it('V2 leaves an existing intent parameter alone', () => {
    expect(build({ baseUrl: 'https://h.example/v1?intent=x' }).url).toBe(
      'wss://h.example/v1/realtime?intent=x&model=gpt-realtime-1.5',
    );
  });

  it('encodes the model and drops a fragment', () => {
    expect(build({ baseUrl: 'https://h.example/v1#frag', model: 'a b&c' }).url).toBe(
      'wss://h.example/v1/realtime?model=a+b%26c',
    );
  });
});

describe('buildRealtimeEndpoint headers', () => {
  it('V2: Authorization and x-session-id only', () => {
    expect(build({}).headers).toEqual({
      Authorization: 'Bearer sk-test',
      'x-session-id': 'sess-1',
    });
  });

  it('V1: also openai-alpha', () => {
    expect(build({ protocol: 'v1' }).headers).toEqual({
      Authorization: 'Bearer sk-test',
      'x-session-id': 'sess-1',
      'openai-alpha': 'quicksilver=v1',
    });
  });
});

describe('buildRealtimeEndpoint errors', () => {
  it.each(['ftp://h.example/v1', 'file:///tmp/x', 'mailto:a@b.c', 'javascript:alert(1)'])(
    'rejects the scheme of %j, naming it and the accepted ones',
    (baseUrl) => {
      const result = buildRealtimeEndpoint({ ...base, baseUrl });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.kind).toBe('unsupported_scheme');
      expect(result.error.message).toContain(JSON.stringify(baseUrl));
      expect(result.error.message).toContain('http://, https://, ws:// or wss://');
    },
  );

  it.each(['', '   ', 'not a url', 'api.openai.com/v1', 'https://'])(
    'rejects the invalid URL %j',
    (baseUrl) => {
      const result = buildRealtimeEndpoint({ ...base, baseUrl });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.kind).toBe('invalid_url');
      expect(result.error.message).toMatch(/realtime URL/);
    },
  );

  it('does not echo the query (which may hold a key) in the message', () => {
    const result = buildRealtimeEndpoint({ ...base, baseUrl: 'ftp://h.example/v1?api-key=SECRET' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).not.toContain('SECRET');
    expect(result.error.message).toContain('"ftp://h.example/v1"');
  });

  it('rejects a blank API key and a blank model', () => {
    const noKey = buildRealtimeEndpoint({ ...base, apiKey: ' ' });
    expect(noKey.ok ? null : noKey.error.kind).toBe('missing_api_key');
    const noModel = buildRealtimeEndpoint({ ...base, model: '' });
    expect(noModel.ok ? null : noModel.error.kind).toBe('missing_model');
  });
});

describe('Live endpoint', () => {
  it.each([
    ['', '/v1/live/sessions'],
    ['/', '/v1/live/sessions'],
    ['/v1', '/v1/live/sessions'],
    ['/v1/', '/v1/live/sessions'],
    ['/openai/v1', '/openai/v1/live/sessions'],
    ['/v1/live/sessions', '/v1/live/sessions'],
    ['/v1/live/sessions/', '/v1/live/sessions'],
    ['/proxy/live', '/proxy/live'],
  ])('path %j → %j', (path, expected) => {
    expect(normaliseLivePath(path)).toBe(expected);
  });

  it('maps the scheme, adds no query and sends only the Bearer key', () => {
    const endpoint = build({ protocol: 'live', model: 'gpt-live-1' });
    expect(endpoint.url).toBe('wss://api.openai.com/v1/live/sessions');
    expect(endpoint.headers).toEqual({ Authorization: 'Bearer sk-test' });
    expect(build({ protocol: 'live', baseUrl: 'http://127.0.0.1:9/v1' }).url).toBe(
      'ws://127.0.0.1:9/v1/live/sessions',
    );
  });

  it("keeps a proxy's own query and drops a fragment", () => {
    const endpoint = build({ protocol: 'live', baseUrl: 'https://proxy.example/v1?tenant=a#x' });
    expect(endpoint.url).toBe('wss://proxy.example/v1/live/sessions?tenant=a');
  });

  it('refuses a bad scheme as for V1/V2', () => {
    const result = buildRealtimeEndpoint({ ...base, protocol: 'live', baseUrl: 'ftp://x/v1' });
    expect(result.ok).toBe(false);
  });
});

describe('resolveModel', () => {
  it('blank or the other family default → the protocol default', () => {
    expect(resolveModel('live', '')).toBe('gpt-live-1');
    expect(resolveModel('live', 'gpt-realtime-1.5')).toBe('gpt-live-1');
    expect(resolveModel('v2', 'gpt-live-1')).toBe('gpt-realtime-1.5');
    expect(resolveModel('v1', ' ')).toBe('gpt-realtime-1.5');
  });

  it('a model the user chose is kept', () => {
    expect(resolveModel('live', 'gpt-live-1-mini ')).toBe('gpt-live-1-mini');
    expect(resolveModel('v2', 'gpt-realtime-2')).toBe('gpt-realtime-2');
  });
});
