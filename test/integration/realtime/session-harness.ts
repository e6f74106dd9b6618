import { systemClock } from '../../../main/base/clock';
import type { LogRecord } from '../../../main/base/logger';
import type { RealtimeEvent } from '../../../main/realtime/realtime-events';
import { RealtimeSession } from '../../../main/realtime/realtime-session';
import {
  type SessionStartConfig,
  type SessionStateChange,
} from '../../../main/realtime/session-types';
import { WsTransport } from '../../../main/realtime/ws-transport';

/** A real RealtimeSession over real ws, recording what it emits. */
export function createRecordedSession(options: { rotateAfterMs?: number } = {}) {
  const events: RealtimeEvent[] = [];
  const states: SessionStateChange[] = [];
  const problems: string[] = [];
  const logs: Omit<LogRecord, 'ts'>[] = [];
  let transportsCreated = 0;
  const session = new RealtimeSession({
    clock: systemClock,
    log: (level, event, fields) => logs.push({ level, event, ...fields }),
    random: () => 0.5,
    rotateAfterMs: options.rotateAfterMs,
    createTransport: (endpoint) => {
      transportsCreated++;
      return new WsTransport({
        url: endpoint.url,
        headers: endpoint.headers,
        connectTimeoutMs: 5000,
      });
    },
  });
  session.on('event', (e) => events.push(e));
  session.on('state', (s) => states.push(s));
  session.on('problem', (p) => problems.push(p.reason));
  return {
    session,
    events,
    states,
    problems,
    logs,
    transportsCreated: () => transportsCreated,
  };
}

export function startConfig(
  url: string,
  overrides: Partial<SessionStartConfig> = {},
): SessionStartConfig {
  return {
    baseUrl: url,
    protocol: 'v2',
    model: 'gpt-realtime-1.5',
    voice: null,
    apiKey: 'sk-test-key-123456',
    talkMode: 'hands-free',
    instructions: 'You are Parley.',
    ...overrides,
  };
}

/** Poll `probe` until it is truthy (bounded), for state that arrives over sockets. */
export async function until<T>(
  probe: () => T | undefined | null | false,
  what: string,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const PCM_FRAME_BASE64 = Buffer.alloc(960).toString('base64');
