import { describe, expect, it } from 'vitest';
import { PlaybackLedger } from '../../../main/audio/playback-ledger';
import { FakeClock } from '../../fakes/fake-clock';

function setup(sampleRate?: number): { clock: FakeClock; ledger: PlaybackLedger } {
  const clock = new FakeClock(1000);
  return { clock, ledger: new PlaybackLedger({ clock, ...(sampleRate ? { sampleRate } : {}) }) };
}

describe('PlaybackLedger', () => {
  it('accumulates received samples and converts to ms at 24 kHz', () => {
    const { ledger } = setup();
    ledger.addReceived('a', 480);
    ledger.addReceived('a', 2400);
    expect(ledger.receivedSamples('a')).toBe(2880);
    expect(ledger.receivedMs('a')).toBe(120);
    expect(ledger.playedMs('a')).toBe(0);
    expect(ledger.receivedSamples('nope')).toBe(0);
  });

  it('takes cumulative played reports, never going backwards, clamped to received', () => {
    const { ledger } = setup();
    ledger.addReceived('a', 4800);
    expect(ledger.recordPlayed({ itemId: 'a', playedSamples: 1200 })).toBe(true);
    ledger.recordPlayed({ itemId: 'a', playedSamples: 600 }); // stale, out of order
    expect(ledger.playedSamples('a')).toBe(1200);
    expect(ledger.playedMs('a')).toBe(50);
    ledger.recordPlayed({ itemId: 'a', playedSamples: 9999 });
    expect(ledger.playedSamples('a')).toBe(4800);
    expect(ledger.playedMs('a')).toBe(200);
    expect(ledger.recordPlayed({ itemId: 'ghost', playedSamples: 10 })).toBe(false);
    expect(ledger.recordPlayed({ itemId: 'a', playedSamples: Number.NaN })).toBe(false);
  });

  it('is sample-rate aware', () => {
    const { ledger } = setup(48_000);
    ledger.addReceived('a', 48_000);
    ledger.recordPlayed({ itemId: 'a', playedSamples: 4800 });
    expect(ledger.receivedMs('a')).toBe(1000);
    expect(ledger.playedMs('a')).toBe(100);
  });

  it('extrapolates an advancing item from the clock, bounded and clamped', () => {
    const { clock, ledger } = setup();
    ledger.addReceived('a', 24_000);
    ledger.recordPlayed({ itemId: 'a', playedSamples: 2400 });
    clock.advance(30);
    expect(ledger.estimatedPlayedSamples('a')).toBe(2400 + 720);
    expect(ledger.playedSamples('a')).toBe(2400); // the reported count is untouched
    clock.advance(500);
    expect(ledger.estimatedPlayedMs('a')).toBe(100 + 60); // capped at maxExtrapolationMs
    // A report without progress (underrun) stops extrapolation.
    ledger.recordPlayed({ itemId: 'a', playedSamples: 2400 });
    clock.advance(40);
    expect(ledger.estimatedPlayedSamples('a')).toBe(2400);
  });

  it('never estimates past what was received', () => {
    const { clock, ledger } = setup();
    ledger.addReceived('a', 1000);
    ledger.recordPlayed({ itemId: 'a', playedSamples: 900 });
    clock.advance(50);
    expect(ledger.estimatedPlayedSamples('a')).toBe(1000);
  });

  it('tracks the playing item in arrival order, independent of the response state', () => {
    const { ledger } = setup();
    expect(ledger.currentItem()).toBeNull();
    ledger.addReceived('a', 4800);
    ledger.markReceiveEnded('a'); // like response.done: all audio received, little played
    expect(ledger.currentItem()).toBe('a');
    ledger.addReceived('b', 4800);
    expect(ledger.liveItems()).toEqual(['a', 'b']);
    ledger.recordPlayed({ itemId: 'a', playedSamples: 4800 });
    expect(ledger.currentItem()).toBe('b');
    ledger.recordPlayed({ itemId: 'b', playedSamples: 4800 });
    // b may still be receiving (no audio end yet): an underrun, not the end.
    expect(ledger.currentItem()).toBe('b');
    ledger.markReceiveEnded('b');
    expect(ledger.currentItem()).toBeNull();
  });

  it('treats an item as complete once a later item arrives', () => {
    const { ledger } = setup();
    ledger.addReceived('a', 100);
    ledger.recordPlayed({ itemId: 'a', playedSamples: 100 });
    expect(ledger.currentItem()).toBe('a');
    ledger.addReceived('b', 100);
    expect(ledger.currentItem()).toBe('b');
  });

  it('stopped items are no longer live and do not extrapolate', () => {
    const { clock, ledger } = setup();
    ledger.addReceived('a', 24_000);
    ledger.recordPlayed({ itemId: 'a', playedSamples: 2400 });
    ledger.markPlaybackStopped(['a', 'unknown']);
    clock.advance(30);
    expect(ledger.estimatedPlayedSamples('a')).toBe(2400);
    expect(ledger.currentItem()).toBeNull();
    // The player's final report after stop still counts.
    ledger.recordPlayed({ itemId: 'a', playedSamples: 2880 });
    clock.advance(30);
    expect(ledger.estimatedPlayedSamples('a')).toBe(2880);
  });

  it('forgets items, and prunes old finished ones', () => {
    const clock = new FakeClock();
    const ledger = new PlaybackLedger({ clock, retainFinished: 2 });
    ledger.addReceived('a', 10);
    ledger.forget('a');
    expect(ledger.has('a')).toBe(false);
    expect(ledger.recordPlayed({ itemId: 'a', playedSamples: 5 })).toBe(false);
    for (const id of ['1', '2', '3', '4', '5']) {
      ledger.addReceived(id, 10);
      ledger.markReceiveEnded(id);
      ledger.recordPlayed({ itemId: id, playedSamples: 10 });
    }
    ledger.addReceived('6', 10);
    expect(['1', '2', '3', '4', '5', '6'].filter((id) => ledger.has(id))).toEqual(['4', '5', '6']);
  });
});
