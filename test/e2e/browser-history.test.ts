/**
 * The history view in Debian Chromium against the built browser host: two conversations held
 * through the page (Start, a scripted exchange, Stop, Start again), then the list by day, a
 * search with its words highlighted, a conversation opened at its hit, its export downloaded as
 * Markdown and JSON, and the other one deleted after a confirmation. Each view is saved as
 * test/artifacts/view-history-*.png at 1280×800 and 390×844, light and dark, and checked like
 * every view: no sideways scroll, nothing cut off, nothing broken in the console.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationExport } from '../../preload/schemas/history';
import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
  type ScriptStep,
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
const DELEGATE = 'cat >/dev/null; echo "hangar checklist: 12 of 12 items ticked"';

const say = (id: string, text: string): ScriptStep => ({
  send: {
    type: 'conversation.item.input_audio_transcription.completed',
    item_id: id,
    transcript: text,
  },
});
const answer = (id: string, text: string): ScriptStep[] => [
  { send: { type: 'response.output_audio_transcript.delta', item_id: id, delta: text } },
  { send: { type: 'response.output_audio_transcript.done', item_id: id, transcript: text } },
];
const call = (id: string, prompt: string): ScriptStep => ({
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

const ZEPPELIN = [
  { waitFor: 'session.update' },
  say('u1', 'Is the zeppelin hangar ready for the inspection tomorrow?'),
  ...answer('a1', 'I will ask the agent to go through the zeppelin hangar checklist.'),
  call('c1', 'go through the zeppelin hangar checklist'),
  {
    waitFor: (m) => m.type === 'conversation.item.create' && m.raw.includes('"c1"'),
    timeoutMs: 15_000,
  },
  ...answer('a2', 'The zeppelin hangar is ready: all 12 checklist items are ticked.'),
] satisfies ScriptStep[];
const MARMALADE = [
  { waitFor: 'session.update' },
  say('u2', 'Add oranges and sugar to the marmalade shopping list.'),
  ...answer('a3', 'Done: oranges and sugar are on the marmalade list.'),
] satisfies ScriptStep[];

async function checked(page: Page, problems: string[], name: string): Promise<void> {
  await shot(page, name);
  expect(await scrollsSideways(page), `${name} scrolls sideways`).toBe(false);
  expect(await clippedText(page), `${name} cuts text off`).toEqual([]);
  expect(problems, `${name}: ${problems.join('\n')}`).toEqual([]);
}

/** Start a conversation from the page, wait for `lastWords` in the transcript, stop it. */
async function converse(page: Page, lastWords: string): Promise<void> {
  // Playwright's own waits: this runs in beforeAll, where expect.poll is not available.
  await page.getByTestId('start').click();
  await page.getByTestId('transcript').getByText(lastWords).waitFor({ timeout: 20_000 });
  await page.getByTestId('stop').click();
  await page.getByTestId('start').waitFor({ timeout: 10_000 });
}

async function openHistory(page: Page): Promise<void> {
  await page.getByTestId('open-history').click();
  await expect.poll(() => page.getByTestId('history-row').count(), { timeout: 10_000 }).toBe(2);
}

async function search(page: Page, words: string): Promise<void> {
  await page.getByTestId('history-search').fill(words);
  await expect
    .poll(() => page.getByTestId('history-search-summary').textContent(), { timeout: 10_000 })
    .toMatch(new RegExp(`^\\d+ match(es)? for “${words}”`));
}

describe('the history view in the browser host', () => {
  let server: ScriptedRealtimeServer;
  let parley: ParleyProcess;
  let browser: BrowserContext;
  let url: string;

  beforeAll(async () => {
    server = await startScriptedRealtimeServer({ scripts: [ZEPPELIN, MARMALADE] });
    parley = startParley([], {
      OPENAI_API_KEY: 'sk-history-test-000000001',
      PARLEY_REALTIME_URL: server.url,
      PARLEY_DELEGATE: 'command',
      PARLEY_DELEGATE_COMMAND: DELEGATE,
      PARLEY_WORKSPACE: process.cwd(),
    });
    url = String((await parley.waitFor((r) => r.event === 'host.listening')).url);
    browser = await launchChromium();
    const { page } = await openParley(browser, url);
    await converse(page, 'all 12 checklist items are ticked');
    await converse(page, 'oranges and sugar are on the marmalade list');
    await page.close();
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
    await server?.close();
  });

  it('lists both conversations under Today, newest first, with their counts', async () => {
    const { page, problems } = await openParley(browser, url);
    await openHistory(page);
    expect(await page.getByTestId('history-day-title').allTextContents()).toEqual(['Today']);
    const rows = page.getByTestId('history-row');
    expect(await rows.nth(0).textContent()).toContain('Add oranges and sugar to the marmalade');
    expect(await rows.nth(0).textContent()).toContain('V2 · 2 messages · 0 tasks');
    expect(await rows.nth(1).textContent()).toContain('Is the zeppelin hangar ready');
    expect(await rows.nth(1).textContent()).toContain('V2 · 3 messages · 1 task');
    expect(await page.getByTestId('history-status').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the list, a search and an open conversation at both sizes, light and dark', async () => {
    for (const [size, scheme] of VARIANTS) {
      const { page, problems } = await openParley(browser, url, size, scheme);
      await openHistory(page);
      await checked(page, problems, `view-history-list-${size}-${scheme}`);

      await search(page, 'zeppelin');
      const marks = await page.getByTestId('history-hit').locator('mark').allTextContents();
      expect(marks.length).toBeGreaterThan(0);
      expect(new Set(marks.map((m) => m.toLowerCase()))).toEqual(new Set(['zeppelin']));
      expect(await page.getByTestId('history-results').textContent()).not.toContain('marmalade');
      await checked(page, problems, `view-history-search-${size}-${scheme}`);

      await page.getByTestId('history-hit').first().click();
      const hitLine = page.locator('[data-hit="true"]');
      await expect.poll(() => hitLine.isVisible()).toBe(true);
      expect(await hitLine.textContent()).toMatch(/zeppelin/i);
      expect(
        await page.getByTestId('history-conversation').locator('input, textarea').count(),
      ).toBe(0);
      expect(await page.getByTestId('history-task-result').textContent()).toContain(
        '12 of 12 items',
      );
      // The searched word is marked wherever it occurs in the opened conversation: both lines
      // of each side that say it and the task's prompt (the database's own highlight()).
      const inside = page.getByTestId('history-conversation').locator('mark');
      await expect.poll(() => inside.count()).toBe(4);
      const words = (await inside.allTextContents()).map((m) => m.toLowerCase());
      expect(new Set(words)).toEqual(new Set(['zeppelin']));
      await checked(page, problems, `view-history-conversation-${size}-${scheme}`);

      await page.getByTestId('history-delete').click();
      await expect.poll(() => page.getByTestId('confirm').isVisible()).toBe(true);
      await checked(page, problems, `view-history-delete-${size}-${scheme}`);
      await page.getByTestId('confirm-cancel').click();
      await page.close();
    }
  });

  it('exports the conversation it opened from a hit as Markdown and as JSON', async () => {
    const { page, problems } = await openParley(browser, url);
    await openHistory(page);
    await search(page, 'zeppelin');
    await page.getByTestId('history-hit').first().click();
    await expect.poll(() => page.getByTestId('history-conversation').isVisible()).toBe(true);

    const [markdown] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('history-export-markdown').click(),
    ]);
    expect(markdown.suggestedFilename()).toMatch(/^parley-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.md$/);
    const text = readFileSync(await markdown.path(), 'utf8');
    expect(text).toMatch(/^# Is the zeppelin hangar ready for the inspection tomorrow\?\n/);
    expect(text).toContain('The zeppelin hangar is ready: all 12 checklist items are ticked.');
    expect(text).toContain('> hangar checklist: 12 of 12 items ticked');
    expect(text).not.toContain('marmalade');

    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('history-export-json').click(),
    ]);
    expect(json.suggestedFilename()).toMatch(/^parley-.+\.json$/);
    const file = ConversationExport.parse(JSON.parse(readFileSync(await json.path(), 'utf8')));
    expect(file.conversation.entries.map((e) => e.text)).toContain(
      'Is the zeppelin hangar ready for the inspection tomorrow?',
    );
    expect(file.conversation.tasks.map((t) => t.status)).toEqual(['done']);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('deletes the second conversation only once confirmed, for good', async () => {
    const { page, problems } = await openParley(browser, url);
    await openHistory(page);
    await page.getByTestId('history-row').filter({ hasText: 'marmalade' }).click();
    await page.getByTestId('history-delete').click();
    await page.getByTestId('confirm-cancel').click();
    expect(await page.getByTestId('history-conv-title').textContent()).toContain('marmalade');
    await page.getByTestId('history-delete').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(1);
    expect(await page.getByTestId('history-done').textContent()).toBe('Conversation deleted.');
    expect(await page.getByTestId('history-row').textContent()).toContain('zeppelin');

    // Gone from the database, not just the page: a fresh page finds it nowhere.
    await page.reload();
    await page.getByTestId('open-history').click();
    await expect.poll(() => page.getByTestId('history-row').count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId('history-search').fill('marmalade');
    await expect
      .poll(() => page.getByTestId('history-search-summary').textContent(), { timeout: 10_000 })
      .toBe('Nothing in history matches “marmalade”.');
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the history view when history cannot be saved', () => {
  let parley: ParleyProcess;
  let browser: BrowserContext;
  let url: string;

  beforeAll(async () => {
    // A history file from a newer Parley: left untouched, so this run keeps history in memory.
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-history-newer-'));
    const db = new DatabaseSync(join(dataDir, 'history.db'));
    db.exec('CREATE TABLE future (x); PRAGMA user_version = 999;');
    db.close();
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ version: 1, settings: { onboarded: true } }),
    );
    parley = startParley([], { PARLEY_DATA_DIR: dataDir });
    url = String((await parley.waitFor((r) => r.event === 'host.listening')).url);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
  });

  it('says so on the History button and plainly in the view', async () => {
    for (const [size, scheme] of VARIANTS) {
      const { page, problems } = await openParley(browser, url, size, scheme);
      const button = page.getByTestId('open-history');
      await expect.poll(() => page.getByTestId('history-warning').isVisible()).toBe(true);
      await checked(page, problems, `view-history-memory-header-${size}-${scheme}`);
      expect(await button.getAttribute('aria-label')).toBe('History: History in memory only');
      await button.click();
      const notice = page.getByTestId('history-status');
      await expect.poll(() => notice.isVisible()).toBe(true);
      expect(await notice.getAttribute('role')).toBe('alert');
      expect(await notice.getByTestId('problem-summary').textContent()).toBe(
        'History is not being saved: the conversations of this run are kept in memory only and are lost when Parley quits.',
      );
      await notice.getByTestId('problem-details').click();
      expect(await notice.getByTestId('problem-detail').textContent()).toMatch(
        /history\.db was written by a newer Parley .* It was left untouched\./,
      );
      expect(await page.getByTestId('history-empty').textContent()).toMatch(/not saved/);
      expect(await page.getByTestId('history-empty').isVisible()).toBe(true);
      await checked(page, problems, `view-history-memory-${size}-${scheme}`);
      await page.close();
    }
  });
});
