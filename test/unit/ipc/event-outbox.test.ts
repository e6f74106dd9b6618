import { describe, expect, it, vi } from 'vitest';
import type { ConversationState } from '../../../preload/contract';
import { EventOutbox, type EventSink } from '../../../main/ipc/event-outbox';

function state(attempt: number): ConversationState {
  return {
    phase: 'reconnecting',
    activity: 'none',
    error: null,
    reconnect: { attempt, nextAttemptAt: 0 },
    protocol: 'v2',
  };
}

/** Attempt numbers of the states a sink received, in order. */
function attempts(sink: ReturnType<typeof vi.fn>): number[] {
  return sink.mock.calls.map((call) => (call[1] as ConversationState).reconnect?.attempt ?? -1);
}

function setup(limit?: number) {
  const sink = vi.fn<EventSink>();
  const outbox = new EventOutbox(sink, limit);
  return { sink, outbox };
}

describe('EventOutbox', () => {
  it('queues events until the renderer is ready', () => {
    const { sink, outbox } = setup();
    outbox.push('conversation.state', state(1));
    outbox.push('conversation.state', state(2));
    expect(sink).not.toHaveBeenCalled();
    expect(outbox.queued).toBe(2);
    expect(outbox.isReady).toBe(false);
  });

  it('flushes in order on ready, then delivers directly', () => {
    const { sink, outbox } = setup();
    for (let i = 1; i <= 3; i++) outbox.push('conversation.state', state(i));
    outbox.markReady();
    expect(attempts(sink)).toEqual([1, 2, 3]);
    expect(sink).toHaveBeenCalledWith('conversation.state', state(1));
    expect(outbox.queued).toBe(0);
    outbox.push('conversation.state', state(4));
    expect(attempts(sink)).toEqual([1, 2, 3, 4]);
    expect(outbox.queued).toBe(0);
  });

  it('flushes only once when marked ready twice', () => {
    const { sink, outbox } = setup();
    outbox.push('conversation.state', state(1));
    outbox.markReady();
    outbox.markReady();
    expect(sink).toHaveBeenCalledTimes(1);
  });

  it('keeps an event pushed by the sink during the flush, after the queued ones', () => {
    const { outbox } = setup();
    const seen: number[] = [];
    const reentrant = new EventOutbox((_event, payload) => {
      const attempt = (payload as ConversationState).reconnect?.attempt ?? -1;
      seen.push(attempt);
      if (attempt === 1) reentrant.push('conversation.state', state(99));
    });
    reentrant.push('conversation.state', state(1));
    reentrant.push('conversation.state', state(2));
    reentrant.markReady();
    expect(seen).toEqual([1, 99, 2]);
    expect(outbox.queued).toBe(0);
  });

  it('is bounded: drops the oldest and counts drops', () => {
    const { sink, outbox } = setup(3);
    for (let i = 1; i <= 5; i++) outbox.push('conversation.state', state(i));
    expect(outbox.queued).toBe(3);
    expect(outbox.dropped).toBe(2);
    outbox.markReady();
    expect(attempts(sink)).toEqual([3, 4, 5]);
  });

  it('defaults to a bound of 256', () => {
    const { outbox } = setup();
    for (let i = 0; i < 300; i++) outbox.push('conversation.state', state(i));
    expect(outbox.queued).toBe(256);
    expect(outbox.dropped).toBe(44);
  });

  it('drops nothing once ready', () => {
    const { sink, outbox } = setup(2);
    outbox.markReady();
    for (let i = 0; i < 10; i++) outbox.push('conversation.state', state(i));
    expect(sink).toHaveBeenCalledTimes(10);
    expect(outbox.dropped).toBe(0);
  });

  it('queues again after reset, until the next ready', () => {
    const { sink, outbox } = setup();
    outbox.markReady();
    outbox.push('conversation.state', state(1));
    outbox.reset();
    expect(outbox.isReady).toBe(false);
    outbox.push('conversation.state', state(2));
    expect(attempts(sink)).toEqual([1]);
    expect(outbox.queued).toBe(1);
    outbox.markReady();
    expect(attempts(sink)).toEqual([1, 2]);
  });
});
