import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/base/logger';
import type { Recognition } from '../../../main/offline/grammar-recognizer';
import { buildCommandSet } from '../../../main/offline/offline-commands';
import { OfflineConversation } from '../../../main/offline/offline-conversation';
import { REALTIME_TOOLS } from '../../../main/realtime/session-config';
import { FakeClock } from '../../fakes/fake-clock';

const { commands } = buildCommandSet(
  { npmScripts: ['test'], makeTargets: [], files: [] },
  { has: () => true },
);
type Sent = { type: string; [key: string]: unknown };

/** A conversation with recorded output, a scripted recogniser and a one-second voice. */
function conversation(recognitions: Recognition[] = []) {
  const clock = new FakeClock();
  const sent: Sent[] = [];
  const heard: number[] = [];
  const c = new OfflineConversation({
    clock,
    log: silentLogger,
    send: (event) => sent.push(event as Sent),
    vadStream: async () => ({ probability: async () => 0, reset: () => {} }),
    recognize: async (samples) => {
      heard.push(samples.length);
      return recognitions.shift() ?? { kind: 'nothing' };
    },
    commands: () => commands,
    speak: async () => new Int16Array(24_000).fill(1000),
  });
  const send = async (event: object) => {
    c.receive(JSON.stringify(event));
    await c.idle();
  };
  const types = () => sent.map((e) => e.type);
  return { c, clock, sent, heard, send, types };
}

const holdToTalk = {
  type: 'session.update',
  session: { tools: REALTIME_TOOLS, audio: { input: { turn_detection: null } } },
};
const second = Buffer.from(new Int16Array(24_000).buffer).toString('base64');

describe('offline conversation (wire protocol)', () => {
  it('greets with session.created and answers session.update', async () => {
    const t = conversation();
    await t.send(holdToTalk);
    expect(t.types()).toEqual(['session.created', 'session.updated']);
    expect(t.sent[1]).toMatchObject({ session: { audio: { input: { turn_detection: null } } } });
  });

  it('hold to talk: commit recognises the buffer, response.create calls the agent and speaks', async () => {
    const t = conversation([{ kind: 'command', phrase: 'run the tests', margin: 5 }]);
    await t.send(holdToTalk);
    await t.send({ type: 'input_audio_buffer.append', audio: second });
    await t.send({ type: 'input_audio_buffer.commit' });
    expect(t.heard).toEqual([16_000]);
    const done = t.sent.find(
      (e) => e.type === 'conversation.item.input_audio_transcription.completed',
    );
    expect(done).toMatchObject({ transcript: 'run the tests', content_index: 0 });
    expect(t.sent.find((e) => e.type === 'input_audio_buffer.committed')?.item_id).toBe(
      done?.item_id,
    );

    await t.send({ type: 'response.create' });
    const call = t.sent.find((e) => e.type === 'conversation.item.done');
    expect(call?.item).toMatchObject({ type: 'function_call', name: 'background_agent' });
    const args = JSON.parse((call?.item as { arguments: string }).arguments) as { prompt: string };
    expect(args.prompt).toBe(
      'Run the tests. Run `npm test` in the workspace and report what failed.',
    );
    // The lead (300 ms) goes at once; the rest follows on the clock, twice real time.
    expect(t.types().filter((x) => x === 'response.output_audio.delta')).toHaveLength(3);
    t.clock.advance(1_000);
    expect(t.types().filter((x) => x === 'response.output_audio.delta')).toHaveLength(10);
    expect(t.types().slice(-4)).toEqual([
      'response.output_audio_transcript.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
    ]);
  });

  it('refuses a second response while one is active, and cancels on request', async () => {
    const t = conversation();
    await t.send(holdToTalk);
    await t.send({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: '[USER] what can you do' }],
      },
    });
    await t.send({ type: 'response.create' });
    await t.send({ type: 'response.create' });
    const error = t.sent.find((e) => e.type === 'error');
    expect((error?.error as { message: string }).message).toMatch(
      /^Conversation already has an active response in progress: resp_/,
    );
    await t.send({ type: 'response.cancel' });
    const done = t.sent.filter((e) => e.type === 'response.done');
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ response: { status: 'cancelled' } });
    const audio = t.types().filter((x) => x === 'response.output_audio.delta').length;
    t.clock.advance(5_000);
    expect(t.types().filter((x) => x === 'response.output_audio.delta')).toHaveLength(audio);
  });

  it('speaks an output summarised, and stays silent for an empty one', async () => {
    const t = conversation();
    await t.send(holdToTalk);
    await t.send({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: 'c1', output: '' },
    });
    await t.send({ type: 'response.create' });
    expect(t.types().slice(-2)).toEqual(['response.created', 'response.done']);
    await t.send({
      type: 'conversation.item.create',
      item: {
        type: 'function_call_output',
        call_id: 'c2',
        output: 'All **12** tests passed.\n```\nlog\n```',
      },
    });
    await t.send({ type: 'response.create' });
    t.clock.advance(2_000);
    const transcript = t.sent.find((e) => e.type === 'response.output_audio_transcript.done');
    expect(transcript?.transcript).toBe('All 12 tests passed.');
  });

  it('answers bad frames with a specific error and goes on', async () => {
    const t = conversation();
    t.c.receive('{nope');
    t.c.receive(JSON.stringify({ type: 'input_audio_buffer.append' }));
    t.c.receive(JSON.stringify({ type: 'session.frobnicate' }));
    await t.send({ type: 'input_audio_buffer.commit' });
    const messages = t.sent
      .filter((e) => e.type === 'error')
      .map((e) => (e.error as { message: string }).message);
    expect(messages).toEqual([
      expect.stringMatching(/^The frame is not JSON/),
      expect.stringMatching(/^Invalid input_audio_buffer\.append: audio/),
      'The offline engine does not support "session.frobnicate".',
      expect.stringMatching(/buffer too small/),
    ]);
  });
});
