/**
 * The talk button and the microphone kill switch in Debian Chromium against `parley serve`
 * (V2, hold mode, listen on start) and a scripted realtime server on loopback, with Chromium's
 * fake microphone (a steady tone) capturing from the start:
 * - the server receives `input_audio_buffer.append` frames only while the page's button is
 *   held, even when the pointer is dragged off before release (pointer capture);
 * - Space on the focused button holds, Enter latches a turn;
 * - `parley --mute` from another process flips the page's mute button, cancels the turn, and
 *   the server receives no more audio; the page's own capture stops too;
 * - the status bar while talking and while muted, at both sizes in light and dark, saved as
 *   test/artifacts/talk-*.png and checked for sideways scrolling and cut-off text.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
} from '../fakes/scripted-realtime-server';
import { repoRoot, startParley, type ParleyProcess } from '../support/parley-process';
import {
  clippedText,
  openParley,
  scrollsSideways,
  shot,
  SIZES,
  type Scheme,
  type SizeName,
} from './support/app-page';
import { launchChromium } from './support/chromium';

const run = promisify(execFile);
const FRAME_MS = 20;
/** Frames main sends from just before a press (its hold pre-roll). */
const PRE_ROLL_FRAMES = 5;
const VARIANTS: [SizeName, Scheme][] = [
  ['wide', 'light'],
  ['wide', 'dark'],
  ['narrow', 'light'],
  ['narrow', 'dark'],
];

/** The page's read-only audio snapshot, the part this test reads. */
interface PageAudio {
  capturing: boolean;
  framesSent: number;
}

function pageAudio(page: Page): Promise<PageAudio | null> {
  return page.evaluate(() => {
    const hook = (globalThis as { parleyAudioDiagnostics?: () => unknown }).parleyAudioDiagnostics;
    return (hook ? hook() : null) as PageAudio | null;
  });
}

describe('talking from the page: hold, keyboard, and the kill switch from outside', () => {
  let server: ScriptedRealtimeServer;
  let parley: ParleyProcess;
  let browser: BrowserContext;
  let page: Page;
  let problems: string[] = [];

  const appends = (): number => server.messagesOfType('input_audio_buffer.append').length;
  const commits = (): number => server.messagesOfType('input_audio_buffer.commit').length;
  const talkButton = () => page.getByTestId('talk');
  const muteButton = () => page.getByTestId('audio-mute');
  const label = () => talkButton().innerText();

  /** `parley <flag>` as a second process, against the running serve's control channel. */
  async function parleyCommand(flag: string): Promise<string> {
    const { stdout } = await run(process.execPath, [join(repoRoot, 'bin', 'parley'), flag], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: parley.dataDir, PARLEY_DATA_DIR: parley.dataDir },
      timeout: 20_000,
    });
    return stdout;
  }

  /** Waits until no more appends arrive for `quietMs`; returns the count. */
  async function settledAppends(quietMs = 400): Promise<number> {
    let last = appends();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      if (appends() === last) return last;
      last = appends();
    }
  }

  /** Screenshots of the whole window at each size and scheme, each checked. */
  async function shootVariants(state: string): Promise<void> {
    for (const [size, scheme] of VARIANTS) {
      await page.setViewportSize(SIZES[size]);
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await page.waitForTimeout(150); // layout and colours settle
      const name = `talk-${state}-${size}-${scheme}`;
      await shot(page, name);
      expect(await scrollsSideways(page), `${name} scrolls sideways`).toBe(false);
      expect(await clippedText(page), `${name} cuts text off`).toEqual([]);
      const status = page.locator('.status-bar');
      expect(await status.isVisible(), `${name}: the status bar is on screen`).toBe(true);
    }
    await page.setViewportSize(SIZES.wide);
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  }

  beforeAll(async () => {
    server = await startScriptedRealtimeServer({
      script: [
        { waitFor: 'session.update', timeoutMs: 30_000 },
        { send: { type: 'session.updated', session: { id: 'sess_talk' } } },
      ],
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-talk-'));
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ version: 1, settings: { onboarded: true } }),
    );
    parley = startParley([], {
      OPENAI_API_KEY: 'sk-browser-talk-e2e-0000001',
      PARLEY_DATA_DIR: dataDir,
      PARLEY_REALTIME_URL: server.url,
      PARLEY_TALK_MODE: 'hold',
      PARLEY_LISTEN_ON_START: '1',
      PARLEY_WORKSPACE: process.cwd(),
    });
    const url = String((await parley.waitFor((r) => r.event === 'host.listening')).url);
    await parley.waitFor((r) => r.event === 'session.state' && r.state === 'live', 30_000);
    await parley.waitFor((r) => r.event === 'host.control_listening');
    browser = await launchChromium();
    const opened = await openParley(browser, url, 'wide', 'light');
    page = opened.page;
    problems = opened.problems;
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
    await server?.close();
  });

  it('hold: the server gets audio only while the button is held, released even off the button', async () => {
    await expect.poll(label, { timeout: 15_000 }).toBe('Hold to talk');
    // The page captures from the start (listen on start) and hands frames to main...
    await expect
      .poll(async () => (await pageAudio(page))?.framesSent ?? 0, { timeout: 20_000 })
      .toBeGreaterThan(50);
    // ...which sends none of them while nothing is held.
    expect(appends()).toBe(0);

    const box = (await talkButton().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    const downAt = Date.now();
    await expect.poll(label).toBe('Talking…');
    expect(await talkButton().getAttribute('aria-pressed')).toBe('true');
    await expect.poll(appends, { timeout: 5_000 }).toBeGreaterThan(10);
    await page.waitForTimeout(800);
    // Dragged off the button (to the transcript) before letting go.
    await page.mouse.move(box.x - 300, box.y - 300, { steps: 5 });
    await page.mouse.up();
    const heldMs = Date.now() - downAt;
    await expect.poll(commits, { timeout: 5_000 }).toBe(1);
    await expect.poll(label).toBe('Hold to talk');

    const sent = await settledAppends();
    const expected = heldMs / FRAME_MS + PRE_ROLL_FRAMES;
    console.log(
      `[browser-talk] held ${heldMs} ms: ${sent} frames sent (${expected.toFixed(0)} expected)`,
    );
    expect(sent).toBeGreaterThan(expected * 0.6);
    expect(sent).toBeLessThan(expected + 15);
    // The page goes on capturing, and main keeps withholding it.
    const framesBefore = (await pageAudio(page))!.framesSent;
    await page.waitForTimeout(1_000);
    expect((await pageAudio(page))!.framesSent).toBeGreaterThan(framesBefore + 25);
    expect(appends()).toBe(sent);
  });

  it('Space on the focused button holds; the status bar while talking, at both sizes and schemes', async () => {
    const before = appends();
    await talkButton().focus();
    await page.keyboard.down('Space');
    await expect.poll(label).toBe('Talking…');
    await expect.poll(appends, { timeout: 5_000 }).toBeGreaterThan(before + 10);
    await shootVariants('talking');
    await page.keyboard.up('Space');
    await expect.poll(commits, { timeout: 5_000 }).toBe(2);
    await expect.poll(label).toBe('Hold to talk');
  });

  it('`parley --mute` from outside flips the page’s mute button and the server gets no more audio', async () => {
    await talkButton().focus();
    await page.keyboard.press('Enter');
    await expect.poll(label).toBe('Talking — tap to stop');
    const before = appends();
    await expect.poll(appends, { timeout: 5_000 }).toBeGreaterThan(before + 10);

    expect(await parleyCommand('--mute')).toBe('Parley: microphone off\n');
    await expect.poll(() => muteButton().innerText()).toBe('Microphone off');
    expect(await muteButton().getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('status-mic-off').innerText()).toBe(
      'Mic off: Parley hears nothing',
    );
    expect(await talkButton().isDisabled()).toBe(true);
    // The page's own capture stops: the meter and the browser's mic indicator show it.
    await expect.poll(async () => (await pageAudio(page))?.capturing).toBe(false);
    expect(await page.getByTestId('audio-level').getAttribute('aria-valuetext')).toBe(
      'microphone off',
    );
    const atMute = await settledAppends();
    await shootVariants('muted');
    await page.waitForTimeout(500);
    expect(appends(), 'audio reached the server while muted').toBe(atMute);
    // The turn the kill switch cut is discarded, not committed.
    expect(commits()).toBe(2);

    // Turned back on from the page: capture resumes, still nothing sent without a hold.
    await muteButton().click();
    await expect.poll(() => muteButton().innerText()).toBe('Mute mic');
    await expect
      .poll(async () => (await pageAudio(page))?.capturing, { timeout: 10_000 })
      .toBe(true);
    expect(await label()).toBe('Hold to talk');
    await page.waitForTimeout(500);
    expect(appends()).toBe(atMute);
    expect(problems).toEqual([]);
  });
});
