import type { LogRecord } from '../../../main/base/logger';
import { TalkInput } from '../../../main/audio/talk-input';
import type { TalkMode } from '../../../preload/schemas/settings';
import { type TalkInputEvents, type TalkInputOptions } from '../../../main/audio/talk-input-types';
import { FakeClock } from '../../fakes/fake-clock';

/** One recorded event, flattened so a test can compare a whole sequence at once. */
export type Recorded = {
  [K in keyof TalkInputEvents]: { event: K } & TalkInputEvents[K];
}[keyof TalkInputEvents];

/** A talk machine on a fake clock that records every event and log line it produces. */
export function talkHarness(mode: TalkMode, options: Partial<TalkInputOptions> = {}) {
  const clock = new FakeClock(1_000);
  const logs: Omit<LogRecord, 'ts'>[] = [];
  const talk = new TalkInput({
    clock,
    mode,
    log: (level, event, fields) => logs.push({ level, event, ...fields }),
    ...options,
  });
  const events: Recorded[] = [];
  for (const name of [
    'change',
    'turn-start',
    'turn-end',
    'turn-cancel',
    'interrupt',
    'refused',
  ] as const) {
    talk.on(name, (payload) => events.push({ event: name, ...payload } as Recorded));
  }
  /** Events other than `change`, as `name:reason` strings, in order. */
  const turns = (): string[] =>
    events
      .filter((e) => e.event !== 'change')
      .map((e) => ('reason' in e ? `${e.event}:${e.reason}` : e.event));
  /** The sequence of states `change` reported. */
  const states = (): string[] => events.filter((e) => e.event === 'change').map((e) => e.state);
  /** Holds the key for `ms`, then releases it and lets the debounce window pass. */
  const hold = (ms: number, source: 'hook' | 'portal' | 'button' = 'hook'): void => {
    talk.keyDown(source);
    clock.advance(ms);
    talk.keyUp(source);
    clock.advance(100);
  };
  return { clock, talk, events, logs, turns, states, hold };
}
