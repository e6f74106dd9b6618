import { afterAll, describe, expect, it } from 'vitest';
import type { Protocol } from '../../../preload/schemas/settings';
import { createRandom } from '../../../bench/seeded-random';
import type { LogRecord } from '../../../main/base/logger';
import { reportListenerErrorsTo } from '../../../main/base/typed-emitter';
import { attachRenderer, invoke, listTasks } from '../../support/app-harness';
import { fuzzSeed } from '../../support/contract-fuzz';
import { runHandoff } from '../../support/handoff-probe';
import { serverFrame } from '../../support/server-event-corpus';
import { createEchoApp, startConversation } from '../../support/test-conversation';

const SEED = fuzzSeed(0xe7e1_7);
/** Server frames per protocol: V1 and V2 get 5,000 each, Live 2,500. */
const FRAMES: Record<Protocol, number> = { v1: 5_000, v2: 5_000, live: 2_500 };
const figures: string[] = [];

afterAll(() => {
  const total = Object.values(FRAMES).reduce((a, b) => a + b, 0);
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
});
