import { describe, expect, it } from 'vitest';
import { BargeIn, splitHeardText } from '../../../main/audio/barge-in';
import { PlaybackLedger } from '../../../main/audio/playback-ledger';
import { FakeClock } from '../../fakes/fake-clock';

function setup(): { clock: FakeClock; ledger: PlaybackLedger; bargeIn: BargeIn } {
  const clock = new FakeClock();
  const ledger = new PlaybackLedger({ clock });
  return { clock, ledger, bargeIn: new BargeIn(ledger) };
}

describe('BargeIn', () => {
  it('does nothing when nothing is playing or queued', () => {
    const { bargeIn } = setup();
    expect(bargeIn.decide('speech_started')).toEqual({
      trigger: 'speech_started',
      stopPlayback: false,
      truncate: null,
      interruptedItemIds: [],
    });
  });

  it('truncates at the played position, not at what was received or the response state', () => {
    const { ledger, bargeIn } = setup();
    ledger.addReceived('item_1', 24_000 * 5); // 5 s received
    ledger.markReceiveEnded('item_1'); // response.done arrived long ago
    ledger.recordPlayed({ itemId: 'item_1', playedSamples: 24_000 * 1.25 });
    const d = bargeIn.decide('speech_started');
    expect(d.stopPlayback).toBe(true);
    expect(d.truncate).toEqual({ item_id: 'item_1', content_index: 0, audio_end_ms: 1250 });
    expect(d.interruptedItemIds).toEqual(['item_1']);
  });

  it('adds the time since the last report while playback advances (fake clock)', () => {
    const { clock, ledger, bargeIn } = setup();
    ledger.addReceived('a', 24_000);
    ledger.recordPlayed({ itemId: 'a', playedSamples: 4800 }); // 200 ms
    clock.advance(25);
    expect(bargeIn.decide('talk_key').truncate?.audio_end_ms).toBe(225);
  });

  it('stops queued audio but sends no truncate when nothing of the item was played', () => {
    const { ledger, bargeIn } = setup();
    ledger.addReceived('a', 960); // still pre-buffering in the player
    const d = bargeIn.decide('speech_started');
    expect(d.stopPlayback).toBe(true);
    expect(d.truncate).toBeNull();
    expect(bargeIn.shouldDropDelta('a')).toBe(true);
  });

  it('clamps audio_end_ms to the audio received and rounds down to whole ms', () => {
    const { ledger, bargeIn } = setup();
    ledger.addReceived('a', 1001); // 41.708 ms
    ledger.recordPlayed({ itemId: 'a', playedSamples: 5000 });
    expect(bargeIn.decide('speech_started').truncate?.audio_end_ms).toBe(41);
  });

  it('truncates the playing item and interrupts the ones queued behind it', () => {
    const { ledger, bargeIn } = setup();
    ledger.addReceived('a', 4800);
    ledger.recordPlayed({ itemId: 'a', playedSamples: 4800 }); // finished
    ledger.addReceived('b', 4800);
    ledger.recordPlayed({ itemId: 'b', playedSamples: 2400 });
    ledger.addReceived('c', 4800);
    const d = bargeIn.decide('speech_started');
    expect(d.truncate).toEqual({ item_id: 'b', content_index: 0, audio_end_ms: 100 });
    expect(d.interruptedItemIds).toEqual(['b', 'c']);
    expect(bargeIn.shouldDropDelta('a')).toBe(false);
    expect(bargeIn.shouldDropDelta('b')).toBe(true);
    expect(bargeIn.shouldDropDelta('c')).toBe(true);
  });

  it('truncates an item that underran while still streaming (everything received was heard)', () => {
    const { ledger, bargeIn } = setup();
    ledger.addReceived('a', 2400);
    ledger.recordPlayed({ itemId: 'a', playedSamples: 2400 });
    expect(bargeIn.decide('speech_started').truncate?.audio_end_ms).toBe(100);
  });

  it('a second trigger after a barge-in is a no-op (no duplicate truncate)', () => {
    const { ledger, bargeIn } = setup();
    ledger.addReceived('a', 4800);
    ledger.recordPlayed({ itemId: 'a', playedSamples: 480 });
    expect(bargeIn.decide('speech_started').truncate).not.toBeNull();
    const again = bargeIn.decide('talk_key');
    expect(again.stopPlayback).toBe(false);
    expect(again.truncate).toBeNull();
  });

  it('truncateFor uses the final reported count after stop', () => {
    const { clock, ledger, bargeIn } = setup();
    ledger.addReceived('a', 24_000);
    ledger.recordPlayed({ itemId: 'a', playedSamples: 2400 });
    clock.advance(20);
    bargeIn.decide('speech_started');
    ledger.recordPlayed({ itemId: 'a', playedSamples: 2904 }); // the player's stop report
    clock.advance(100);
    expect(bargeIn.truncateFor('a')?.audio_end_ms).toBe(121);
    expect(bargeIn.truncateFor('unknown')).toBeNull();
  });

  it('forget clears the interrupted mark', () => {
    const { ledger, bargeIn } = setup();
    ledger.addReceived('a', 10);
    bargeIn.decide('speech_started');
    bargeIn.forget('a');
    expect(bargeIn.shouldDropDelta('a')).toBe(false);
  });
});

describe('splitHeardText', () => {
  const text = 'The build passed and all tests are green now';

  it('cuts proportionally and backs off to a word start', () => {
    // 40 % of 44 chars = 17.6 → 17, inside "and" → back to its start.
    const s = splitHeardText(text, 400, 1000);
    expect(s).toEqual({ heard: 'The build passed ', unheard: 'and all tests are green now' });
  });

  it('keeps a word whose end the cut reaches', () => {
    // 16/44 of the audio → cut at 16, just after "passed".
    const s = splitHeardText(text, 16, 44);
    expect(s.heard).toBe('The build passed');
    expect(s.heard + s.unheard).toBe(text);
  });

  it('handles nothing heard, everything heard and unknown totals', () => {
    expect(splitHeardText(text, 0, 1000)).toEqual({ heard: '', unheard: text });
    expect(splitHeardText(text, 1000, 1000)).toEqual({ heard: text, unheard: '' });
    expect(splitHeardText(text, 500, 0)).toEqual({ heard: '', unheard: text });
    expect(splitHeardText('', 500, 1000)).toEqual({ heard: '', unheard: '' });
  });

  it('counts a single long half-heard word as unheard', () => {
    expect(splitHeardText('Supercalifragilistic', 900, 1000).heard).toBe('');
  });
});
