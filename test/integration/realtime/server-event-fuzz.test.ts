import { afterAll, describe, expect, it } from 'vitest';
import type { Protocol } from '../../../preload/schemas/settings';
import { createRandom } from '../../../bench/seeded-random';
import type { LogRecord } from '../../../main/base/logger';
import { reportListenerErrorsTo } from '../../../main/base/typed-emitter';
import { attachRenderer, invoke, listTasks } from '../../support/app-harness';
import { fuzzSeed } from '../../support/contract-fuzz';
import { runHandoff } from '../../support/handoff-probe';
import { serverFrame } from '../../support/server-event-corpus';
import { startRecordedApp } from '../../support/real-app';
import { startScriptedRealtimeServer, type ScriptStep } from '../../fakes/scripted-realtime-server';
import { createEchoApp, startConversation } from '../../support/test-conversation';

const SEED = fuzzSeed(0xe7e1_7);
/** Server frames per protocol: V1 and V2 get 5,000 each, Live 2,500. */
const FRAMES: Record<Protocol, number> = { v1: 5_000, v2: 5_000, live: 2_500 };
/** V2 frames sent over a real WebSocket by the scripted server, through the ws transport. */
const SOCKET_FRAMES = 1_500;
const figures: string[] = [];

afterAll(() => {
  const total = Object.values(FRAMES).reduce((a, b) => a + b, 0) + SOCKET_FRAMES;
  console.log(
    `server-event fuzz seed=${SEED} (set PARLEY_FUZZ_SEED to replay): ${total} frames; ${figures.join('; ')}`,
  );
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe(`server-event fuzz (seed ${SEED})`, () => {
  it.each(['v2', 'v1', 'live'] as const)(
    '%s: hostile frames into a live session, then a valid handoff still works',
    async (protocol) => {
      const random = createRandom(SEED + protocol.charCodeAt(1));
      const logs: Omit<LogRecord, 'ts'>[] = [];
      const listenerErrors: unknown[] = [];
      const restore = reportListenerErrorsTo((error) => listenerErrors.push(error));
      const t = createEchoApp(protocol, (level, event, fields) =>
        logs.push({ level, event, ...fields }),
      );
      let toRenderer = 0;
      const renderer = attachRenderer(t.app, () => toRenderer++);
      try {
        expect((await t.app.start()).ok).toBe(true);
        let transport = await startConversation(t, protocol);
        let timelineMs = 0;
        let restarts = 0;
        for (let i = 0; i < FRAMES[protocol]; i++) {
          const frame = serverFrame(protocol, random, timelineMs);
          if ('text' in frame) transport.receive(frame.text);
          else transport.receiveBinary(frame.binary);
          if (i % 25 === 0) renderer.capture(new Int16Array(480));
          if (random.chance(0.2)) {
            const step = random.int(0, 60);
            t.clock.advance(step);
            timelineMs += step;
          }
          if (i % 200 === 199) await sleep(0);
          if ((await invoke(t.app, 'conversation.state')).phase !== 'live') {
            restarts++;
            transport = await startConversation(t, protocol);
          }
        }
        expect(listenerErrors).toEqual([]);
        expect(logs.filter((l) => l.level === 'error')).toEqual([]);
        const dropped = logs.filter((l) => l.event === 'session.dropped_frame').length;
        expect(dropped).toBeGreaterThan(FRAMES[protocol] / 4);
        expect((await invoke(t.app, 'conversation.state')).phase).toBe('live');
        const probe = await runHandoff(protocol, transport, t.clock, `after-${protocol}-fuzz`, {
          timelineMs: timelineMs + 5_000,
        });
        expect(JSON.stringify(probe.output)).toContain(`please echo after-${protocol}-fuzz`);
        figures.push(
          `${protocol}: ${FRAMES[protocol]} frames, ${dropped} dropped as malformed, ` +
            `${restarts} session restarts, ${listTasks(t.app).length} tasks delegated, ` +
            `${toRenderer} audio messages to the renderer, ` +
            `handoff after in ${Math.round(probe.tookMs)} ms`,
        );
      } finally {
        await t.app.dispose();
        restore();
      }
      expect(t.app.listenerCount()).toBe(0);
      expect(t.clock.pendingTimers()).toBe(0);
      expect(t.wallClock.pendingTimers()).toBe(0);
    },
  );

  it(`v2 over a real WebSocket: ${SOCKET_FRAMES} hostile frames, then a valid handoff`, async () => {
    const random = createRandom(SEED + 99);
    const frames: ScriptStep[] = Array.from({ length: SOCKET_FRAMES }, () => {
      const frame = serverFrame('v2', random, 0);
      return 'text' in frame ? { send: frame.text } : { sendBinary: frame.binary };
    });
    const prompt = 'please echo after-socket-fuzz';
    const server = await startScriptedRealtimeServer({
      script: [
        { waitFor: 'session.update' },
        ...frames,
        { send: { type: 'input_audio_buffer.speech_started', item_id: 'probe_u' } },
        { send: { type: 'input_audio_buffer.committed', item_id: 'probe_u' } },
        {
          send: {
            type: 'conversation.item.input_audio_transcription.completed',
            item_id: 'probe_u',
            transcript: prompt,
          },
        },
        {
          send: {
            type: 'conversation.item.done',
            item: {
              id: 'item_probe',
              type: 'function_call',
              call_id: 'probe_call',
              name: 'background_agent',
              arguments: JSON.stringify({ prompt }),
            },
          },
        },
      ],
    });
    const listenerErrors: unknown[] = [];
    const restore = reportListenerErrorsTo((error) => listenerErrors.push(error));
    const app = await startRecordedApp({
      PARLEY_REALTIME_URL: server.url,
      PARLEY_DELEGATE: 'command',
      PARLEY_DELEGATE_COMMAND: 'cat',
      PARLEY_TALK_MODE: 'hands-free',
      PARLEY_WORKSPACE: process.cwd(),
    });
    try {
      await invoke(app.app, 'conversation.start');
      const output = await server.waitForMessage(
        (m) => m.raw.includes('"call_id":"probe_call"') && m.raw.includes(prompt),
        20_000,
      );
      expect(output.type).toBe('conversation.item.create');
      expect(app.states.some((s) => s.phase === 'reconnecting' || s.phase === 'closed')).toBe(
        false,
      );
      expect(server.connections).toHaveLength(1);
      expect(listenerErrors).toEqual([]);
      expect(app.logs.filter((l) => l.level === 'error')).toEqual([]);
      const dropped = app.logs.filter((l) => l.event === 'session.dropped_frame').length;
      figures.push(
        `v2 over ws: ${SOCKET_FRAMES} frames, ${dropped} dropped as malformed, one socket throughout`,
      );
    } finally {
      restore();
      await app.dispose();
      await server.close();
    }
  });
});
