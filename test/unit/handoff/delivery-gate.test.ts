import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../fakes/fake-clock';
import { DeliveryGate } from '../../../main/handoff/delivery-gate';

describe('DeliveryGate', () => {
  it('tells held work it was dropped when disposed, and never runs it', () => {
    const gate = new DeliveryGate(new FakeClock());
    gate.setConnected(false);
    const ran: string[] = [];
    const dropped: string[] = [];
    gate.submit(
      () => ran.push('a'),
      () => dropped.push('a'),
    );
    gate.submit(() => ran.push('b'));
    gate.dispose();
    gate.setConnected(true);
    expect(ran).toEqual([]);
    expect(dropped).toEqual(['a']);
    gate.submit(
      () => ran.push('c'),
      () => dropped.push('c'),
    );
    expect(dropped).toEqual(['a', 'c']);
  });

  it('runs work at once when open', () => {
    const gate = new DeliveryGate(new FakeClock());
    const done: number[] = [];
    gate.submit(() => done.push(1));
    expect(done).toEqual([1]);
    expect(gate.isOpen).toBe(true);
  });

  it('holds work while disconnected, in order, even past maxHoldMs', () => {
    const clock = new FakeClock();
    const gate = new DeliveryGate(clock, { maxHoldMs: 100 });
    const done: number[] = [];
    gate.setConnected(false);
    gate.submit(() => done.push(1));
    gate.submit(() => done.push(2));
    clock.advance(1_000);
    expect(done).toEqual([]);
    expect(gate.held).toBe(2);
    gate.setConnected(true);
    expect(done).toEqual([1, 2]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a reconnect forgets the old socket’s speech state', () => {
    const gate = new DeliveryGate(new FakeClock());
    gate.observe({ type: 'speech_started', itemId: null });
    gate.setConnected(false);
    gate.setConnected(true);
    expect(gate.isOpen).toBe(true);
  });

  it('max hold does not override the hold-to-talk key', () => {
    const clock = new FakeClock();
    const gate = new DeliveryGate(clock, { maxHoldMs: 100 });
    const done: number[] = [];
    gate.setUserSpeaking(true);
    gate.observe({ type: 'speech_started', itemId: null });
    gate.submit(() => done.push(1));
    clock.advance(200);
    expect(done).toEqual([]);
    gate.setUserSpeaking(false);
    expect(done).toEqual([1]);
  });

  it('dispose drops held work and timers', () => {
    const clock = new FakeClock();
    const gate = new DeliveryGate(clock);
    const done: number[] = [];
    gate.setUserSpeaking(true);
    gate.submit(() => done.push(1));
    gate.dispose();
    gate.dispose();
    gate.setUserSpeaking(false);
    gate.submit(() => done.push(2));
    expect(done).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });
});
