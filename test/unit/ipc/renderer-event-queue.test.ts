import { describe, expect, it, vi } from 'vitest';
import {
  INITIAL_CONVERSATION_STATE,
  type ConversationState,
} from '../../../preload/schemas/conversation';
import type { AppEvent } from '../../../main/app/parley-app';
import { RendererEventQueue } from '../../../main/ipc/renderer-event-queue';

function state(attempt: number): ConversationState {
  return {
    ...INITIAL_CONVERSATION_STATE,
    phase: 'reconnecting',
    activity: 'none',
    error: null,
    reconnect: { attempt, nextAttemptAt: 0 },
    protocol: 'v2',
  };
}

const stateEvent = (payload: ConversationState): AppEvent => ({
  event: 'conversation.state',
  payload,
});

/** Attempt numbers of the states a sink received, in order. */
function attempts(sink: ReturnType<typeof vi.fn>): number[] {
  return sink.mock.calls.map(
    (call) => (call[0] as { payload: ConversationState }).payload.reconnect?.attempt ?? -1,
  );
}

function setup(limit?: number) {
  const sink = vi.fn<(event: AppEvent) => void>();
  const outbox = new RendererEventQueue(sink, limit);
  return { sink, outbox };
}

describe('RendererEventQueue', () => {
  it('queues events until the renderer is ready', () => {
    const { sink, outbox } = setup();
    outbox.push(stateEvent(state(1)));
    outbox.push(stateEvent(state(2)));
    expect(sink).not.toHaveBeenCalled();
    expect(outbox.heldCount).toBe(2);
    expect(outbox.isReady).toBe(false);
  });

  it('flushes in order on ready, then delivers directly', () => {
    const { sink, outbox } = setup();
    for (let i = 1; i <= 3; i++) outbox.push(stateEvent(state(i)));
    outbox.markReady();
    expect(attempts(sink)).toEqual([1, 2, 3]);
    expect(sink).toHaveBeenCalledWith(stateEvent(state(1)));
    expect(outbox.heldCount).toBe(0);
    outbox.push(stateEvent(state(4)));
    expect(attempts(sink)).toEqual([1, 2, 3, 4]);
    expect(outbox.heldCount).toBe(0);
  });

  it('flushes only once when marked ready twice', () => {
    const { sink, outbox } = setup();
    outbox.push(stateEvent(state(1)));
    outbox.markReady();
    outbox.markReady();
    expect(sink).toHaveBeenCalledTimes(1);
  });

  it('keeps an event pushed by the sink during the flush, after the queued ones', () => {
    const { outbox } = setup();
    const seen: number[] = [];
    const reentrant = new RendererEventQueue(({ payload }) => {
      const attempt = (payload as ConversationState).reconnect?.attempt ?? -1;
      seen.push(attempt);
      if (attempt === 1) reentrant.push(stateEvent(state(99)));
    });
    reentrant.push(stateEvent(state(1)));
    reentrant.push(stateEvent(state(2)));
    reentrant.markReady();
    expect(seen).toEqual([1, 99, 2]);
    expect(outbox.heldCount).toBe(0);
  });

  it('is bounded: drops the oldest and counts drops', () => {
    const { sink, outbox } = setup(3);
    for (let i = 1; i <= 5; i++) outbox.push(stateEvent(state(i)));
    expect(outbox.heldCount).toBe(3);
    expect(outbox.dropped).toBe(2);
    outbox.markReady();
    expect(attempts(sink)).toEqual([3, 4, 5]);
  });

  it('defaults to a bound of 256', () => {
    const { outbox } = setup();
    for (let i = 0; i < 300; i++) outbox.push(stateEvent(state(i)));
    expect(outbox.heldCount).toBe(256);
    expect(outbox.dropped).toBe(44);
  });

  it('drops nothing once ready', () => {
    const { sink, outbox } = setup(2);
    outbox.markReady();
    for (let i = 0; i < 10; i++) outbox.push(stateEvent(state(i)));
    expect(sink).toHaveBeenCalledTimes(10);
    expect(outbox.dropped).toBe(0);
  });
});
