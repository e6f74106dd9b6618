import { describe, expect, it } from 'vitest';
import type { Clock, TimerHandle } from '../../../main/base/clock';
import { SILENCE_FRAME_BASE64, SilencePacer } from '../../../main/audio/silence-pacer';
import { FakeClock } from '../../fakes/fake-clock';

/** A clock whose timers fire only when the test jumps time: every due timer then runs late. */
class StallingClock implements Clock {
  private time = 0;
  private timers: { id: number; at: number; fn: () => void }[] = [];
  private nextId = 1;
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.time + ms, fn };
    this.timers.push(timer);
    return timer.id;
  }
  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  /** Time jumps to `at`; timers due by then run now, once each (their successors wait). */
  jumpTo(at: number): void {
    this.time = at;
    const due = this.timers.filter((t) => t.at <= at);
    this.timers = this.timers.filter((t) => t.at > at);
    for (const timer of due) timer.fn();
  }
}

function pacerOn(clock: Clock) {
  const sent: { at: number; frame: string }[] = [];
  const pacer = new SilencePacer({ clock, send: (frame) => sent.push({ at: clock.now(), frame }) });
  return { pacer, sent };
}

describe('SilencePacer', () => {
  it('a session with no microphone gets 20 ms silence frames at real-time pace', () => {
    const clock = new FakeClock(1_000);
    const { pacer, sent } = pacerOn(clock);
    pacer.start();
    expect(sent).toHaveLength(1); // the first frame at once
    clock.advance(1_000);
    expect(sent).toHaveLength(51); // one every 20 ms: 0, 20, …, 1000
    expect(sent.every((s) => s.frame === SILENCE_FRAME_BASE64)).toBe(true);
    expect(Buffer.from(SILENCE_FRAME_BASE64, 'base64')).toEqual(Buffer.alloc(960));
    const gaps = sent.slice(1).map((s, i) => s.at - (sent[i]?.at ?? 0));
    expect(new Set(gaps)).toEqual(new Set([20]));
    expect(pacer.silenceFrames).toBe(51);
  });

  it('stops the moment real frames flow, and resumes once they stop', () => {
    const clock = new FakeClock();
    const { pacer, sent } = pacerOn(clock);
    pacer.start();
    clock.advance(100);
    const before = sent.length;
    expect(before).toBe(6);
    // The microphone streams for one second: no silence in between.
    for (let i = 0; i < 50; i++) {
      pacer.noteRealFrame();
      expect(pacer.isSendingSilence).toBe(false);
      clock.advance(20);
    }
    expect(sent).toHaveLength(before);
    // The hold-to-talk key is released: frames stop; silence resumes after the idle window.
    clock.advance(179);
    expect(sent).toHaveLength(before);
    clock.advance(1);
    expect(sent).toHaveLength(before + 1);
    clock.advance(200);
    expect(sent).toHaveLength(before + 11);
  });

  it('a real frame in the middle of silence cuts it off at once', () => {
    const clock = new FakeClock();
    const { pacer, sent } = pacerOn(clock);
    pacer.start();
    clock.advance(50);
    pacer.noteRealFrame();
    const count = sent.length;
    clock.advance(150);
    expect(sent).toHaveLength(count);
    expect(pacer.isRunning).toBe(true);
  });

  it('never bursts to catch up after a stall: at most three frames at once', () => {
    const clock = new StallingClock();
    const { pacer, sent } = pacerOn(clock);
    pacer.start();
    clock.jumpTo(20);
    clock.jumpTo(40);
    expect(sent).toHaveLength(3);
    clock.jumpTo(2_040); // the event loop was blocked for two seconds
    expect(sent).toHaveLength(6);
    // And it is back to real-time pace afterwards, not owed the missed frames.
    clock.jumpTo(2_060);
    expect(sent).toHaveLength(7);
    clock.jumpTo(2_080);
    expect(sent).toHaveLength(8);
  });

  it('sends nothing before start or after stop; start again resumes', () => {
    const clock = new FakeClock();
    const { pacer, sent } = pacerOn(clock);
    clock.advance(500);
    expect(sent).toHaveLength(0);
    pacer.start();
    clock.advance(40);
    pacer.stop();
    expect(clock.pendingTimers()).toBe(0);
    const count = sent.length;
    clock.advance(1_000);
    expect(sent).toHaveLength(count);
    pacer.start();
    pacer.start();
    clock.advance(20);
    expect(sent).toHaveLength(count + 2);
    pacer.dispose();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a microphone already streaming at start delays the silence', () => {
    const clock = new FakeClock();
    const { pacer, sent } = pacerOn(clock);
    pacer.noteRealFrame();
    clock.advance(50);
    pacer.start();
    expect(sent).toHaveLength(0);
    clock.advance(150);
    expect(sent).toHaveLength(1);
  });
});
