/**
 * A new user's first five minutes, through the UI only (browser host, Debian Chromium, the
 * scripted realtime server on loopback): no key anywhere → the first-run guide → a bad key
 * refused with its reason → the key saved → the microphone recorded and played back → talk
 * mode and workspace → Settings: a bad endpoint URL refused beside its field, nothing saved →
 * the right URL tested and saved → Start → a streamed transcript → a delegated task appears,
 * ticks, finishes, and its output is shown once.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startScriptedRealtimeServer,
  type ScriptStep,
  type ScriptedRealtimeServer,
} from '../fakes/scripted-realtime-server';
import { startParley, type ParleyProcess } from '../support/parley-process';
import { clippedText, openParley, shot } from './support/app-page';
import { launchChromium } from './support/chromium';

const KEY = 'sk-first-run-0000000000000001';
// Progress, a pause long enough to see the clock tick, then the rest of the output.
const DELEGATE =
  'cat >/dev/null; echo "looking at the workspace"; sleep 2.5; echo "3 files changed"';

/** The conversation: the user asks, Parley answers in streamed words and hands work off. */
function conversation(): ScriptStep[] {
  return [
    { waitFor: 'session.update' },
    { send: { type: 'session.updated', session: { id: 'sess_first_run' } } },
    { send: { type: 'input_audio_buffer.speech_started', item_id: 'u1' } },
    {
      send: {
        type: 'conversation.item.input_audio_transcription.delta',
        item_id: 'u1',
        delta: 'What changed ',
      },
    },
    {
      send: {
        type: 'conversation.item.input_audio_transcription.completed',
        item_id: 'u1',
        transcript: 'What changed in my workspace?',
      },
    },
    { send: { type: 'response.created', response: { id: 'r1' } } },
    { send: { type: 'response.output_audio_transcript.delta', item_id: 'a1', delta: 'Let me ' } },
    { delayMs: 150 },
    {
      send: {
        type: 'response.output_audio_transcript.delta',
        item_id: 'a1',
        delta: 'have the agent look.',
      },
    },
    { send: { type: 'response.done', response: { id: 'r1' } } },
    {
      send: {
        type: 'conversation.item.done',
        item: {
          id: 'item_c1',
          type: 'function_call',
          call_id: 'c1',
          name: 'background_agent',
          arguments: JSON.stringify({ prompt: 'What changed in my workspace?' }),
        },
      },
    },
  ];
}

describe('first run in the browser host: from no key to a delegated task, all in the UI', () => {
  let server: ScriptedRealtimeServer;
  let parley: ParleyProcess;
  let browser: BrowserContext;
  let url: string;
  let page: Page;
  let problems: string[];
  const workspace = mkdtempSync(join(tmpdir(), 'parley-first-run-ws-'));

  beforeAll(async () => {
    // Connection 0 is "test connection" (opened and closed); the conversation comes after.
    server = await startScriptedRealtimeServer({
      script: (connection) => (connection.index === 0 ? [] : conversation()),
    });
    parley = startParley([], { PARLEY_DELEGATE: 'command', PARLEY_DELEGATE_COMMAND: DELEGATE });
    url = String((await parley.waitFor((r) => r.event === 'host.listening')).url);
    browser = await launchChromium();
    ({ page, problems } = await openParley(browser, url, 'wide', 'light'));
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
    await server?.close();
  });

  it('guides a first run: a bad key is refused with its reason, a good one saved in main', async () => {
    const guide = page.getByTestId('onboarding');
    await expect.poll(() => guide.isVisible()).toBe(true);
    await shot(page, 'first-run-key');
    await page.getByTestId('guide-key').fill('Bearer sk-abc');
    await page.getByTestId('guide-next').click();
    await expect.poll(() => page.getByTestId('guide-key-error').textContent()).toMatch(/Bearer/);
    await page.getByTestId('guide-key').fill(KEY);
    await page.getByTestId('guide-next').click();
    await expect.poll(() => page.getByTestId('mic-check').isVisible()).toBe(true);
    // The key went to main's 0600 key file, not to settings.json.
    const keyFile = join(parley.dataDir, 'api-key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('records the microphone and plays it back through main', async () => {
    await page.getByTestId('mic-record').click();
    await expect
      .poll(() => page.getByTestId('mic-verdict').textContent(), { timeout: 10_000 })
      .toMatch(/Recorded 3\.0 s/);
    await shot(page, 'first-run-mic');
    await page.getByTestId('guide-next').click();
    await page.getByTestId('guide-talk-toggle').check();
    await page.getByTestId('guide-next').click();
    await page.getByTestId('guide-workspace').fill(join(workspace, 'missing'));
    await page.getByTestId('guide-next').click();
    await expect
      .poll(() => page.getByTestId('guide-privacy').textContent())
      .toMatch(/realtime endpoint/);
    await page.getByTestId('guide-finish').click();
    // A folder that does not exist sends the user back to that step with the reason.
    await expect
      .poll(() => page.getByTestId('guide-workspace-error').textContent())
      .toMatch(/There is no folder/);
    await page.getByTestId('guide-workspace').fill(workspace);
    await page.getByTestId('guide-next').click();
    await page.getByTestId('guide-finish').click();
    await expect.poll(() => page.getByTestId('onboarding').count()).toBe(0);
    const saved = JSON.parse(readFileSync(join(parley.dataDir, 'settings.json'), 'utf8'));
    expect(saved.settings).toMatchObject({ talkMode: 'toggle', workspace, onboarded: true });
    expect(JSON.stringify(saved)).not.toContain(KEY);
  });

  it('refuses a bad endpoint URL beside its field and saves nothing of that form', async () => {
    await page.getByTestId('open-settings').click();
    const settings = page.getByTestId('settings');
    await expect.poll(() => settings.isVisible()).toBe(true);
    // Fields the environment fixes are read-only and name their variable.
    const command = page.locator('.field[data-field="delegateCommand"]');
    expect(await command.getByTestId('field-env').textContent()).toContain(
      'PARLEY_DELEGATE_COMMAND',
    );
    expect(
      await page.getByTestId('setting-delegateCommand').getAttribute('readonly'),
    ).not.toBeNull();
    await page.getByTestId('setting-talkMode').selectOption('hands-free');
    await page.getByTestId('setting-realtimeUrl').fill('ftp://example.com/v1');
    await page.getByTestId('settings-save').click();
    const urlField = page.locator('.field[data-field="realtimeUrl"]');
    await expect
      .poll(() => urlField.getByTestId('field-error').textContent())
      .toMatch(/unsupported scheme "ftp"/);
    expect(await clippedText(page)).toEqual([]);
    await shot(page, 'first-run-settings-bad-url');
    const saved = JSON.parse(readFileSync(join(parley.dataDir, 'settings.json'), 'utf8'));
    expect(saved.settings.talkMode).toBe('toggle');
  });

  it('tests the real endpoint, saves it, and starts a conversation that delegates a task', async () => {
    await page.getByTestId('setting-talkMode').selectOption('toggle');
    await page.getByTestId('setting-realtimeUrl').fill(server.url);
    await page.getByTestId('test-connection').click();
    await expect
      .poll(() => page.getByTestId('connection-ok').textContent(), { timeout: 10_000 })
      .toMatch(/Connected to ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime in \d+ ms/);
    await (await server.waitForConnection(0)).waitForClose(5000);
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings').count()).toBe(0);

    await page.getByTestId('start').click();
    await expect
      .poll(() => page.getByTestId('transcript-line').allTextContents(), { timeout: 10_000 })
      .toEqual([
        expect.stringContaining('What changed in my workspace?'),
        expect.stringContaining('Let me have the agent look.'),
      ]);
    expect(await page.getByTestId('conversation-separator').count()).toBe(1);
    await shot(page, 'first-run-conversation');
  });

  it('shows the task running with a ticking clock, then done with its output once', async () => {
    const card = page.getByTestId('task').first();
    await expect
      .poll(() => card.getByTestId('task-status').textContent(), { timeout: 10_000 })
      .toBe('running');
    const first = await card.getByTestId('task-duration').textContent();
    await page.waitForTimeout(1200);
    const later = await card.getByTestId('task-duration').textContent();
    expect(later).not.toBe(first);
    await shot(page, 'first-run-task-running');
    await expect
      .poll(() => card.getByTestId('task-status').textContent(), { timeout: 15_000 })
      .toBe('done');
    expect(await card.getByTestId('task-result').textContent()).toBe(
      'looking at the workspace\n3 files changed',
    );
    // The real duration, not "0.0 s".
    expect(await card.getByTestId('task-duration').textContent()).toMatch(/^2\.\d s$|^3\.\d s$/);
    await card.getByTestId('task-toggle').click();
    const text = (await card.textContent()) ?? '';
    expect(text.split('3 files changed').length - 1).toBe(1);
    expect(text.split('looking at the workspace').length - 1).toBe(1);
    await shot(page, 'first-run-task-done');
    expect(problems).toEqual([]);
  });
});
