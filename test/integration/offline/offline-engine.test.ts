/**
 * The whole offline loop over Parley's real V2 RealtimeSession (real ws on loopback) against
 * the real engine with its real models: spoken "run the tests" → a background_agent handoff;
 * a function_call_output → spoken audio and transcript; typed text through the same router;
 * truncate stops the voice; the command list follows the workspace.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePcm16Base64 } from '../../../main/audio/pcm16';
import { systemClock } from '../../../main/base/clock';
import { silentLogger } from '../../../main/base/logger';
import { startOfflineEngine, type OfflineEngine } from '../../../main/offline/offline-engine';
import type { RealtimeEvent } from '../../../main/realtime/realtime-events';
import { createRecordedSession, startConfig, until } from '../realtime/session-harness';
import { makeSampleWorkspace, SAMPLE_SCRIPTS } from '../../support/offline-workspace';
import { speakText, type Speaker } from '../../support/spoken-commands';

let engine: OfflineEngine;
let workspace: string;
let recorded: ReturnType<typeof createRecordedSession>;

beforeAll(async () => {
  workspace = makeSampleWorkspace();
  engine = await startOfflineEngine({ workspace, clock: systemClock, log: silentLogger });
  await engine.warmUp();
  recorded = createRecordedSession();
  // No cloud key exists here: the session's preflight wants a non-empty one, the engine ignores it.
  await recorded.session.start(
    startConfig(engine.url, { apiKey: 'offline', talkMode: 'hands-free' }),
  );
}, 60_000);

afterAll(async () => {
  recorded?.session.dispose();
  await engine?.close();
  rmSync(workspace, { recursive: true, force: true });
});

type Of<T extends RealtimeEvent['type']> = Extract<RealtimeEvent, { type: T }>;
const eventsAfter = <T extends RealtimeEvent['type']>(from: number, type: T): Of<T>[] =>
  recorded.events.slice(from).filter((e): e is Of<T> => e.type === type);

const SLT: Speaker = { program: 'flite', voice: 'slt' };

function sendSpeech(text: string, pad = { before: 500, after: 900 }, to = recorded, speaker = SLT) {
  const spoken = speakText(speaker, text, pad);
  for (let at = 0; at < spoken.samples.length; at += 480) {
    const frame = spoken.samples.slice(at, at + 480);
    to.session.sendAudio(Buffer.from(frame.buffer).toString('base64'));
  }
}

/** Waits until every response the engine started has ended (the next test starts clean). */
async function responsesSettled(): Promise<void> {
  const count = (type: RealtimeEvent['type']) =>
    recorded.events.filter((e) => e.type === type).length;
  await until(() => count('response_created') === count('response_done'), 'responses done', 20_000);
}

/** Audio of one item in ms, once its transcript is done. */
function audioMs(from: number, itemId: string | null): number {
  return eventsAfter(from, 'audio_out')
    .filter((e) => e.itemId === itemId)
    .reduce((ms, e) => ms + decodePcm16Base64(e.data).length / 24, 0);
}

describe('offline engine over the real V2 session', () => {
  it('answers session.update with session.updated', async () => {
    await until(() => recorded.events.find((e) => e.type === 'session_updated'), 'session.updated');
    expect(recorded.session.state).toBe('live');
  });

  it('turns spoken "run the tests" into a background_agent handoff with the user words', async () => {
    const from = recorded.events.length;
    sendSpeech('run the tests');
    const handoff = await until(() => eventsAfter(from, 'handoff_requested')[0], 'handoff', 15_000);
    expect(handoff.inputTranscript).toBe(
      'Run the tests. Run `npm test` in the workspace and report what failed.',
    );
    expect(eventsAfter(from, 'speech_started')).toHaveLength(1);
    expect(eventsAfter(from, 'input_transcript_done')[0]?.transcript).toBe('run the tests');
    const ack = await until(() => eventsAfter(from, 'output_transcript_done')[0], 'ack', 15_000);
    expect(ack.transcript).toBe('Okay, on it: run the tests.');
    await until(() => eventsAfter(from, 'response_done')[0], 'response.done', 15_000);

    // The task's result comes back as a function_call_output and is spoken, summarised.
    const resultFrom = recorded.events.length;
    await recorded.session.sendEvent({
      type: 'conversation.item.create',
      item: {
        type: 'function_call_output',
        call_id: handoff.handoffId,
        output:
          '## Result\n\nRan `npm test`: 2 failed, 40 passed. The failures are in the parser.\n\n' +
          '```\nFAIL test/parse.test.ts\n```\nI did not change any files. Nothing else to report.',
      },
    });
    recorded.session.requestResponse();
    const spoken = await until(
      () => eventsAfter(resultFrom, 'output_transcript_done')[0],
      'spoken result',
      15_000,
    );
    expect(spoken.transcript).toBe(
      'Result. Ran npm test: 2 failed, 40 passed. The failures are in the parser.',
    );
    const deltas = eventsAfter(resultFrom, 'output_transcript_delta').map((e) => e.delta);
    expect(deltas.join('')).toBe(spoken.transcript);
    // flite speaks ~2.5 words a second: the audio must cover the words, not be a stub.
    expect(audioMs(resultFrom, spoken.itemId)).toBeGreaterThan(2_500);
  }, 40_000);

  it('routes typed text through the same router', async () => {
    await until(
      () => !recorded.events.slice(-1).some((e) => e.type === 'response_created'),
      'idle',
    );
    const from = recorded.events.length;
    await recorded.session.sendText('Please run the test:unit script.');
    const handoff = await until(() => eventsAfter(from, 'handoff_requested')[0], 'typed handoff');
    expect(handoff.inputTranscript).toBe(
      'Please run the test:unit script. Run `npm run test:unit` in the workspace and report the outcome.',
    );
    await until(() => eventsAfter(from, 'response_done')[0], 'response.done', 15_000);

    const jokeFrom = recorded.events.length;
    await recorded.session.sendText('tell me a joke');
    // The answer is spoken in full before its transcript is done: ~10 s of audio, sent at 2×.
    const answer = await until(
      () => eventsAfter(jokeFrom, 'output_transcript_done')[0],
      'answer',
      15_000,
    );
    expect(answer.transcript).toMatch(/^Sorry, that is not one of the commands I know\./);
    await until(() => eventsAfter(jokeFrom, 'response_done')[0], 'response.done', 15_000);
    expect(eventsAfter(jokeFrom, 'handoff_requested')).toEqual([]);
  }, 40_000);

  it('stops the voice on truncate', async () => {
    await responsesSettled();
    const from = recorded.events.length;
    await recorded.session.sendText('what can you do');
    const first = await until(() => eventsAfter(from, 'audio_out')[0], 'first audio');
    await recorded.session.sendEvent({
      type: 'conversation.item.truncate',
      item_id: first.itemId,
      content_index: 0,
      audio_end_ms: 200,
    });
    await until(() => eventsAfter(from, 'response_done')[0], 'cancelled response', 5_000);
    const sentAtCancel = eventsAfter(from, 'audio_out').length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(eventsAfter(from, 'audio_out')).toHaveLength(sentAtCancel);
    // The help answer is several seconds long; only the lead and a few chunks went out.
    expect(audioMs(from, first.itemId)).toBeLessThan(2_000);
    expect(eventsAfter(from, 'output_transcript_done')).toEqual([]);
  });

  it('stops its voice when the user starts speaking, and hears the new command', async () => {
    await responsesSettled();
    const from = recorded.events.length;
    await recorded.session.sendText('what can you do');
    const first = await until(() => eventsAfter(from, 'audio_out')[0], 'first audio');
    sendSpeech('show the git status');
    const started = await until(() => eventsAfter(from, 'speech_started')[0], 'speech', 15_000);
    const handoff = await until(() => eventsAfter(from, 'handoff_requested')[0], 'handoff', 15_000);
    expect(handoff.inputTranscript).toMatch(/^Show the git status\. Run `git status`/);
    const afterStart = recorded.events.slice(recorded.events.indexOf(started));
    const helpAudioAfter = afterStart.filter(
      (e) => e.type === 'audio_out' && e.itemId === first.itemId,
    );
    expect(helpAudioAfter).toEqual([]);
    expect(eventsAfter(from, 'output_transcript_done').map((e) => e.itemId)).not.toContain(
      first.itemId,
    );
    await until(
      () => eventsAfter(from, 'response_done').length >= 2 && true,
      'responses done',
      15_000,
    );
  }, 30_000);

  it('rebuilds the command list when package.json changes', async () => {
    const changed = new Promise<string[]>((resolve) =>
      engine.on('commands', (list) => resolve(list.map((c) => c.phrase))),
    );
    writeFileSync(
      join(workspace, 'package.json'),
      JSON.stringify({ scripts: { ...SAMPLE_SCRIPTS, release: 'npm publish' } }),
    );
    expect(await changed).toContain('run the release script');
    expect(engine.commands().map((c) => c.phrase)).toContain('run the release script');
  });
});

describe('offline engine, hold to talk (no server VAD)', () => {
  // The score margin is per frame: 4 s of silence either side of a two-word command would
  // dilute it below the threshold if the buffer were not trimmed to the speech first.
  it('recognises a committed buffer with long silence around the words', async () => {
    const held = createRecordedSession();
    try {
      await held.session.start(startConfig(engine.url, { apiKey: 'offline', talkMode: 'hold' }));
      await until(() => held.events.find((e) => e.type === 'session_updated'), 'session.updated');
      sendSpeech('make clean', { before: 4_000, after: 4_000 }, held);
      await held.session.sendEvent({ type: 'input_audio_buffer.commit' });
      held.session.requestResponse();
      const handoff = await until(
        () => held.events.find((e): e is Of<'handoff_requested'> => e.type === 'handoff_requested'),
        'handoff',
        15_000,
      );
      expect(handoff.inputTranscript).toBe(
        'Make clean. Run `make clean` in the workspace and report the outcome.',
      );
      expect(held.events.some((e) => e.type === 'speech_started')).toBe(false);
    } finally {
      held.session.dispose();
    }
  }, 30_000);
});
