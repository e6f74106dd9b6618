import { expect } from 'vitest';
import { SilencePacer, type SilencePacerOptions } from '../../../main/audio/silence-pacer';
import { systemClock } from '../../../main/base/clock';
import type { LogRecord } from '../../../main/base/logger';
import type { RealtimeEvent } from '../../../main/realtime/realtime-events';
import { RealtimeSession } from '../../../main/realtime/realtime-session';
import {
  type SessionStartConfig,
  type SessionStateChange,
} from '../../../main/realtime/session-types';
import { WsTransport } from '../../../main/realtime/ws-transport';
import { liveClientEventProblem } from '../../fakes/live-client-schema';
import type { ScriptedLiveServer } from '../../fakes/scripted-live-server';

/** A real RealtimeSession over real ws for the Live protocol, with the real silence pacer. */
export function createLiveSession(pacer: Partial<SilencePacerOptions> = {}) {
  const events: RealtimeEvent[] = [];
  const states: SessionStateChange[] = [];
  const problems: string[] = [];
  const logs: Omit<LogRecord, 'ts'>[] = [];
  const replaced: string[] = [];
  const session = new RealtimeSession({
    clock: systemClock,
    log: (level, event, fields) => logs.push({ level, event, ...fields }),
    random: () => 0,
    createTransport: (endpoint) =>
      new WsTransport({ url: endpoint.url, headers: endpoint.headers, connectTimeoutMs: 5000 }),
    createInputFiller: (send) => new SilencePacer({ clock: systemClock, send, ...pacer }),
  });
  session.on('event', (e) => events.push(e));
  session.on('state', (s) => states.push(s));
  session.on('problem', (p) => problems.push(p.reason));
  session.on('socket_replaced', (r) => replaced.push(r.reason));
  return { session, events, states, problems, logs, replaced };
}

export function liveConfig(
  url: string,
  overrides: Partial<SessionStartConfig> = {},
): SessionStartConfig {
  return {
    baseUrl: url,
    protocol: 'live',
    model: 'gpt-realtime-1.5',
    voice: null,
    apiKey: 'sk-test-key-123456',
    talkMode: 'hands-free',
    instructions: 'You are Parley.',
    ...overrides,
  };
}

/** Every frame Parley sent is a Live client event of the right shape, and broke no rule. */
export function expectOnlyValidLiveEvents(server: ScriptedLiveServer): void {
  const problems = server.messages
    .map((m) => ({ type: m.type, problem: liveClientEventProblem(m.json ?? m.raw) }))
    .filter((p) => p.problem !== null);
  expect(problems).toEqual([]);
  expect(server.connections.flatMap((c) => c.session.violations)).toEqual([]);
}

/** 20 ms of a 440 Hz tone, PCM16 base64: a frame that is not silence. */
export const TONE_FRAME_BASE64 = (() => {
  const pcm = new Int16Array(480);
  for (let i = 0; i < pcm.length; i++)
    pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 24000));
  return Buffer.from(pcm.buffer).toString('base64');
})();

/** True for an input audio frame that is all zeros. */
export function isSilentAppend(json: Record<string, unknown> | null): boolean {
  if (json?.type !== 'session.input_audio.append') return false;
  return Buffer.from(String(json.audio), 'base64').every((b) => b === 0);
}
