import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../main/base/clock';
import { buildDelegationRequest } from '../../../main/handoff/delegation-request';
import { DeliveryGate } from '../../../main/handoff/delivery-gate';
import type { DelegationRequest } from '../../../main/handoff/handoff-effects';
import { LIVE_VOID_PREFIX, LiveOutputs } from '../../../main/handoff/live-outputs';
import {
  liveFragmentOf,
  TimelineSettle,
  type RoutedDelegation,
} from '../../../main/handoff/timeline-settle';
import type { RealtimeSession } from '../../../main/realtime/realtime-session';
import {
  liveEvents,
  startScriptedLiveServer,
  type LiveConnectionPlan,
  type ScriptedLiveServer,
} from '../../fakes/scripted-live-server';
import { createLiveSession, expectOnlyValidLiveEvents, liveConfig } from '../realtime/live-harness';
import { until } from '../realtime/session-harness';

/**
 * The Live delegation path as the app wires it: session events → timeline settle → a
 * delegation request; task output → Live outputs → appends on the same session.
 */
function wireDelegation(session: RealtimeSession) {
  const gate = new DeliveryGate(systemClock);
  const outputs = new LiveOutputs({
    clock: systemClock,
    gate,
    sendEvent: (event) => void session.sendEvent(event),
    progressIntervalMs: 200,
  });
  const routed: { routed: RoutedDelegation; request: DelegationRequest | null; at: number }[] = [];
  const settle = new TimelineSettle({
    clock: systemClock,
    onRoute: (r) => {
      const handoff = { handoffId: r.delegationId, protocol: 'live' as const };
      routed.push({
        routed: r,
        request: buildDelegationRequest(handoff, '', r.lines),
        at: performance.now(),
      });
    },
  });
  const placed: string[] = [];
  outputs.on('placed', (p) => placed.push(p.eventId));
  const offs = [
    session.on('event', (event) => {
      outputs.observe(event);
      const fragment = liveFragmentOf(event);
      if (fragment) settle.noteFragment(fragment);
      if (event.type === 'delegation_created' && event.target === 'client') {
        outputs.register(event.delegationId);
        settle.noteDelegation(event.delegationId, event.offsetMs);
      }
    }),
    session.on('state', ({ state }) => {
      if (state !== 'reconnecting') return;
      gate.setConnected(false);
      settle.socketLost();
    }),
    session.on('socket_replaced', () => {
      settle.socketLost();
      outputs.socketReplaced();
      gate.setConnected(true);
    }),
  ];
  const dispose = (): void => {
    offs.forEach((off) => off());
    settle.dispose();
    gate.dispose();
    outputs.dispose();
  };
  return { outputs, routed, placed, dispose };
}

const servers: ScriptedLiveServer[] = [];
const cleanups: (() => void)[] = [];
async function setUp(options: { plan?: LiveConnectionPlan; plans?: LiveConnectionPlan[] }) {
  const srv = await startScriptedLiveServer(options);
  servers.push(srv);
  const r = createLiveSession();
  const wiring = wireDelegation(r.session);
  cleanups.push(() => {
    wiring.dispose();
    r.session.dispose();
  });
  await r.session.start(liveConfig(srv.url));
  return { srv, r, ...wiring };
}

afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  for (const s of servers.splice(0)) {
    expectOnlyValidLiveEvents(s);
    await s.close();
  }
});

const appendsOf = (srv: ScriptedLiveServer, index: number, type: string) =>
  srv.connections[index]!.messages.filter((m) => m.type === type).map((m) => m.json ?? {});

describe('Live delegation end to end over the scripted Live server', () => {
  it('a late fragment, a long result in chunks, a second delegation with only new words, a failure', async () => {
    const { srv, routed, outputs, placed } = await setUp({
      plan: {
        script: [
          { atTimelineMs: 100 },
          { send: liveEvents.input('run the', 0, 150) },
          { send: liveEvents.delegation('del_1', 150) },
          { delayMs: 120 },
          { send: liveEvents.input(' tests', 150, 300) },
          { send: liveEvents.output('Running them now.', 320, 900) },
          { waitFor: 'session.commentary.append' },
          { send: liveEvents.input('and lint', 1_000, 1_300) },
          // As recorded: the offset is the start of the last user fragment, here a late one.
          { send: liveEvents.delegation('del_2', 1_300) },
          { delayMs: 50 },
          { send: liveEvents.input(' the docs', 1_300, 1_500) },
        ],
      },
    });
    const first = await until(() => routed[0], 'the first delegation to route');
    expect(first.routed).toMatchObject({ delegationId: 'del_1', reason: 'passed' });
    // Routed on the late fragment, far sooner than the cap: not on a timer.
    expect(first.routed.waitedMs).toBeLessThan(1_000);
    expect(first.request?.text).toBe(
      [
        '<realtime_delegation>',
        '  <input>user: run the tests</input>',
        '  <transcript_delta>user: run the tests</transcript_delta>',
        '</realtime_delegation>',
      ].join('\n'),
    );

    outputs.deliverProgress('del_1', 'Running npm test');
    const result =
      'Forty-two tests passed, none failed, and coverage is at ninety percent. '.repeat(60);
    outputs.deliverResult('del_1', result);
    const second = await until(() => routed[1], 'the second delegation to route');
    expect(second.routed.lines).toEqual([
      { role: 'assistant', text: 'Running them now.' },
      { role: 'user', text: 'and lint the docs' },
    ]);
    outputs.deliverFailure('del_2', 'the linter is not installed');

    const commentary = await until(() => {
      const sent = appendsOf(srv, 0, 'session.commentary.append');
      return sent.length >= 4 ? sent : undefined;
    }, 'the result chunks and the failure');
    const resultChunks = commentary.filter((c) => c.delegation_id === 'del_1');
    expect(resultChunks.length).toBe(3);
    expect(resultChunks.map((c) => c.content).join(' ')).toBe(result.trim());
    expect(commentary.at(-1)).toMatchObject({
      delegation_id: 'del_2',
      content: 'The background task failed: the linter is not installed',
    });
    expect(appendsOf(srv, 0, 'session.thinking.append')).toEqual([
      expect.objectContaining({ content: 'Running npm test', delegation_id: 'del_1' }),
    ]);
    // Silence keeps the timeline moving, so every append gets placed.
    await until(() => placed.length === 5, 'every append placed');
  });

  it('a reconnect mid-task voids the old delegation: its result goes with delegation_id null', async () => {
    const { srv, r, routed, outputs } = await setUp({
      plans: [
        {
          script: [
            { atTimelineMs: 60 },
            { send: liveEvents.input('update the changelog', 0, 400) },
            { send: liveEvents.delegation('del_old', 0) },
            { delayMs: 50 },
            { terminate: true },
          ],
        },
        {},
      ],
    });
    await until(() => routed[0], 'the delegation to route');
    await until(() => r.replaced.length === 1 && r.session.state === 'live', 'the new session');
    outputs.deliverResult('del_old', 'The changelog has a new entry.');
    const said = await until(() => appendsOf(srv, 1, 'session.commentary.append')[0], 'commentary');
    expect(said).toMatchObject({
      delegation_id: null,
      content: `${LIVE_VOID_PREFIX} The changelog has a new entry.`,
    });
    expect(appendsOf(srv, 0, 'session.commentary.append')).toEqual([]);
  });
});
