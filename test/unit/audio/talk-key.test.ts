import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../main/base/logger';
import { STUCK_TALK_KEY_MS, TalkKey } from '../../../main/audio/talk-key';
import { FakeClock } from '../../fakes/fake-clock';

function key() {
  const clock = new FakeClock();
  const logs: Omit<LogRecord, 'ts'>[] = [];
  const changes: boolean[] = [];
  const talk = new TalkKey({
    clock,
    log: (level, event, fields) => logs.push({ level, event, ...fields }),
    onChange: (pressed) => changes.push(pressed),
  });
  return { talk, clock, logs, changes };
}

describe('TalkKey', () => {
  it('reports each change once: a repeated down or up changes nothing', () => {
    const { talk, changes } = key();
    talk.set(true);
    talk.set(true);
    talk.set(false);
    talk.set(false);
    expect(changes).toEqual([true, false]);
  });

  it('releases a key held past the stuck-key timeout', () => {
    const { talk, clock, logs, changes } = key();
    talk.set(true);
    clock.advance(STUCK_TALK_KEY_MS - 1);
    expect(talk.pressed).toBe(true);
    clock.advance(1);
    expect(talk.pressed).toBe(false);
    expect(changes).toEqual([true, false]);
    expect(logs.map((l) => l.event)).toContain('talk.stuck_key_released');
  });

  it('a key-up in time, or a release, cancels the stuck-key timer', () => {
    const { talk, clock, logs } = key();
    talk.set(true);
    talk.set(false);
    talk.set(true);
    talk.release();
    clock.advance(STUCK_TALK_KEY_MS * 2);
    expect(logs.some((l) => l.event === 'talk.stuck_key_released')).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });
});
