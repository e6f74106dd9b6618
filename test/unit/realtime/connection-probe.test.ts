import { describe, expect, it } from 'vitest';
import {
  PROBE_SETTLE_MS,
  probeRealtime,
  SessionRefusedError,
  type ProbeConfig,
} from '../../../main/realtime/connection-probe';
import { SessionPreflightError } from '../../../main/realtime/session-types';
import { TransportConnectError } from '../../../main/realtime/transport';
import { FakeClock } from '../../fakes/fake-clock';
import { fakeTransports } from '../../fakes/fake-transport';

const config: ProbeConfig = {
  baseUrl: 'https://api.openai.com/v1?debug=1',
  protocol: 'v2',
  model: 'gpt-realtime-1.5',
  apiKey: 'sk-probe-test-0000000000001',
};

/** Runs a probe, letting `during` act on the opened transport before the settle time passes. */
async function probe(
  options: {
    refuse?: Error;
    during?: (t: ReturnType<typeof fakeTransports>) => void;
    config?: ProbeConfig;
  } = {},
) {
  const clock = new FakeClock();
  const transports = fakeTransports(options.refuse ? { refuse: options.refuse } : {});
  const running = probeRealtime({
    config: options.config ?? config,
    createTransport: transports.create,
    clock,
  });
  await Promise.resolve();
  await Promise.resolve();
  options.during?.(transports);
  clock.advance(PROBE_SETTLE_MS);
  const outcome = await running;
  return { outcome, transports, clock };
}

describe('probeRealtime ("test connection")', () => {
  it('connects as a conversation would, then closes again', async () => {
    const { outcome, transports, clock } = await probe();
    expect(outcome).toEqual({
      connected: true,
      ms: 0,
      endpoint: 'wss://api.openai.com/v1/realtime',
    });
    const transport = transports.latest!;
    expect(transport.endpoint.url).toBe(
      'wss://api.openai.com/v1/realtime?debug=1&model=gpt-realtime-1.5',
    );
    expect(transport.endpoint.headers.Authorization).toBe(`Bearer ${config.apiKey}`);
    expect(transport.state).toBe('closed');
    expect(transport.sent).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('counts a server that speaks first (session.created) as connected, at once', async () => {
    const { outcome } = await probe({
      during: (t) => t.latest!.receive({ type: 'session.created', session: {} }),
    });
    expect(outcome.connected).toBe(true);
  });

  it('reports the connect error itself', async () => {
    const refuse = new TransportConnectError('HTTP 401', 'http_status', 401);
    const { outcome } = await probe({ refuse });
    expect(outcome).toEqual({
      connected: false,
      error: refuse,
      endpoint: 'wss://api.openai.com/v1/realtime',
    });
  });

  it('reports a session the server refused with an error event', async () => {
    const { outcome, transports } = await probe({
      during: (t) =>
        t.latest!.receive({
          type: 'error',
          error: { message: 'Invalid model', code: 'model_not_found' },
        }),
    });
    expect(outcome.connected).toBe(false);
    if (outcome.connected) return;
    expect(outcome.error).toBeInstanceOf(SessionRefusedError);
    expect(outcome.error).toMatchObject({ message: 'Invalid model', code: 'model_not_found' });
    expect(transports.latest!.state).toBe('closed');
  });

  it('reports a server that closes at once', async () => {
    const { outcome } = await probe({ during: (t) => t.latest!.drop('policy') });
    expect(outcome.connected).toBe(false);
    if (!outcome.connected)
      expect((outcome.error as Error).message).toBe(
        'The server closed the session at once (code 1006: policy).',
      );
  });

  it.each([
    [{ ...config, baseUrl: 'ftp://x' }, 'unsupported_scheme'],
    [{ ...config, apiKey: null }, 'missing_api_key'],
    [{ ...config, model: ' ' }, 'missing_model'],
  ])(
    'refuses before connecting when the settings cannot make a session (%#)',
    async (bad, reason) => {
      const { outcome, transports } = await probe({ config: bad });
      expect(transports.made).toEqual([]);
      expect(outcome.connected).toBe(false);
      if (outcome.connected) return;
      expect(outcome.error).toBeInstanceOf(SessionPreflightError);
      expect((outcome.error as SessionPreflightError).reason).toBe(reason);
    },
  );
});
