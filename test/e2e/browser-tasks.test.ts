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

const call = (callId: string, prompt: string) => ({
  type: 'conversation.item.done',
  item: {
    id: `item_${callId}`,
    type: 'function_call',
    call_id: callId,
    name: 'background_agent',
    arguments: JSON.stringify({ prompt }),
  },
});
const heard = (itemId: string, transcript: string) => ({
  type: 'conversation.item.input_audio_transcription.completed',
  item_id: itemId,
  transcript,
});

// The delegate: prints progress lines, then a result; "slow" requests wait long enough to cancel.
const DELEGATE = `input=$(cat); case "$input" in *slow*) sleep 30;; esac; echo "checking the workspace"; echo "3 files changed"`;

describe('delegated tasks in the browser host (V2, command delegate)', () => {
  let server: ScriptedRealtimeServer;
  let parley: ParleyProcess;
  let browser: BrowserContext;
  let url: string;

  beforeAll(async () => {
    server = await startScriptedRealtimeServer({
      script: [
        { waitFor: 'session.update' },
        { send: heard('u1', 'check what changed in the workspace') },
        { send: call('c1', 'check what changed in the workspace') },
        { waitFor: (m) => m.type === 'conversation.item.create' && m.raw.includes('"c1"') },
        { waitFor: 'client.next' },
      ],
    });
    parley = startParley([], {
      OPENAI_API_KEY: 'sk-browser-tasks-000001',
      PARLEY_REALTIME_URL: server.url,
      PARLEY_DELEGATE: 'command',
      PARLEY_DELEGATE_COMMAND: DELEGATE,
      PARLEY_WORKSPACE: process.cwd(),
      PARLEY_LISTEN_ON_START: '1',
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

  it('shows a handoff as a live task, sends its result back, and cancels from the pane', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    const output = await server.waitForMessage(
      (m) => m.type === 'conversation.item.create' && m.raw.includes('"c1"'),
      15_000,
    );
    expect(output.json!.item).toMatchObject({
      type: 'function_call_output',
      call_id: 'c1',
      output: 'checking the workspace\n3 files changed',
    });
    await server.waitForMessage('response.create', 5000);

    const card = page.getByTestId('task').first();
    await expect
      .poll(() => card.getByTestId('task-status').textContent(), { timeout: 10_000 })
      .toBe('done');
    expect(await card.getByTestId('task-result').textContent()).toContain('3 files changed');
    expect(await card.textContent()).toContain('checking the workspace');

    // A slow request: cancel it from the pane; the voice model is told it was cancelled.
    server.sendToAll(heard('u2', 'do the slow migration'));
    server.sendToAll(call('c2', 'do the slow migration'));
    await expect.poll(() => page.getByTestId('task').count(), { timeout: 10_000 }).toBe(2);
    const slow = page.getByTestId('task').first();
    await expect
      .poll(() => slow.getByTestId('task-status').textContent(), { timeout: 10_000 })
      .toBe('running');
    await page.screenshot({ path: join(artifactsDir, 'tasks-running.png') });
    await slow.getByTestId('task-cancel').click();
    await expect
      .poll(() => slow.getByTestId('task-status').textContent(), { timeout: 15_000 })
      .toBe('cancelled');
    const cancelled = await server.waitForMessage(
      (m) => m.type === 'conversation.item.create' && m.raw.includes('"c2"'),
      15_000,
    );
    expect(String((cancelled.json!.item as { output: string }).output)).toMatch(/cancelled/i);
    await page.screenshot({ path: join(artifactsDir, 'tasks-cancelled.png') });
    await page.close();
  });
});
