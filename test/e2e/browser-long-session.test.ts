/**
 * A long session in real Chromium: 5,000 transcript entries streamed through the browser host,
 * then new deltas. The list stays virtualised (a window of rows in the DOM, not 5,000), follows
 * the latest line, stops following when the user scrolls up and offers "jump to latest". The
 * time from a delta's arrival to its paint is measured and printed (and written to
 * test/artifacts/long-session.json); it is a measurement, not a pass mark.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startScriptedRealtimeServer,
  type ScriptStep,
  type ScriptedRealtimeServer,
} from '../fakes/scripted-realtime-server';
import { startParley, type ParleyProcess } from '../support/parley-process';
import { openParley, shot } from './support/app-page';
import { artifactsDir, launchChromium } from './support/chromium';

const ENTRIES = 5000;
const DELTAS = 25;

/** 5,000 finished lines, alternating sides, some long enough to wrap. */
function history(): ScriptStep[] {
  const steps: ScriptStep[] = [];
  for (let i = 0; i < ENTRIES; i++) {
    const text = `Line ${i}: ${'words that wrap over the width of the pane '.repeat(1 + (i % 4))}`;
    steps.push({
      send:
        i % 2 === 0
          ? {
              type: 'conversation.item.input_audio_transcription.completed',
              item_id: `u${i}`,
              transcript: text,
            }
          : { type: 'response.output_audio_transcript.done', item_id: `a${i}`, transcript: text },
    });
  }
  return steps;
}

/** Timestamps each marked frame as the page receives it, its DOM update, and the next frame. */
function instrument(): void {
  const w = window as unknown as { __marks: { arrived: number; dom?: number; frame?: number }[] };
  w.__marks = [];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (typeof event.data === 'string' && event.data.includes('MARK-'))
          w.__marks.push({ arrived: performance.now() });
      });
    }
  } as typeof WebSocket;
  new MutationObserver(() => {
    const mark = w.__marks.at(-1);
    if (!mark || mark.dom !== undefined) return;
    mark.dom = performance.now();
    requestAnimationFrame(() => setTimeout(() => (mark.frame = performance.now()), 0));
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('a long session: 5,000 entries, then live deltas', () => {
  let server: ScriptedRealtimeServer;
  let parley: ParleyProcess;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startScriptedRealtimeServer({ script: [{ waitFor: 'session.update' }] });
    parley = startParley([], {
      OPENAI_API_KEY: 'sk-long-session-0000000001',
      PARLEY_REALTIME_URL: server.url,
      PARLEY_LISTEN_ON_START: '1',
    });
    const url = String((await parley.waitFor((r) => r.event === 'host.listening')).url);
    browser = await launchChromium();
    await browser.addInitScript(instrument);
    ({ page } = await openParley(browser, url, 'wide', 'light'));
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
    await server?.close();
  });

  it('holds 5,000 entries with only a window of them in the DOM, following the latest', async () => {
    const connection = await server.waitForConnection(0, 10_000);
    await connection.waitForMessage('session.update', 10_000);
    for (const step of history()) if ('send' in step) connection.send(step.send);
    const list = page.locator('.transcript');
    await expect
      .poll(() => list.getAttribute('aria-setsize'), { timeout: 60_000 })
      .toBe(String(ENTRIES));
    const rendered = await page.getByTestId('transcript-line').count();
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(120);
    await expect
      .poll(() =>
        transcript()
          .getByText(`Line ${ENTRIES - 1}:`)
          .isVisible(),
      )
      .toBe(true);
  });

  it('paints each new delta after 5,000 entries (measured)', async () => {
    for (let i = 0; i < DELTAS; i++) {
      connection().send({
        type: 'response.output_audio_transcript.delta',
        item_id: 'a-live',
        delta: ` MARK-${i}`,
      });
      await expect
        .poll(() =>
          page.evaluate(
            (n) =>
              (window as unknown as { __marks: { frame?: number }[] }).__marks[n]?.frame !==
              undefined,
            i,
          ),
        )
        .toBe(true);
    }
    const marks = await page.evaluate(
      () =>
        (window as unknown as { __marks: { arrived: number; dom: number; frame: number }[] })
          .__marks,
    );
    const toDom = marks.map((m) => m.dom - m.arrived);
    const toFrame = marks.map((m) => m.frame - m.arrived);
    const result = {
      entries: ENTRIES,
      deltas: marks.length,
      domUpdateMs: { median: median(toDom), max: Math.max(...toDom) },
      nextFrameMs: { median: median(toFrame), max: Math.max(...toFrame) },
      renderedRows: await page.getByTestId('transcript-line').count(),
    };
    mkdirSync(artifactsDir, { recursive: true });
    writeFileSync(join(artifactsDir, 'long-session.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`long session: ${JSON.stringify(result)}`);
    expect(marks).toHaveLength(DELTAS);
    await expect
      .poll(() =>
        transcript()
          .getByText(`MARK-${DELTAS - 1}`)
          .isVisible(),
      )
      .toBe(true);
    await shot(page, 'long-session');
  });

  it('stops following when scrolled up, and jumps back to the latest on request', async () => {
    await page.locator('.transcript-scroller').evaluate((el) => el.scrollTo({ top: 0 }));
    await expect.poll(() => page.getByTestId('jump-latest').isVisible()).toBe(true);
    connection().send({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'u-new',
      transcript: 'A new line while scrolled up',
    });
    await expect.poll(() => page.getByTestId('jump-latest').textContent()).toContain('(1 new)');
    expect(await transcript().getByText('A new line while scrolled up').count()).toBe(0);
    // The oldest line still held is on screen: the list stayed where the user scrolled.
    await expect
      .poll(() => page.locator('.transcript-row[aria-posinset="1"]').isVisible())
      .toBe(true);
    await page.getByTestId('jump-latest').click();
    await expect
      .poll(() => transcript().getByText('A new line while scrolled up').isVisible())
      .toBe(true);
    expect(await page.getByTestId('jump-latest').count()).toBe(0);
  });

  function connection() {
    return server.connections[0]!;
  }

  function transcript() {
    return page.getByTestId('transcript');
  }
});
