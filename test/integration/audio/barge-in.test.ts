import { afterEach, describe, expect, it } from 'vitest';
import { decodeAudioMessage, encodeAudioMessage } from '../../../preload/audio-wire';
import type { ParleyApp } from '../../../main/app/parley-app';
import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
} from '../../fakes/scripted-realtime-server';
import { invoke, startRealApp } from '../../support/app-harness';
import { until } from '../realtime/session-harness';

let server: ScriptedRealtimeServer | null = null;
let core: ParleyApp | null = null;
afterEach(async () => {
  await core?.dispose();
  await server?.close();
  core = server = null;
});

/** `ms` of 24 kHz PCM16 silence as a base64 delta. */
const delta = (itemId: string, ms: number) => ({
  type: 'response.output_audio.delta',
  item_id: itemId,
  delta: Buffer.alloc(ms * 48).toString('base64'),
});

describe('barge-in against the scripted realtime server (a stand-in renderer reports what it played)', () => {
  it('truncates at the played milliseconds, never before anything played, and drops late deltas', async () => {
    server = await startScriptedRealtimeServer({
      script: [
        { waitFor: 'session.update' },
        { send: { type: 'response.created', response: { id: 'r1' } } },
      ],
    });
    const started = await startRealApp({
      PARLEY_REALTIME_URL: server.url,
      PARLEY_REALTIME_PROTOCOL: 'v2',
      PARLEY_TALK_MODE: 'hands-free',
      PARLEY_WORKSPACE: process.cwd(),
    });
    core = started.app;
    const plays: { itemId: string; samples: number }[] = [];
    const link = core.attachAudio({
      send: (data) => {
        const msg = decodeAudioMessage(data);
        if (msg.kind === 'play') plays.push({ itemId: msg.itemId, samples: msg.pcm.length });
      },
    });
    await invoke(core, 'conversation.start');

    // Item a1: 2 s arrive; the "renderer" reports 700 ms played.
    server.sendToAll(delta('a1', 2000));
    await until(() => plays.some((p) => p.itemId === 'a1'), 'a1 at the renderer');
    link.receive(encodeAudioMessage({ kind: 'played', itemId: 'a1', playedSamples: 700 * 24 }));
    const before = server.messages.length;
    server.sendToAll({ type: 'input_audio_buffer.speech_started', item_id: 'u1' });
    const truncate = await server.waitForMessage('conversation.item.truncate', 5000, before);
    expect(truncate.json).toMatchObject({ item_id: 'a1', content_index: 0 });
    // The played position, plus at most the 60 ms the ledger extrapolates between reports.
    const endMs = truncate.json!.audio_end_ms as number;
    expect(endMs).toBeGreaterThanOrEqual(700);
    expect(endMs).toBeLessThanOrEqual(760);

    // Late deltas of the interrupted item never reach the renderer.
    const playsBefore = plays.length;
    server.sendToAll(delta('a1', 500));
    server.sendToAll({ type: 'response.created', response: { id: 'r2' } });
    server.sendToAll(delta('a2', 40));
    await until(() => plays.some((p) => p.itemId === 'a2'), 'a2 at the renderer');
    expect(plays.slice(playsBefore).map((p) => p.itemId)).toEqual(['a2']);

    // a2 arrived but nothing of it was played: speech stops playback without a truncate.
    server.sendToAll({ type: 'input_audio_buffer.speech_started', item_id: 'u2' });
    server.sendToAll({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'u2',
      transcript: 'x',
    });
    // Absence can only be shown by waiting: give a wrongly sent truncate time to arrive.
    await new Promise((r) => setTimeout(r, 300));
    expect(server.messagesOfType('conversation.item.truncate')).toHaveLength(1);
  });
});
