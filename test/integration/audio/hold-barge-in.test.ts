import { afterEach, describe, expect, it } from 'vitest';
import { decodeAudioMessage, encodeAudioMessage } from '../../../preload/audio-wire';
import type { ParleyApp } from '../../../main/app/parley-app';
import { FRAME_SAMPLES } from '../../../main/audio/pcm16';
import { TALK_INPUT_DEFAULTS } from '../../../main/audio/talk-input-types';
import { invalidClientEvents } from '../../fakes/realtime-client-schema';
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
  response_id: 'r1',
  item_id: itemId,
  output_index: 0,
  content_index: 0,
  delta: Buffer.alloc(ms * 48).toString('base64'),
});

describe('hold-to-talk barge-in in V2 (no server turn detection, so the server never cancels)', () => {
  it('a press while the answer is generating sends response.cancel, then the truncate; the next turn is answered at once', async () => {
    server = await startScriptedRealtimeServer({
      script: [
        { waitFor: 'session.update' },
        { send: { type: 'response.created', response: { id: 'r1', status: 'in_progress' } } },
      ],
    });
    const started = await startRealApp({
      PARLEY_REALTIME_URL: server.url,
      PARLEY_REALTIME_PROTOCOL: 'v2',
      PARLEY_TALK_MODE: 'hold',
      PARLEY_WORKSPACE: process.cwd(),
    });
    core = started.app;
    const plays: string[] = [];
    const link = core.attachAudio({
      send: (data) => {
        const msg = decodeAudioMessage(data);
        if (msg.kind === 'play') plays.push(msg.itemId);
      },
    });
    await invoke(core, 'conversation.start');
    const update = await server.waitForMessage('session.update');
    expect(
      (update.json!.session as { audio: { input: { turn_detection: unknown } } }).audio.input
        .turn_detection,
    ).toBeNull();

    // The answer is still generating: 2 s of it arrived, 700 ms were played.
    server.sendToAll(delta('a1', 2_000));
    await until(() => plays.includes('a1'), 'a1 at the renderer');
    link.receive(encodeAudioMessage({ kind: 'played', itemId: 'a1', playedSamples: 700 * 24 }));
    const before = server.messages.length;
    await invoke(core, 'conversation.talk', { pressed: true });
    const clear = await server.waitForMessage('input_audio_buffer.clear', 5_000, before);
    const pressed = server.messages.slice(before, server.messages.indexOf(clear) + 1);
    expect(pressed.map((m) => m.type)).toEqual([
      'response.cancel',
      'conversation.item.truncate',
      'input_audio_buffer.clear',
    ]);
    expect(pressed[1]!.json).toMatchObject({ item_id: 'a1', content_index: 0 });

    // The user's next turn. The server has not (yet) reported the cancelled response's end:
    // the next response.create must not wait for it.
    for (let i = 0; i < 15; i++)
      link.receive(
        encodeAudioMessage({ kind: 'capture', pcm: new Int16Array(FRAME_SAMPLES).fill(2_000) }),
      );
    // Held past the talk input's minimum turn: a shorter brush of the key sends nothing.
    await new Promise((resolve) => setTimeout(resolve, TALK_INPUT_DEFAULTS.minTurnMs + 50));
    await invoke(core, 'conversation.talk', { pressed: false });
    const commit = await server.waitForMessage('input_audio_buffer.commit', 5_000, before);
    const create = await server.waitForMessage('response.create', 5_000, before);
    expect(server.messages.indexOf(create)).toBeGreaterThan(server.messages.indexOf(commit));
    expect(server.messagesOfType('response.done')).toHaveLength(0);

    // The cancelled response's end arrives late, then the new answer: one create, no repeat.
    server.sendToAll({ type: 'response.done', response: { id: 'r1', status: 'cancelled' } });
    server.sendToAll({ type: 'response.created', response: { id: 'r2', status: 'in_progress' } });
    server.sendToAll(delta('a2', 200));
    await until(() => plays.includes('a2'), 'the new answer at the renderer');
    expect(server.messagesOfType('response.create')).toHaveLength(1);
    expect(server.messagesOfType('response.cancel')).toHaveLength(1);
    expect(invalidClientEvents(server.messages)).toEqual([]);
  });

  it('a press when no response is generating sends no cancel', async () => {
    server = await startScriptedRealtimeServer({ script: [{ waitFor: 'session.update' }] });
    core = (
      await startRealApp({
        PARLEY_REALTIME_URL: server.url,
        PARLEY_REALTIME_PROTOCOL: 'v2',
        PARLEY_TALK_MODE: 'hold',
        PARLEY_WORKSPACE: process.cwd(),
      })
    ).app;
    await invoke(core, 'conversation.start');
    await server.waitForMessage('session.update');
    await invoke(core, 'conversation.talk', { pressed: true });
    await server.waitForMessage('input_audio_buffer.clear', 5_000);
    expect(server.messagesOfType('response.cancel')).toHaveLength(0);
    expect(invalidClientEvents(server.messages)).toEqual([]);
  });
});
