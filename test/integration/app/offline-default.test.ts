import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeAudioMessage } from '../../../preload/audio-wire';
import type { TranscriptEntry } from '../../../preload/schemas/conversation';
import type { ParleyApp } from '../../../main/app/parley-app';
import { attachRenderer, invoke, listTasks, startRealApp } from '../../support/app-harness';
import { until } from '../realtime/session-harness';

let app: ParleyApp | null = null;
afterEach(async () => {
  await app?.dispose();
  app = null;
});

describe('with no API key, the offline commands engine answers (real engine, real delegate)', () => {
  it('a typed "run the tests" becomes a task whose result is spoken and written back', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'parley-offline-ws-'));
    writeFileSync(join(workspace, 'package.json'), JSON.stringify({ scripts: { test: 'vitest' } }));
    const started = await startRealApp({
      OPENAI_API_KEY: '',
      PARLEY_TALK_MODE: 'hands-free',
      PARLEY_WORKSPACE: workspace,
      PARLEY_DELEGATE: 'command',
      PARLEY_DELEGATE_COMMAND: "printf 'All 42 tests passed in 3 seconds.'",
    });
    app = started.app;
    let played = 0;
    attachRenderer(app, (data) => {
      const msg = decodeAudioMessage(data);
      if (msg.kind === 'play') played += msg.pcm.length;
    });
    await invoke(app, 'conversation.start');
    expect(await invoke(app, 'conversation.state')).toMatchObject({
      phase: 'live',
      backend: 'offline',
      protocol: 'v2',
    });
    const commands = await invoke(app, 'offline.commands');
    expect(commands.map((c) => c.phrase)).toContain('run the tests');

    await invoke(app, 'conversation.sendText', { text: 'run the tests' });
    await until(() => listTasks(app!)[0]?.status === 'done', 'the task to finish', 30_000);
    expect(listTasks(app)[0]!.prompt.toLowerCase()).toContain('run the tests');
    const entries = () =>
      started.events
        .filter((e) => e.name === 'transcript.entry')
        .map((e) => e.payload as TranscriptEntry);
    await until(
      () => entries().some((e) => e.role === 'assistant' && e.text.includes('42 tests passed')),
      'the spoken result in the transcript',
      30_000,
    );
    // The result was spoken: well over a second of 24 kHz audio reached the renderer.
    await until(() => played > 24_000, 'the reply audio', 30_000);
  }, 60_000);
});
