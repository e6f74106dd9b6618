import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
} from '../fakes/scripted-realtime-server';
import { startParley, type ParleyProcess } from '../support/parley-process';
import { artifactsDir, launchChromium } from './support/chromium';

describe('conversation in the browser host against a loopback realtime server', () => {
  let server: ScriptedRealtimeServer;
  let parley: ParleyProcess;
  let browser: BrowserContext;
  let url: string;

  beforeAll(async () => {
    server = await startScriptedRealtimeServer({
      scripts: [
        [
          { waitFor: 'session.update' },
          { send: { type: 'session.updated', session: { id: 'sess_1' } } },
          { send: { type: 'input_audio_buffer.speech_started', item_id: 'u1' } },
          {
            send: {
              type: 'conversation.item.input_audio_transcription.delta',
              item_id: 'u1',
              delta: 'What is on ',
            },
          },
          {
            send: {
              type: 'conversation.item.input_audio_transcription.completed',
              item_id: 'u1',
              transcript: 'What is on my calendar today?',
            },
          },
          { send: { type: 'response.created', response: { id: 'r1' } } },
          {
            send: {
              type: 'response.output_audio_transcript.delta',
              item_id: 'a1',
              delta: 'You have two meetings: ',
            },
          },
          {
            send: {
              type: 'response.output_audio_transcript.delta',
              item_id: 'a1',
              delta: 'standup at ten and a review at three.',
            },
          },
          { send: { type: 'response.done', response: { id: 'r1' } } },
          { waitFor: 'conversation.item.create' },
          { delayMs: 300 },
          { terminate: true },
        ],
        [
          { waitFor: 'session.update' },
          { send: { type: 'session.updated', session: { id: 'sess_2' } } },
        ],
      ],
    });
    parley = startParley([], {
      OPENAI_API_KEY: 'sk-browser-e2e-0000001',
      PARLEY_REALTIME_URL: server.url,
      PARLEY_WORKSPACE: process.cwd(),
    });
    url = String((await parley.waitFor((r) => r.event === 'host.listening')).url);
    browser = await launchChromium();
    mkdirSync(artifactsDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
    await server?.close();
  });

  it('starts from the UI, shows the live transcript, sends typed text, survives a drop and stops', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    const status = page.getByTestId('status-label');
    await expect.poll(() => status.textContent()).toBe('Disconnected');

    await page.getByTestId('start').click();
    await expect
      .poll(() => page.getByTestId('transcript-line').count(), { timeout: 10_000 })
      .toBe(2);
    const lines = await page.getByTestId('transcript-line').allTextContents();
    expect(lines[0]).toContain('What is on my calendar today?');
    expect(lines[1]).toContain('You have two meetings: standup at ten and a review at three.');
    await expect.poll(() => status.textContent()).toBe('Listening');
    await page.screenshot({ path: join(artifactsDir, 'conversation-live.png') });

    await page.getByTestId('composer-input').fill('and tomorrow?');
    await page.getByTestId('composer-send').click();
    const item = await server.waitForMessage('conversation.item.create', 10_000);
    expect(JSON.stringify(item.json)).toContain('[USER] and tomorrow?');
    await expect.poll(() => page.getByTestId('transcript-line').count()).toBe(3);

    // The server drops the socket: the UI says so, then Parley is back on a new socket.
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/Reconnecting/);
    await page.screenshot({ path: join(artifactsDir, 'conversation-reconnecting.png') });
    await server.waitForConnection(1, 10_000);
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('Listening');
    expect(await page.getByTestId('transcript-line').count()).toBe(3);

    await page.getByTestId('stop').click();
    await expect.poll(() => status.textContent()).toBe('Disconnected');
    await server.connections[1]!.waitForClose();
    await page.close();
  });
});
