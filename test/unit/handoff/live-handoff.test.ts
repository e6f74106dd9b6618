import { describe, expect, it } from 'vitest';
import type { DelegationRequest } from '../../../main/handoff/handoff-effects';
import type { RoutedHandoffReport } from '../../../main/handoff/handoff-driver';
import { LiveHandoff } from '../../../main/handoff/live-handoff';
import type { RealtimeEvent } from '../../../main/realtime/realtime-events';
import { FakeClock } from '../../fakes/fake-clock';

function setup(running = false) {
  const clock = new FakeClock();
  const delegated: DelegationRequest[] = [];
  const steered: DelegationRequest[] = [];
  const sent: Record<string, unknown>[] = [];
  const routed: RoutedHandoffReport[] = [];
  const handoff = new LiveHandoff({
    clock,
    effects: {
      delegate: (r) => delegated.push(r),
      steer: (r) => steered.push(r),
      hasRunningTask: () => running,
      sendEvent: (e) => sent.push(e as unknown as Record<string, unknown>),
    },
  });
  handoff.on('routed', (r) => routed.push(r));
  return { clock, handoff, delegated, steered, sent, routed };
}

const input = (delta: string, startMs: number, endMs: number): RealtimeEvent => ({
  type: 'input_transcript_delta',
  delta,
  itemId: null,
  startMs,
  endMs,
});
const delegation = (id: string, offsetMs: number): RealtimeEvent =>
  ({ type: 'delegation_created', delegationId: id, offsetMs, target: 'client' }) as RealtimeEvent;

describe('LiveHandoff', () => {
  it('holds a delegation until the transcript passes its offset, then delegates the words', () => {
    const { handoff, delegated, routed } = setup();
    handoff.handle(input('run the', 0, 300));
    handoff.handle(delegation('del_1', 300));
    expect(delegated).toHaveLength(0);
    handoff.handle(input(' tests', 300, 500));
    expect(delegated).toHaveLength(1);
    expect(delegated[0]).toMatchObject({ handoffId: 'del_1', protocol: 'live', callId: null });
    expect(delegated[0]!.text).toContain('user: run the tests');
    expect(routed[0]).toMatchObject({ mode: 'delegate', outcome: { reason: 'passed' } });
  });

  it('steers the running task with a second delegation', () => {
    const { handoff, steered, delegated } = setup(true);
    handoff.handle(input('and lint too', 0, 400));
    handoff.handle(delegation('del_2', 100));
    expect(delegated).toHaveLength(0);
    expect(steered[0]).toMatchObject({ handoffId: 'del_2' });
  });

  it('says a result, a failure and a cancellation as commentary on the delegation', () => {
    const { handoff, sent } = setup();
    handoff.handle(delegation('del_1', 0));
    handoff.deliverOutcome('del_1', { status: 'done', text: 'All 12 tests pass.', reason: null });
    handoff.deliverOutcome('del_1', { status: 'failed', text: 'x', reason: 'npm is missing' });
    handoff.deliverOutcome('del_1', { status: 'cancelled', text: 'x', reason: null });
    const said = sent.filter((e) => e.type === 'session.commentary.append');
    expect(said.map((e) => e.content)).toEqual([
      'All 12 tests pass.',
      'The background task failed: npm is missing',
      'The background task was cancelled.',
    ]);
    expect(said.every((e) => e.delegation_id === 'del_1')).toBe(true);
  });

  it('passes command progress on as throttled thinking, and disposes cleanly', () => {
    const { handoff, sent } = setup();
    handoff.handle(delegation('del_1', 0));
    handoff.deliverActivity('del_1', 'Ran `npm test` (exit 0).');
    expect(sent.filter((e) => e.type === 'session.thinking.append')).toHaveLength(1);
    handoff.dispose();
    handoff.dispose();
    expect(handoff.listenerCount()).toBe(0);
  });
});
