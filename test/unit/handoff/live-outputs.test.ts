import { describe, expect, it } from 'vitest';
import { DeliveryGate } from '../../../main/handoff/delivery-gate';
import {
  LIVE_EMPTY_RESULT,
  LIVE_VOID_PREFIX,
  LiveOutputs,
  type LiveAppendEvent,
} from '../../../main/handoff/live-outputs';
import { FakeClock } from '../../fakes/fake-clock';
import { liveClientEventProblem } from '../../fakes/live-client-schema';

function outputs() {
  const clock = new FakeClock();
  const gate = new DeliveryGate(clock);
  const events: LiveAppendEvent[] = [];
  const live = new LiveOutputs({ clock, gate, sendEvent: (e) => events.push(e) });
  const undelivered: string[] = [];
  live.on('undelivered', (u) => undelivered.push(u.text));
  return { clock, gate, events, live, undelivered };
}

const placed = (eventId: string) =>
  ({
    type: 'append_placed',
    kind: 'commentary',
    clientEventId: eventId,
    startMs: 0,
    endMs: 10,
  }) as const;

describe('LiveOutputs', () => {
  it('a result goes out as commentary for its delegation, chunked under the cap', () => {
    const { events, live } = outputs();
    live.register('del_1');
    const result = 'All the tests passed and the linter found nothing to fix. '.repeat(80);
    live.deliverResult('del_1', result);
    expect(events.length).toBe(3);
    for (const event of events) {
      expect(event).toMatchObject({ type: 'session.commentary.append', delegation_id: 'del_1' });
      expect(Buffer.byteLength(event.content)).toBeLessThanOrEqual(1_600);
      expect(liveClientEventProblem(event)).toBeNull();
    }
    expect(new Set(events.map((e) => e.event_id)).size).toBe(3);
    expect(events.map((e) => e.content).join(' ')).toBe(result.trim());
  });

  it('failures and cancellations are said too; an empty result says the task ended', () => {
    const { events, live } = outputs();
    live.register('a');
    live.register('b');
    live.register('c');
    live.deliverFailure('a', 'npm test exited with code 1');
    live.deliverCancelled('b');
    live.deliverResult('c', '  ');
    expect(events.map((e) => [e.delegation_id, e.content])).toEqual([
      ['a', 'The background task failed: npm test exited with code 1'],
      ['b', 'The background task was cancelled.'],
      ['c', LIVE_EMPTY_RESULT],
    ]);
  });

  it('progress is silent thinking, at most once per interval, newest lines kept', () => {
    const { clock, events, live } = outputs();
    live.register('del_1');
    live.deliverProgress('del_1', 'Running npm test');
    clock.advance(500);
    live.deliverProgress('del_1', 'Command: npm test (exit 0)');
    live.deliverProgress('del_1', 'Reading the coverage report');
    expect(events.map((e) => e.content)).toEqual(['Running npm test']);
    clock.advance(2_499);
    expect(events).toHaveLength(1);
    clock.advance(1);
    expect(events[1]).toMatchObject({
      type: 'session.thinking.append',
      delegation_id: 'del_1',
      content: 'Command: npm test (exit 0)\nReading the coverage report',
    });
    expect(liveClientEventProblem(events[1])).toBeNull();
  });

  it('a result supersedes progress still waiting for its turn', () => {
    const { clock, events, live } = outputs();
    live.register('del_1');
    live.deliverProgress('del_1', 'step one');
    live.deliverProgress('del_1', 'step two');
    live.deliverResult('del_1', 'Done.');
    clock.advance(10_000);
    expect(events.map((e) => e.content)).toEqual(['step one', 'Done.']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('results wait while the user speaks, then go out', () => {
    const { gate, events, live } = outputs();
    live.register('del_1');
    gate.setUserSpeaking(true);
    live.deliverResult('del_1', 'The build is green.');
    expect(events).toEqual([]);
    gate.setUserSpeaking(false);
    expect(events.map((e) => e.content)).toEqual(['The build is green.']);
  });

  it('after a reconnect an old delegation id is void: its result goes with null', () => {
    const { gate, events, live } = outputs();
    live.register('del_old');
    gate.setConnected(false);
    live.deliverResult('del_old', 'Three files changed.');
    live.socketReplaced();
    gate.setConnected(true);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'session.commentary.append',
        delegation_id: null,
        content: `${LIVE_VOID_PREFIX} Three files changed.`,
      }),
    ]);
    live.register('del_new');
    live.deliverProgress('del_old', 'still going');
    live.deliverResult('del_new', 'New one done.');
    expect(events.slice(1).map((e) => [e.type, e.delegation_id])).toEqual([
      ['session.thinking.append', null],
      ['session.commentary.append', 'del_new'],
    ]);
  });

  it('an id this session never saw goes out as null, without the reconnect prefix', () => {
    const { events, live } = outputs();
    live.deliverResult('del_unknown', 'Done.');
    expect(events[0]).toMatchObject({ delegation_id: null, content: 'Done.' });
  });

  it('commentary the old socket never placed is said again on the new one', () => {
    const { events, live } = outputs();
    live.register('del_1');
    live.deliverResult('del_1', 'First part. '.repeat(200));
    const [first, second] = events;
    live.observe(placed(first!.event_id));
    live.socketReplaced();
    const resent = events.slice(2);
    expect(resent).toEqual([
      expect.objectContaining({ content: second!.content, delegation_id: null }),
    ]);
    expect(resent[0]?.event_id).not.toBe(second!.event_id);
  });

  it('an ack without client_event_id is matched by arrival order per kind', () => {
    const { events, live } = outputs();
    const placedIds: string[] = [];
    live.on('placed', (p) => placedIds.push(p.eventId));
    live.register('d');
    live.deliverProgress('d', 'working');
    live.deliverResult('d', 'One. '.repeat(400));
    const commentary = events.filter((e) => e.type === 'session.commentary.append');
    const ack = { type: 'append_placed', clientEventId: null, startMs: 1, endMs: 2 } as const;
    live.observe({ ...ack, kind: 'commentary' });
    live.observe({ ...ack, kind: 'thinking' });
    live.observe({ ...ack, kind: 'commentary' });
    expect(placedIds).toEqual([
      commentary[0]!.event_id,
      events[0]!.event_id,
      commentary[1]!.event_id,
    ]);
  });

  it('a chunk the server refuses as too long is sent again in halves', () => {
    const { events, live } = outputs();
    const refused: (string | null)[] = [];
    live.on('refused', (r) => refused.push(r.code));
    live.register('del_1');
    const text = '漢字のテキスト。'.repeat(60); // 1,440 bytes: one chunk by our estimate
    live.deliverResult('del_1', text);
    expect(events).toHaveLength(1);
    live.observe({
      type: 'error',
      message: 'content is 520 tokens',
      code: 'invalid_value',
      param: 'content',
      clientEventId: events[0]!.event_id,
    });
    expect(refused).toEqual(['invalid_value']);
    const halves = events.slice(1);
    expect(halves.length).toBe(2);
    expect(halves.map((e) => e.content).join('')).toBe(text);
    expect(halves.every((e) => e.delegation_id === 'del_1')).toBe(true);
  });

  it('a result still held when the gate is disposed is reported, not lost silently', () => {
    const { gate, live, undelivered } = outputs();
    gate.setConnected(false);
    live.deliverResult(null, 'Held result.');
    gate.dispose();
    expect(undelivered).toEqual(['Held result.']);
    live.dispose();
    live.dispose();
  });
});
