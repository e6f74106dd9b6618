/**
 * Every view of the app at 1280×800 and 390×844, in light and dark, saved under
 * test/artifacts/view-*.png for a person to look at. Each is also checked for what a person
 * would notice at once: the page never scrolls sideways, no message is cut off, nothing is
 * reported broken in the console, and the colour scheme follows the system or the setting.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
} from '../fakes/scripted-realtime-server';
import { startParley, type ParleyProcess } from '../support/parley-process';
import {
  clippedText,
  openParley,
  scrollsSideways,
  shot,
  type Scheme,
  type SizeName,
} from './support/app-page';
import { launchChromium } from './support/chromium';

const VARIANTS: [SizeName, Scheme][] = [
  ['wide', 'light'],
  ['wide', 'dark'],
  ['narrow', 'light'],
  ['narrow', 'dark'],
];
const DELEGATE =
  'input=$(cat); case "$input" in *slow*) echo "step 1 of 3: reading the migration"; sleep 600;; esac; echo "checking the workspace"; echo "3 files changed"';

const say = (id: string, text: string) => [
  {
    send: {
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: id,
      transcript: text,
    },
  },
];
const answer = (id: string, text: string) => [
  { send: { type: 'response.output_audio_transcript.delta', item_id: id, delta: text } },
  { send: { type: 'response.output_audio_transcript.done', item_id: id, transcript: text } },
];
const call = (id: string, prompt: string) => ({
  send: {
    type: 'conversation.item.done',
    item: {
      id: `item_${id}`,
      type: 'function_call',
      call_id: id,
      name: 'background_agent',
      arguments: JSON.stringify({ prompt }),
    },
  },
});

async function checked(page: Page, problems: string[], name: string): Promise<void> {
  await shot(page, name);
  expect(await scrollsSideways(page), `${name} scrolls sideways`).toBe(false);
  expect(await clippedText(page), `${name} cuts text off`).toEqual([]);
  expect(problems, `${name}: ${problems.join('\n')}`).toEqual([]);
}

/** The page's background colour, to tell light from dark. */
const background = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

describe('every view, at both sizes, in light and dark', () => {
  let browser: BrowserContext;
  let server: ScriptedRealtimeServer;
  let fresh: ParleyProcess;
  let live: ParleyProcess;
  const urls = { fresh: '', live: '' };

  beforeAll(async () => {
    server = await startScriptedRealtimeServer({
      script: [
        { waitFor: 'session.update' },
        ...say('u1', 'What changed in the workspace since this morning?'),
        ...answer('a1', 'I will ask the agent to look at the workspace for you.'),
        call('c1', 'What changed in the workspace since this morning?'),
        {
          waitFor: (m) => m.type === 'conversation.item.create' && m.raw.includes('"c1"'),
          timeoutMs: 15_000,
        },
        ...answer('a2', 'Three files changed: the settings view, its test and the README.'),
        ...say('u2', 'Good. Now start the slow migration of the history database, please.'),
        call('c2', 'start the slow migration of the history database'),
      ],
    });
    fresh = startParley([]);
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-views-'));
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ version: 1, settings: { onboarded: true } }),
    );
    live = startParley([], {
      OPENAI_API_KEY: 'sk-views-test-00000000001',
      PARLEY_DATA_DIR: dataDir,
      PARLEY_REALTIME_URL: server.url,
      PARLEY_DELEGATE: 'command',
      PARLEY_DELEGATE_COMMAND: DELEGATE,
      PARLEY_WORKSPACE: process.cwd(),
      PARLEY_LISTEN_ON_START: '1',
    });
    urls.fresh = String((await fresh.waitFor((r) => r.event === 'host.listening')).url);
    urls.live = String((await live.waitFor((r) => r.event === 'host.listening')).url);
    browser = await launchChromium();
    await live.waitFor(
      (r) => r.event === 'task.progress' && String(r.text).includes('step 1 of 3'),
      30_000,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await fresh?.stop();
    await live?.stop();
    await server?.close();
  });

  it('the first-run guide', async () => {
    const colours = new Set<string>();
    for (const [size, scheme] of VARIANTS) {
      const { page, problems } = await openParley(browser, urls.fresh, size, scheme);
      await expect.poll(() => page.getByTestId('onboarding').isVisible()).toBe(true);
      colours.add(await background(page));
      await checked(page, problems, `view-onboarding-${size}-${scheme}`);
      await page.close();
    }
    expect(colours.size).toBe(2);
  });

  it('the main view with no key: Start talks to the offline commands', async () => {
    for (const [index, [size, scheme]] of VARIANTS.entries()) {
      const { page, problems } = await openParley(browser, urls.fresh, size, scheme);
      if (index === 0) await page.getByTestId('guide-skip').click();
      await expect.poll(() => page.getByTestId('onboarding').count()).toBe(0);
      expect(await page.getByTestId('start').isDisabled()).toBe(false);
      await expect.poll(() => page.getByTestId('status-backend').textContent()).toBe('Offline');
      expect(await page.getByTestId('status-error').count()).toBe(0);
      await checked(page, problems, `view-no-key-${size}-${scheme}`);
      await page.close();
    }
  });

  it('the conversation and the tasks', async () => {
    for (const [size, scheme] of VARIANTS) {
      const { page, problems } = await openParley(browser, urls.live, size, scheme);
      await expect
        .poll(() => page.getByTestId('transcript-line').count(), { timeout: 15_000 })
        .toBe(4);
      if (size === 'wide') {
        await expect.poll(() => page.getByTestId('task').count(), { timeout: 15_000 }).toBe(2);
      }
      await checked(page, problems, `view-conversation-${size}-${scheme}`);
      if (size === 'narrow') await page.getByTestId('tab-tasks').click();
      await expect.poll(() => page.getByTestId('task').count(), { timeout: 15_000 }).toBe(2);
      await page.getByTestId('task').nth(1).getByTestId('task-toggle').click();
      await checked(page, problems, `view-tasks-${size}-${scheme}`);
      await page.close();
    }
  });

  it('the settings dialog, with the fields the environment sets read-only', async () => {
    for (const [size, scheme] of VARIANTS) {
      const { page, problems } = await openParley(browser, urls.live, size, scheme);
      await page.getByTestId('open-settings').click();
      await expect.poll(() => page.getByTestId('settings').isVisible()).toBe(true);
      expect(await page.getByTestId('field-env').count()).toBeGreaterThanOrEqual(4);
      await checked(page, problems, `view-settings-${size}-${scheme}`);
      await page.close();
    }
  });

  it('the theme setting overrides the system scheme', async () => {
    const { page } = await openParley(browser, urls.live, 'wide', 'light');
    const light = await background(page);
    await page.getByTestId('open-settings').click();
    await page.getByTestId('setting-theme').selectOption('dark');
    await page.getByTestId('settings-save').click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
      .toBe('dark');
    expect(await background(page)).not.toBe(light);
    await page.getByTestId('open-settings').click();
    await page.getByTestId('setting-theme').selectOption('system');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => background(page)).toBe(light);
    await page.close();
  });

  it('the event inspector', async () => {
    for (const [size, scheme] of VARIANTS) {
      const { page, problems } = await openParley(browser, urls.live, size, scheme);
      await page.getByTestId('open-inspector').click();
      await expect
        .poll(() => page.getByTestId('inspector-row').count(), { timeout: 5000 })
        .toBeGreaterThan(5);
      await page.getByTestId('inspector-filter').fill('session.');
      await page.getByTestId('inspector-row').first().locator('button').click();
      await checked(page, problems, `view-inspector-${size}-${scheme}`);
      await page.close();
    }
  });

  it('the page when the host has gone, saying exactly what to run', async () => {
    const pages: { page: Page; size: SizeName; scheme: Scheme; problems: string[] }[] = [];
    for (const [size, scheme] of VARIANTS)
      pages.push({ ...(await openParley(browser, urls.live, size, scheme)), size, scheme });
    expect(await live.stop()).toBe(0);
    for (const { page, size, scheme, problems } of pages) {
      await expect
        .poll(() => page.getByTestId('host-gone').isVisible(), { timeout: 10_000 })
        .toBe(true);
      expect(await page.getByTestId('host-gone-command').textContent()).toMatch(
        /^cd .+ && PARLEY_DATA_DIR=\S+ PARLEY_PORT=\d+ node bin\/parley serve --log-json$/,
      );
      // The page lost its socket on purpose: that error in the console is expected here.
      await checked(
        page,
        problems.filter((p) => !p.includes('WebSocket')),
        `view-host-gone-${size}-${scheme}`,
      );
      await page.close();
    }
  });
});
