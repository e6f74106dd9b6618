import type { Protocol } from '../../../preload/schemas/settings';
import { describe, expect, it } from 'vitest';
import {
  encodeAudioMessage,
  type MainToRendererAudio,
  type PlayChunkMessage,
} from '../../../preload/audio-wire';
import { AudioPipeline } from '../../../main/audio/audio-pipeline';
import {
  type AudioClientEvent,
  type AudioInterruption,
  type AudioPipelineDeps,
} from '../../../main/audio/audio-pipeline-types';
import type { InputMode } from '../../../main/audio/capture-input';
import { decodePcm16Base64, encodePcm16Base64, FRAME_SAMPLES } from '../../../main/audio/pcm16';
import type { RealtimeEvent } from '../../../main/realtime/realtime-events';
import { FakeClock } from '../../fakes/fake-clock';

interface Options {
  protocol?: Protocol | null;
  inputMode?: InputMode;
  releaseTailMs?: number;
  /** The server is generating a response (what `cancelResponse` finds). */
  responseActive?: boolean;
}

function setup(options: Options = {}) {
  const clock = new FakeClock(1000);
  const sentAudio: string[] = [];
  /** Client events in wire order; `response.cancel` is recorded here by the fake arbiter. */
  const events: (AudioClientEvent | { type: 'response.cancel' })[] = [];
  const toRenderer: MainToRendererAudio[] = [];
  const interruptions: AudioInterruption[] = [];
  const logs: Record<string, unknown>[] = [];
  let responses = 0;
  let responseActive = options.responseActive ?? false;
  let protocol: Protocol | null = options.protocol === undefined ? 'v2' : options.protocol;
  const deps: AudioPipelineDeps = {
    clock,
    sendAudio: (frame) => sentAudio.push(frame),
    sendEvent: (event) => void events.push(event),
    requestResponse: () => void responses++,
    cancelResponse: () => {
      if (!responseActive) return false;
      responseActive = false;
      events.push({ type: 'response.cancel' });
      return true;
    },
    toRenderer: (msg) => toRenderer.push(msg),
    protocol: () => protocol,
    log: (level, event, fields) => logs.push({ level, event, ...fields }),
    ...(options.inputMode ? { inputMode: options.inputMode } : {}),
    ...(options.releaseTailMs !== undefined ? { releaseTailMs: options.releaseTailMs } : {}),
  };
  const pipeline = new AudioPipeline(deps);
  pipeline.on('interrupted', (i) => interruptions.push(i));
  return {
    clock,
    pipeline,
    sentAudio,
    events,
    toRenderer,
    interruptions,
    logs,
    responses: () => responses,
    setProtocol: (p: Protocol | null) => (protocol = p),
    setResponseActive: (active: boolean) => (responseActive = active),
    eventTypes: () => events.map((e) => e.type),
    plays: (itemId?: string) =>
      toRenderer.filter(
        (m): m is PlayChunkMessage =>
          m.kind === 'play' && (itemId === undefined || m.itemId === itemId),
      ),
  };
}

type Env = ReturnType<typeof setup>;

function tone(samples: number, channels = 1, amplitude = 8000, hz = 440, rate = 24000) {
  const out = new Int16Array(samples * channels);
  for (let i = 0; i < samples; i++) {
    const v = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate));
    for (let c = 0; c < channels; c++) out[i * channels + c] = v;
  }
  return out;
}

function audioOut(
  samples: number,
  itemId: string | null = 'item_a',
  sampleRate = 24000,
  channels = 1,
): RealtimeEvent {
  return {
    type: 'audio_out',
    data: encodePcm16Base64(tone(samples, channels, 8000, 440, sampleRate)),
    sampleRate,
    channels,
    samplesPerChannel: samples,
    itemId,
  };
}

const speechStarted: RealtimeEvent = { type: 'speech_started', itemId: null };

/** 1 s of item_a received, 300 ms reported played at t = 1000, then `after` ms pass. */
function playing(env: Env, playedSamples = 7200, after = 0): void {
  env.pipeline.onServerEvent(audioOut(24000));
  env.pipeline.onPlayedReport({ itemId: 'item_a', playedSamples });
  env.clock.advance(after);
}

describe('AudioPipeline output', () => {
  it('forwards V2 24 kHz audio unchanged as play chunks', () => {
    const env = setup();
    const event = audioOut(2400);
    env.pipeline.onServerEvent(event);
    const [chunk] = env.plays('item_a');
    expect(chunk?.pcm).toEqual(decodePcm16Base64((event as { data: string }).data));
    expect(env.pipeline.isPlaying).toBe(true);
  });

  it('downmixes and resamples V1 48 kHz stereo to 24 kHz mono, one item per reply', () => {
    const env = setup({ protocol: 'v1' });
    for (let i = 0; i < 10; i++) env.pipeline.onServerEvent(audioOut(4800, null, 48000, 2));
    env.pipeline.onServerEvent({ type: 'response_done', responseId: null });
    const chunks = env.plays();
    const ids = new Set(chunks.map((c) => c.itemId));
    expect(ids.size).toBe(1);
    const total = chunks.reduce((n, c) => n + c.pcm.length, 0);
    // 10 × 100 ms at 48 kHz = 1 s → exactly 24 000 samples at 24 kHz once flushed.
    expect(total).toBe(24000);
    const itemEnd = env.toRenderer.at(-1);
    expect(itemEnd).toEqual({ kind: 'item_end', itemId: [...ids][0] });
    // The tone keeps its amplitude (both channels equal, so the downmix is the tone itself).
    const all = new Int16Array(total);
    let at = 0;
    for (const c of chunks) {
      all.set(c.pcm, at);
      at += c.pcm.length;
    }
    const mid = all.subarray(2000, 22000);
    const peak = mid.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak).toBeGreaterThan(7900);
    expect(peak).toBeLessThan(8100);
  });

  it('averages differing channels', () => {
    const env = setup({ protocol: 'v1' });
    const stereo = new Int16Array([1000, 3000, -2000, 0]);
    env.pipeline.onServerEvent({
      type: 'audio_out',
      data: encodePcm16Base64(stereo),
      sampleRate: 24000,
      channels: 2,
      samplesPerChannel: 2,
      itemId: null,
    });
    expect([...(env.plays()[0]?.pcm ?? [])]).toEqual([2000, -1000]);
  });

  it('starts a new V1 item after a reply ends', () => {
    const env = setup({ protocol: 'v1' });
    env.pipeline.onServerEvent(audioOut(480, null));
    env.pipeline.onServerEvent({ type: 'output_transcript_done', transcript: 'hi', itemId: null });
    env.pipeline.onServerEvent(audioOut(480, null));
    const ids = env.plays().map((c) => c.itemId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('rejects deltas with impossible formats and counts them', () => {
    const env = setup();
    env.pipeline.onServerEvent({ ...audioOut(480), sampleRate: 0 } as RealtimeEvent);
    env.pipeline.onServerEvent({ ...audioOut(480), channels: 0 } as RealtimeEvent);
    env.pipeline.onServerEvent(audioOut(480, 'x'.repeat(300)));
    expect(env.plays()).toHaveLength(0);
    expect(env.pipeline.stats.deltasRejected).toBe(3);
  });

  it('plays every rate real servers send, resampled to 24 kHz', () => {
    for (const rate of [8_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000]) {
      const env = setup({ protocol: 'v1' });
      env.pipeline.onServerEvent(audioOut(rate / 10, null, rate));
      env.pipeline.onServerEvent({ type: 'output_transcript_done', transcript: 'x', itemId: null });
      const played = env.plays().reduce((n, c) => n + c.pcm.length, 0);
      // 100 ms in, 100 ms out (give or take the resampler's rounding).
      expect(Math.abs(played - 2400), `${rate} Hz`).toBeLessThanOrEqual(2);
    }
  });

  it('drops and reports a delta at a rate no server sends, without building a filter for it', () => {
    const env = setup();
    for (const rate of [23_999, 24_001, 96_000, 191_999, 8_001]) {
      env.pipeline.onServerEvent({ ...audioOut(480), sampleRate: rate } as RealtimeEvent);
    }
    expect(env.plays()).toHaveLength(0);
    expect(env.pipeline.stats.deltasRejected).toBe(5);
    expect(env.logs.find((l) => l.event === 'audio.delta_rejected')?.detail).toBe(
      'unsupported sample rate 23999 Hz',
    );
  });

  it('splits a very long delta into chunks the wire accepts', () => {
    const env = setup();
    env.pipeline.onServerEvent(audioOut(60000));
    const lengths = env.plays().map((c) => c.pcm.length);
    expect(lengths).toEqual([24000, 24000, 12000]);
    for (const c of env.plays()) expect(() => encodeAudioMessage(c)).not.toThrow();
  });
});

describe('AudioPipeline barge-in', () => {
  it('V2 speech_started stops playback and truncates at the played ms', () => {
    const env = setup();
    playing(env, 7200, 20); // 300 ms reported, then 20 ms of extrapolation
    env.pipeline.onServerEvent(speechStarted);
    expect(env.toRenderer.at(-1)).toEqual({ kind: 'stop' });
    expect(env.events).toEqual([
      {
        type: 'conversation.item.truncate',
        item_id: 'item_a',
        content_index: 0,
        audio_end_ms: 320,
      },
    ]);
    expect(env.interruptions).toEqual([
      {
        itemId: 'item_a',
        trigger: 'speech_started',
        playedMs: 320,
        receivedMs: 1000,
        truncated: true,
      },
    ]);
    expect(env.pipeline.isPlaying).toBe(false);
  });

  it('clamps the truncate to the audio received', () => {
    const env = setup();
    env.pipeline.onServerEvent(audioOut(2400)); // 100 ms
    env.pipeline.onPlayedReport({ itemId: 'item_a', playedSamples: 9999 });
    env.pipeline.onServerEvent(speechStarted);
    expect(env.events[0]).toMatchObject({ audio_end_ms: 100 });
  });

  it('sends no truncate when nothing of the item was played, but still stops', () => {
    const env = setup();
    env.pipeline.onServerEvent(audioOut(24000));
    env.clock.advance(500); // no played report ever came
    env.pipeline.onServerEvent(speechStarted);
    expect(env.events).toEqual([]);
    expect(env.toRenderer.at(-1)).toEqual({ kind: 'stop' });
    expect(env.interruptions[0]).toMatchObject({ playedMs: 0, truncated: false });
  });

  it('does nothing when no assistant audio is playing', () => {
    const env = setup();
    env.pipeline.onServerEvent(speechStarted);
    expect(env.events).toEqual([]);
    expect(env.toRenderer).toEqual([]);
    expect(env.interruptions).toEqual([]);
  });

  it('follows playback, not the response: barge-in after response_done still truncates', () => {
    const env = setup();
    env.pipeline.onServerEvent(audioOut(24000));
    env.pipeline.onServerEvent({ type: 'response_done', responseId: 'r1' });
    env.pipeline.onPlayedReport({ itemId: 'item_a', playedSamples: 12000 });
    env.pipeline.onServerEvent(speechStarted);
    expect(env.events[0]).toMatchObject({ item_id: 'item_a', audio_end_ms: 500 });
  });

  it('no barge-in once the item has played to its end', () => {
    const env = setup();
    env.pipeline.onServerEvent(audioOut(2400));
    env.pipeline.onServerEvent({ type: 'response_done', responseId: 'r1' });
    env.pipeline.onPlayedReport({ itemId: 'item_a', playedSamples: 2400 });
    expect(env.pipeline.isPlaying).toBe(false);
    env.pipeline.onServerEvent(speechStarted);
    expect(env.events).toEqual([]);
  });

  it('drops late deltas of the interrupted item, plays the next item', () => {
    const env = setup();
    playing(env);
    env.pipeline.onServerEvent(speechStarted);
    const before = env.plays().length;
    env.pipeline.onServerEvent(audioOut(2400, 'item_a'));
    env.pipeline.onServerEvent(audioOut(2400, 'item_a'));
    expect(env.plays()).toHaveLength(before);
    expect(env.pipeline.stats.deltasDropped).toBe(2);
    env.pipeline.onServerEvent(audioOut(2400, 'item_b'));
    expect(env.plays('item_b')).toHaveLength(1);
  });

  it('V1: no truncate (not in the protocol), interruption still reported, late audio dropped', () => {
    const env = setup({
      protocol: 'v1',
      inputMode: 'hold',
      releaseTailMs: 0,
      responseActive: true,
    });
    env.pipeline.onServerEvent(audioOut(24000, null));
    const itemId = env.plays()[0]?.itemId ?? '';
    env.pipeline.onPlayedReport({ itemId, playedSamples: 4800 });
    env.pipeline.onTalkKey('press');
    // V1 has no truncate, cancel or clear: the key only stops playback here.
    expect(env.eventTypes()).toEqual([]);
    expect(env.interruptions[0]).toMatchObject({ itemId, playedMs: 200, truncated: false });
    env.pipeline.onServerEvent(audioOut(2400, null)); // the rest of the interrupted reply
    expect(env.plays()).toHaveLength(1);
    env.pipeline.onServerEvent({ type: 'response_done', responseId: null });
    env.pipeline.onServerEvent(audioOut(2400, null)); // the next reply
    expect(env.plays()).toHaveLength(2);
    expect(env.plays()[1]?.itemId).not.toBe(itemId);
  });

  it('interrupts queued items too, reporting them as unheard', () => {
    const env = setup();
    playing(env);
    env.pipeline.onServerEvent(audioOut(2400, 'item_b'));
    env.pipeline.onServerEvent(speechStarted);
    expect(env.interruptions.map((i) => [i.itemId, i.playedMs, i.truncated])).toEqual([
      ['item_a', 300, true],
      ['item_b', 0, false],
    ]);
    expect(env.events).toHaveLength(1);
  });

  it('V2 speech_started never cancels: the server cancels for speech it detects', () => {
    const env = setup({ responseActive: true });
    playing(env);
    env.pipeline.onServerEvent(speechStarted);
    expect(env.eventTypes()).toEqual(['conversation.item.truncate']);
    expect(env.pipeline.stats.cancelsSent).toBe(0);
  });
});

describe('AudioPipeline hold-to-talk', () => {
  function frames(env: Env, n: number): void {
    for (let i = 0; i < n; i++) env.pipeline.onCaptureFrame(tone(FRAME_SAMPLES));
  }

  it('press clears, release commits after the tail and asks for a response', () => {
    const env = setup({ inputMode: 'hold' });
    env.pipeline.onTalkKey('press');
    expect(env.eventTypes()).toEqual(['input_audio_buffer.clear']);
    frames(env, 10);
    env.pipeline.onTalkKey('release');
    frames(env, 3); // still in the release tail: belongs to the turn
    expect(env.eventTypes()).toEqual(['input_audio_buffer.clear']);
    env.clock.advance(80);
    expect(env.eventTypes()).toEqual(['input_audio_buffer.clear', 'input_audio_buffer.commit']);
    expect(env.responses()).toBe(1);
    expect(env.sentAudio).toHaveLength(13);
    frames(env, 5); // after the turn: not sent in hold mode
    expect(env.sentAudio).toHaveLength(13);
  });

  it('Live: the key only gates the microphone — no clear, commit, truncate or response', () => {
    const env = setup({ inputMode: 'hold', protocol: 'live' });
    playing(env);
    env.pipeline.onTalkKey('press');
    frames(env, 10);
    env.pipeline.onTalkKey('release');
    env.clock.advance(80);
    frames(env, 5);
    expect(env.eventTypes()).toEqual([]);
    expect(env.sentAudio).toHaveLength(10);
    // Local playback still stops at once when the key goes down.
    expect(env.toRenderer.some((m) => m.kind === 'stop')).toBe(true);
    expect(env.interruptions[0]).toMatchObject({ truncated: false });
  });

  it('sends a short pre-roll of the frames just before the press', () => {
    const env = setup({ inputMode: 'hold' });
    frames(env, 20);
    expect(env.sentAudio).toHaveLength(0);
    env.pipeline.onTalkKey('press');
    expect(env.sentAudio).toHaveLength(5);
    expect(env.pipeline.stats).toMatchObject({ framesIn: 20, framesSent: 5, framesWithheld: 15 });
  });

  it('hands-free: the talk key only interrupts; the server owns the turn', () => {
    const env = setup({ inputMode: 'stream', releaseTailMs: 0 });
    env.pipeline.onServerEvent(audioOut(24000, 'a1'));
    env.pipeline.onPlayedReport({ itemId: 'a1', playedSamples: 4800 });
    env.pipeline.onTalkKey('press');
    frames(env, 6);
    env.pipeline.onTalkKey('release');
    expect(env.eventTypes()).toEqual(['conversation.item.truncate']);
    expect(env.responses()).toBe(0);
    expect(env.interruptions[0]).toMatchObject({ itemId: 'a1', trigger: 'talk_key' });
  });

  it('a lost player ends what it was playing: no stuck speaking state, no stale truncate', () => {
    const env = setup({ releaseTailMs: 0 });
    env.pipeline.onServerEvent(audioOut(24000, 'a1'));
    env.pipeline.onPlayedReport({ itemId: 'a1', playedSamples: 4800 });
    expect(env.pipeline.isPlaying).toBe(true);
    env.pipeline.onPlayerLost();
    expect(env.pipeline.isPlaying).toBe(false);
    env.pipeline.onServerEvent({ type: 'speech_started', itemId: 'u1' });
    expect(env.eventTypes()).toEqual([]);
  });

  it('ignores key auto-repeat and a release without a press', () => {
    const env = setup({ inputMode: 'hold', releaseTailMs: 0 });
    env.pipeline.onTalkKey('release');
    env.pipeline.onTalkKey('press');
    env.pipeline.onTalkKey('press');
    env.pipeline.onTalkKey('press');
    frames(env, 6);
    env.pipeline.onTalkKey('release');
    env.pipeline.onTalkKey('release');
    expect(env.eventTypes()).toEqual(['input_audio_buffer.clear', 'input_audio_buffer.commit']);
    expect(env.responses()).toBe(1);
  });

  it('discards a turn too short to commit (under 100 ms)', () => {
    const env = setup({ inputMode: 'hold', releaseTailMs: 0 });
    env.pipeline.onTalkKey('press');
    frames(env, 4);
    env.pipeline.onTalkKey('release');
    expect(env.eventTypes()).toEqual(['input_audio_buffer.clear', 'input_audio_buffer.clear']);
    expect(env.responses()).toBe(0);
  });

  it('a press during the release tail commits the first turn, then starts the next', () => {
    const env = setup({ inputMode: 'hold' });
    env.pipeline.onTalkKey('press');
    frames(env, 6);
    env.pipeline.onTalkKey('release');
    env.clock.advance(30);
    env.pipeline.onTalkKey('press');
    expect(env.eventTypes()).toEqual([
      'input_audio_buffer.clear',
      'input_audio_buffer.commit',
      'input_audio_buffer.clear',
    ]);
    expect(env.clock.pendingTimers()).toBe(0);
  });

  it('V2 press while a response is still generating: cancel, then truncate, then clear', () => {
    const env = setup({ inputMode: 'hold', responseActive: true, releaseTailMs: 0 });
    playing(env, 4800);
    env.pipeline.onTalkKey('press');
    expect(env.eventTypes()).toEqual([
      'response.cancel',
      'conversation.item.truncate',
      'input_audio_buffer.clear',
    ]);
    expect(env.pipeline.stats).toMatchObject({ cancelsSent: 1, truncatesSent: 1 });
    frames(env, 6);
    env.pipeline.onTalkKey('release');
    // The next turn asks for its answer at once: the arbiter no longer counts the old one.
    expect(env.eventTypes().slice(3)).toEqual(['input_audio_buffer.commit']);
    expect(env.responses()).toBe(1);
  });

  it('V2 press while a response generates but nothing plays yet still cancels it', () => {
    const env = setup({ inputMode: 'hold', responseActive: true });
    env.pipeline.onTalkKey('press');
    expect(env.eventTypes()).toEqual(['response.cancel', 'input_audio_buffer.clear']);
  });

  it('hands-free: the talk key cancels a generating response before the truncate', () => {
    const env = setup({ inputMode: 'stream', responseActive: true });
    playing(env, 4800);
    env.pipeline.onTalkKey('press');
    expect(env.eventTypes()).toEqual(['response.cancel', 'conversation.item.truncate']);
  });

  it('V1 hold-to-talk sends no clear, commit or response.create in any turn', () => {
    const env = setup({ protocol: 'v1', inputMode: 'hold' });
    for (let turn = 0; turn < 3; turn++) {
      env.pipeline.onTalkKey('press');
      frames(env, turn === 1 ? 2 : 12); // a too-short turn changes nothing either
      env.pipeline.onTalkKey('release');
      env.clock.advance(200);
    }
    expect(env.events).toEqual([]);
    expect(env.responses()).toBe(0);
  });

  it('V1 hold-to-talk: released frames go out as silence one pre-roll later, held ones as they are', () => {
    const env = setup({ protocol: 'v1', inputMode: 'hold', releaseTailMs: 0 });
    const loud = (): Int16Array => tone(FRAME_SAMPLES);
    for (let i = 0; i < 8; i++) env.pipeline.onCaptureFrame(loud());
    // 5 frames are kept as pre-roll; the 3 older ones went out as silence.
    expect(env.sentAudio).toHaveLength(3);
    expect(env.sentAudio.every((f) => decodePcm16Base64(f).every((v) => v === 0))).toBe(true);
    env.pipeline.onTalkKey('press');
    env.pipeline.onCaptureFrame(loud());
    // The pre-roll and the held frame are the real audio, in order, with no gap.
    const held = env.sentAudio.slice(3).map((f) => decodePcm16Base64(f));
    expect(held).toHaveLength(6);
    expect(held.every((pcm) => pcm.some((v) => v !== 0))).toBe(true);
    env.pipeline.onTalkKey('release');
    for (let i = 0; i < 6; i++) env.pipeline.onCaptureFrame(loud());
    expect(env.sentAudio).toHaveLength(10);
    expect(decodePcm16Base64(env.sentAudio[9] ?? '').every((v) => v === 0)).toBe(true);
  });

  it('press while the assistant speaks barges in before clearing (V2 truncate)', () => {
    const env = setup({ inputMode: 'hold' });
    playing(env, 4800);
    env.pipeline.onTalkKey('press');
    expect(env.eventTypes()).toEqual(['conversation.item.truncate', 'input_audio_buffer.clear']);
    expect(env.interruptions[0]).toMatchObject({ trigger: 'talk_key', playedMs: 200 });
  });
});

describe('AudioPipeline capture', () => {
  it('streams every frame as base64 PCM16 in stream mode', () => {
    const env = setup();
    const frame = tone(FRAME_SAMPLES);
    env.pipeline.onCaptureFrame(frame);
    expect(env.sentAudio).toHaveLength(1);
    expect(decodePcm16Base64(env.sentAudio[0] ?? '')).toEqual(frame);
  });

  it('drops frames with no session and counts them; a throwing send does not escape', () => {
    const env = setup({ protocol: null });
    env.pipeline.onCaptureFrame(tone(FRAME_SAMPLES));
    expect(env.sentAudio).toHaveLength(0);
    const throwing = new AudioPipeline({
      clock: new FakeClock(),
      sendAudio: () => {
        throw new Error('no session');
      },
      sendEvent: () => Promise.reject(new Error('no session')),
      requestResponse: () => {},
      cancelResponse: () => {
        throw new Error('no session');
      },
      toRenderer: () => {},
      protocol: () => 'v2',
      log: () => {},
      releaseTailMs: 0,
    });
    expect(() => throwing.onCaptureFrame(tone(FRAME_SAMPLES))).not.toThrow();
    expect(() => throwing.onTalkKey('press')).not.toThrow();
    expect(env.pipeline.stats.framesUnsent).toBe(1);
    expect(throwing.stats.framesUnsent).toBe(1);
  });

  it('gated mode: silence is not streamed, speech goes out with its pre-roll', () => {
    const env = setup({ inputMode: 'gated' });
    const gate: boolean[] = [];
    env.pipeline.on('gate', ({ open }) => gate.push(open));
    const silence = new Int16Array(FRAME_SAMPLES);
    for (let i = 0; i < 50; i++) env.pipeline.onCaptureFrame(silence);
    expect(env.sentAudio).toHaveLength(0);
    for (let i = 0; i < 10; i++) env.pipeline.onCaptureFrame(tone(FRAME_SAMPLES, 1, 6000));
    expect(gate).toEqual([true]);
    // 15 pre-roll frames (13 silent + the 2 onset frames) released at once, then 8 more.
    expect(env.sentAudio).toHaveLength(15 + 8);
    expect(env.pipeline.stats.framesWithheld).toBe(60 - 23);
  });

  it('decodes renderer messages and rejects ones going the wrong way', () => {
    const env = setup();
    env.pipeline.onRendererData(encodeAudioMessage({ kind: 'capture', pcm: tone(FRAME_SAMPLES) }));
    env.pipeline.onRendererData(encodeAudioMessage({ kind: 'stop' }));
    env.pipeline.onRendererData(new Uint8Array([1, 2, 3]));
    env.pipeline.onRendererData(encodeAudioMessage({ kind: 'underrun', count: 2 }));
    env.pipeline.onRendererData(encodeAudioMessage({ kind: 'underrun', count: 5 }));
    env.pipeline.onRendererData(encodeAudioMessage({ kind: 'underrun', count: 1 })); // new player
    expect(env.sentAudio).toHaveLength(1);
    expect(env.pipeline.stats).toMatchObject({ badRendererMessages: 2, underruns: 6 });
  });
});

describe('AudioPipeline lifecycle', () => {
  it('emits playback transitions and stops listening after dispose', () => {
    const env = setup();
    const playback: boolean[] = [];
    env.pipeline.on('playback', ({ playing }) => playback.push(playing));
    env.pipeline.onServerEvent(audioOut(2400));
    env.pipeline.onServerEvent({ type: 'response_done', responseId: 'r' });
    env.pipeline.onPlayedReport({ itemId: 'item_a', playedSamples: 2400 });
    expect(playback).toEqual([true, false]);
    env.pipeline.dispose();
    env.pipeline.dispose();
    expect(env.pipeline.listenerCount()).toBe(0);
    env.pipeline.onServerEvent(audioOut(2400, 'item_b'));
    expect(env.plays('item_b')).toHaveLength(0);
  });

  it('resetSession stops audible playback without a truncate and forgets the turn', () => {
    const env = setup({ inputMode: 'hold' });
    playing(env);
    env.pipeline.onTalkKey('press');
    env.events.length = 0;
    env.toRenderer.length = 0;
    env.pipeline.onServerEvent(audioOut(2400, 'item_b'));
    env.pipeline.resetSession();
    expect(env.toRenderer.at(-1)).toEqual({ kind: 'stop' });
    expect(env.events).toEqual([]);
    env.pipeline.onTalkKey('release');
    env.clock.advance(200);
    expect(env.events).toEqual([]);
    expect(env.pipeline.isPlaying).toBe(false);
  });
});
