import { afterEach, describe, expect, it } from 'vitest';
import type { TalkMode } from '../../../preload/schemas/settings';
import type { ParleyApp } from '../../../main/app/parley-app';
import { FINAL_ANSWER_PREFIX } from '../../../main/handoff/v1-appends';
import { decodePcm16Base64, FRAME_SAMPLES } from '../../../main/audio/pcm16';
import { TALK_INPUT_DEFAULTS } from '../../../main/audio/talk-input-types';
import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
} from '../../fakes/scripted-realtime-server';
import { attachRenderer, invoke, listTasks, startRealApp } from '../../support/app-harness';
import { until } from './session-harness';

let server: ScriptedRealtimeServer | null = null;
let core: ParleyApp | null = null;
afterEach(async () => {
  await core?.dispose();
  await server?.close();
  core = null;
  server = null;
});

/** The client events Codex sends in V1, and the only ones Parley may. */
const CODEX_V1_EVENTS = [
  'session.update',
  'input_audio_buffer.append',
  'conversation.item.create',
  'conversation.handoff.append',
];

const loudFrame = (): Int16Array => new Int16Array(FRAME_SAMPLES).fill(3_000);
const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * One talk-key turn around `speak`, as the mode takes it: held for longer than the minimum
 * turn (hold, hands-free's interrupt), or tapped on and tapped off (toggle, Auto's tap).
 */
async function talkTurn(app: ParleyApp, mode: TalkMode, speak: () => void): Promise<void> {
  const { debounceMs, minTurnMs } = TALK_INPUT_DEFAULTS;
  const key = (pressed: boolean) => invoke(app, 'conversation.talk', { pressed });
  if (mode === 'toggle' || mode === 'auto') {
    await key(true);
    await key(false);
    await wait(debounceMs + 20);
    speak();
    await wait(minTurnMs);
    await key(true);
    await key(false);
    return;
  }
  await key(true);
  speak();
  await wait(minTurnMs + 20);
  await key(false);
}

describe('scenario 18: V1 sends no response.create, commit or clear, in any talk mode', () => {
  for (const talkMode of ['hands-free', 'hold', 'toggle', 'auto'] as const satisfies TalkMode[]) {
    it(`${talkMode}: typed text, talk-key turns and a handoff use Codex's V1 events only`, async () => {
      server = await startScriptedRealtimeServer({ script: [{ waitFor: 'session.update' }] });
      core = (
        await startRealApp({
          PARLEY_REALTIME_URL: server.url,
          PARLEY_REALTIME_PROTOCOL: 'v1',
          PARLEY_TALK_MODE: talkMode,
          PARLEY_WORKSPACE: process.cwd(),
          PARLEY_DELEGATE: 'command',
          PARLEY_DELEGATE_COMMAND: "printf 'listed 3 files'",
        })
      ).app;
      const renderer = attachRenderer(core);
      await invoke(core, 'conversation.start');
      await server.waitForMessage('session.update');

      await invoke(core, 'conversation.sendText', { text: 'what time is it' });
      for (let turn = 0; turn < 2; turn++) {
        for (let i = 0; i < 8; i++) renderer.capture(loudFrame()); // key up
        await talkTurn(core, talkMode, () => {
          for (let i = 0; i < 10; i++) renderer.capture(loudFrame());
        });
        await wait(120); // past the release tail
      }
      for (let i = 0; i < 8; i++) renderer.capture(loudFrame());
      server.sendToAll({ type: 'conversation.input_transcript.delta', delta: 'list the files' });
      server.sendToAll({
        type: 'conversation.input_transcript.turn_marked',
        transcript: 'List the files.',
      });
      server.sendToAll({
        type: 'conversation.handoff.requested',
        handoff_id: 'h1',
        item_id: 'i1',
        input_transcript: 'list the files',
      });
      const append = await server.waitForMessage('conversation.handoff.append', 10_000);
      await wait(300); // give a wrongly sent late event time to arrive

      const types = new Set(server.messages.map((m) => m.type));
      expect([...types].filter((t) => !CODEX_V1_EVENTS.includes(t ?? ''))).toEqual([]);
      // Event for event as Codex sends them: the typed text as a plain user message…
      expect(server.messagesOfType('conversation.item.create').map((m) => m.json)).toEqual([
        {
          type: 'conversation.item.create',
          item: {
            type: 'message',
            role: 'user',
            content: [{ type: 'input_text', text: 'what time is it' }],
          },
        },
      ]);
      // …and the result once, marked as the delegate's final answer.
      expect(append.json).toEqual({
        type: 'conversation.handoff.append',
        handoff_id: 'h1',
        output_text: `${FINAL_ANSWER_PREFIX}listed 3 files`,
      });
      const frames = server.messagesOfType('input_audio_buffer.append');
      const silent = frames.filter((m) =>
        decodePcm16Base64(String(m.json!.audio)).every((v) => v === 0),
      );
      if (talkMode === 'hands-free') {
        expect(frames).toHaveLength(44);
        expect(silent).toHaveLength(0);
      } else {
        // The key only gates which audio is sent: released, the server hears silence (one
        // 5-frame pre-roll behind, which a press sends as it was).
        expect(frames).toHaveLength(44 - 5);
        expect(silent).toHaveLength(3 * 3);
      }
    });
  }
});

describe('V1 progress and the final answer', () => {
  it('the result goes out once, marked as the final answer, on the active handoff', async () => {
    server = await startScriptedRealtimeServer({
      script: [
        { waitFor: 'session.update' },
        { send: { type: 'conversation.input_transcript.delta', delta: 'count to two' } },
        {
          send: {
            type: 'conversation.item.input_audio_transcription.completed',
            transcript: 'Count to two.',
          },
        },
        {
          send: {
            type: 'conversation.handoff.requested',
            handoff_id: 'h7',
            item_id: 'i7',
            input_transcript: 'count to two',
          },
        },
      ],
    });
    core = (
      await startRealApp({
        PARLEY_REALTIME_URL: server.url,
        PARLEY_REALTIME_PROTOCOL: 'v1',
        PARLEY_TALK_MODE: 'hands-free',
        PARLEY_WORKSPACE: process.cwd(),
        PARLEY_DELEGATE: 'command',
        PARLEY_DELEGATE_COMMAND: "printf 'one two'",
      })
    ).app;
    await invoke(core, 'conversation.start');
    await until(() => listTasks(core!)[0]?.status === 'done', 'the task', 10_000);
    await server.waitForMessage('conversation.handoff.append', 5_000);
    await wait(300); // a second append would come at once
    const appends = server.messagesOfType('conversation.handoff.append').map((m) => m.json);
    expect(appends).toEqual([
      {
        type: 'conversation.handoff.append',
        handoff_id: 'h7',
        output_text: `${FINAL_ANSWER_PREFIX}one two`,
      },
    ]);
  });
});
