import { describe, expect, it } from 'vitest';
import { AudioPipeline } from '../../../main/audio/audio-pipeline';
import { type AudioClientEvent } from '../../../main/audio/audio-pipeline-types';
import type { InputMode } from '../../../main/audio/capture-input';
import { encodePcm16Base64, FRAME_SAMPLES } from '../../../main/audio/pcm16';
import { TalkInput } from '../../../main/audio/talk-input';
import type { TalkMode } from '../../../preload/schemas/settings';
import { followTalkTurns } from '../../../main/audio/talk-turn-link';
import type { MainToRendererAudio } from '../../../preload/audio-wire';
import { FakeClock } from '../../fakes/fake-clock';

/** The real talk machine driving the real audio pipeline, with the session recorded. */
function rig(mode: TalkMode, inputMode: InputMode) {
  const clock = new FakeClock(1_000);
  const events: AudioClientEvent[] = [];
  const toRenderer: MainToRendererAudio[] = [];
  let responses = 0;
  const audio = new AudioPipeline({
    clock,
    sendAudio: () => {},
    sendEvent: (event) => void events.push(event),
    requestResponse: () => void responses++,
    cancelResponse: () => false,
    toRenderer: (msg) => toRenderer.push(msg),
    protocol: () => 'v2',
    log: () => {},
    inputMode,
  });
  const talk = new TalkInput({ clock, mode });
  const unlink = followTalkTurns(talk, audio);
  /** Holds the key for `ms` while the microphone delivers a frame every 20 ms. */
  const speak = (ms: number): void => {
    talk.keyDown('hook');
    for (let t = 0; t < ms; t += 20) {
      audio.onCaptureFrame(new Int16Array(FRAME_SAMPLES).fill(4000));
      clock.advance(20);
    }
    talk.keyUp('hook');
    clock.advance(200);
  };
  return {
    clock,
    audio,
    talk,
    unlink,
    events,
    toRenderer,
    speak,
    types: () => events.map((e) => e.type),
    responses: () => responses,
  };
}

describe('followTalkTurns', () => {
  it('a held turn clears the input buffer at the press and commits after the release', () => {
    const r = rig('hold', 'hold');
    r.speak(400);
    expect(r.types()).toEqual(['input_audio_buffer.clear', 'input_audio_buffer.commit']);
    expect(r.responses()).toBe(1);
  });

  it('a brush of the key is cleared, never committed', () => {
    const r = rig('hold', 'hold');
    r.speak(100);
    expect(r.types()).toEqual(['input_audio_buffer.clear', 'input_audio_buffer.clear']);
    expect(r.responses()).toBe(0);
  });

  it('muting mid-turn discards it', () => {
    const r = rig('toggle', 'hold');
    r.speak(400);
    r.talk.setMuted(true);
    expect(r.types()).toEqual(['input_audio_buffer.clear', 'input_audio_buffer.clear']);
    expect(r.responses()).toBe(0);
  });

  it('the hands-free talk key stops the assistant at the played position', () => {
    const r = rig('hands-free', 'stream');
    const pcm = encodePcm16Base64(new Int16Array(24_000).fill(1000));
    r.audio.onServerEvent({
      type: 'audio_out',
      data: pcm,
      sampleRate: 24_000,
      channels: 1,
      samplesPerChannel: 24_000,
      itemId: 'a1',
    });
    r.audio.onPlayedReport({ itemId: 'a1', playedSamples: 4_800 });
    r.talk.keyPress('shortcut');
    expect(r.toRenderer.at(-1)).toEqual({ kind: 'stop' });
    expect(r.events).toEqual([
      { type: 'conversation.item.truncate', item_id: 'a1', content_index: 0, audio_end_ms: 200 },
    ]);
  });

  it('unlinking stops following', () => {
    const r = rig('hold', 'hold');
    r.unlink();
    r.speak(400);
    expect(r.events).toEqual([]);
    expect(r.talk.listenerCount()).toBe(0);
  });
});
