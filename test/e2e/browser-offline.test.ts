/**
 * No key anywhere, in the browser host and Debian Chromium: the first-run guide offers the
 * offline commands, the user takes them, presses Start, and Chromium's fake microphone says
 * "run the tests" (spoken by Debian's flite, with silence around it). The embedded offline
 * engine recognises it, the command delegate runs the workspace's test script, the task
 * finishes, and its result is spoken back: the page's player receives exactly the audio the
 * offline voice makes of the reply and plays it out. The transcript shows both sides.
 * Screenshots of the settings dialog (who answers, the talk key) and the offline main view at
 * both sizes in light and dark, each checked for sideways scrolling and cut-off text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floatToInt16, PCM16_RATE } from '../../main/audio/pcm16';
import { resample } from '../../main/audio/resampler';
import { loadFliteVoice } from '../../main/offline/flite-voice';
import { parseWav } from '../../main/offline/wav-file';
import { startParley, type ParleyProcess } from '../support/parley-process';
import { requireSpeaker } from '../support/spoken-commands';
import { requireTool } from './support/audio-analysis';
import {
  clippedText,
  openParley,
  scrollsSideways,
  shot,
  type Scheme,
  type SizeName,
} from './support/app-page';
import { launchChromium } from './support/chromium';

/** What the page's read-only audio snapshot says of the player (the parts read here). */
interface PlayerSnapshot {
  capturing: boolean;
  framesSent: number;
  player: { items: Record<string, { receivedSamples: number; playedSamples: number }> };
}

const VARIANTS: [SizeName, Scheme][] = [
  ['wide', 'light'],
  ['wide', 'dark'],
  ['narrow', 'light'],
  ['narrow', 'dark'],
];
const RESULT_LINE = 'All 12 tests passed in 0.4 seconds.';
// The command delegate runs what it is asked: the request names `npm test`, the workspace's script.
const DELEGATE =
  'request=$(cat); case "$request" in *"npm test"*) npm test --silent;; *) echo "not asked to run the tests: $request" >&2; exit 1;; esac';
/** Silence before the words covers the engine's first load (its models load at Start). */
const PAD_BEFORE_S = 3;
const PAD_AFTER_S = 3;

/**
 * "run the tests" by flite's kal voice, padded with silence, as a 48 kHz WAV for Chromium;
 * with the length of the words themselves.
 */
function spokenCommand(dir: string): { wav: string; speechMs: number } {
  const spoken = join(dir, 'run-the-tests-flite.wav');
  const wav = join(dir, 'run-the-tests-48k.wav');
  execFileSync('flite', ['-voice', 'kal', '-t', 'run the tests', '-o', spoken]);
  execFileSync('sox', [
    spoken,
    '-r',
    '48000',
    '-c',
    '1',
    '-b',
    '16',
    wav,
    'pad',
    String(PAD_BEFORE_S),
    String(PAD_AFTER_S),
  ]);
  const speech = parseWav(readFileSync(spoken));
  return { wav, speechMs: (speech.samples.length * 1000) / speech.sampleRate };
}

function snapshot(page: Page): Promise<PlayerSnapshot | null> {
  return page.evaluate(() => {
    const hook = (globalThis as { parleyAudioDiagnostics?: () => unknown }).parleyAudioDiagnostics;
    return (hook ? hook() : null) as PlayerSnapshot | null;
  });
}

async function checked(page: Page, problems: string[], name: string): Promise<void> {
  await shot(page, name);
  expect(await scrollsSideways(page), `${name} scrolls sideways`).toBe(false);
  expect(await clippedText(page), `${name} cuts text off`).toEqual([]);
  expect(problems, `${name}: ${problems.join('\n')}`).toEqual([]);
}

describe('no key: the offline commands from the first run to a spoken task result', () => {
  let parley: ParleyProcess;
  let browser: BrowserContext;
  let url: string;
  let speechMs = 0;
  const workspace = mkdtempSync(join(tmpdir(), 'parley-offline-e2e-ws-'));

  beforeAll(async () => {
    requireSpeaker('flite');
    requireTool('sox', 'the offline test pads and resamples its spoken command with sox');
    writeFileSync(
      join(workspace, 'package.json'),
      JSON.stringify({ name: 'offline-e2e', scripts: { test: `echo "${RESULT_LINE}"` } }),
    );
    const spoken = spokenCommand(mkdtempSync(join(tmpdir(), 'parley-offline-e2e-audio-')));
    speechMs = spoken.speechMs;
    // A fresh data dir (startParley makes one) and no OPENAI_API_KEY in the child's environment.
    parley = startParley([], {
      PARLEY_WORKSPACE: workspace,
      PARLEY_DELEGATE: 'command',
      PARLEY_DELEGATE_COMMAND: DELEGATE,
    });
    url = String((await parley.waitFor((r) => r.event === 'host.listening')).url);
    browser = await launchChromium([`--use-file-for-fake-audio-capture=${spoken.wav}%noloop`]);
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
  });

  it('the guide offers the offline commands, says what they give, and ends saying Parley uses them', async () => {
    const { page, problems } = await openParley(browser, url, 'wide', 'light');
    await expect.poll(() => page.getByTestId('onboarding').isVisible()).toBe(true);
    await page.getByTestId('guide-use-offline').check();
    const offered = page.getByTestId('guide-offline');
    await expect
      .poll(() => offered.locator('.command-phrase').allTextContents(), { timeout: 20_000 })
      .toContain('run the tests');
    expect(await offered.textContent()).toContain('what can you do');
    await checked(page, problems, 'offline-guide-key-step');
    await page.getByTestId('guide-next').click(); // no key asked for: on to the microphone
    await expect.poll(() => page.getByTestId('mic-check').isVisible()).toBe(true);
    await page.getByTestId('guide-next').click();
    await page.getByTestId('guide-talk-hands-free').check();
    await page.getByTestId('guide-next').click();
    await page.getByTestId('guide-next').click();
    await expect
      .poll(() => page.getByTestId('guide-summary').textContent())
      .toMatch(/Parley will use the offline commands/);
    expect(await page.getByTestId('guide-privacy').textContent()).toMatch(
      /nothing you say is sent to a realtime endpoint/,
    );
    await checked(page, problems, 'offline-guide-summary');
    await page.getByTestId('guide-finish').click();
    await expect.poll(() => page.getByTestId('onboarding').count()).toBe(0);
    const saved = JSON.parse(readFileSync(join(parley.dataDir, 'settings.json'), 'utf8'));
    expect(saved.settings).toMatchObject({ talkMode: 'hands-free', onboarded: true });
    expect(saved.settings.backend ?? 'auto').toBe('auto');
    await page.close();
  });

  it('settings: who answers with the command list, and the talk key (none in the browser host)', async () => {
    for (const [size, scheme] of VARIANTS) {
      const { page, problems } = await openParley(browser, url, size, scheme);
      await page.getByTestId('open-settings').click();
      await expect.poll(() => page.getByTestId('settings').isVisible()).toBe(true);
      expect(await page.getByTestId('setting-backend-auto').isChecked()).toBe(true);
      const builtIn = page.getByTestId('offline-built-in').locator('.command-phrase');
      await expect.poll(() => builtIn.allTextContents()).toContain('run the tests');
      expect(
        await page.getByTestId('offline-workspace').locator('.command-phrase').allTextContents(),
      ).toContain('run the test script');
      await checked(page, problems, `offline-settings-backend-${size}-${scheme}`);
      const talkKey = page.getByTestId('talk-key');
      await talkKey.scrollIntoViewIfNeeded();
      expect(await talkKey.getByTestId('hotkey-none').textContent()).toContain('parley --toggle');
      expect(await page.getByTestId('chord-change').count()).toBe(0);
      await checked(page, problems, `offline-settings-talk-key-${size}-${scheme}`);
      await page.close();
    }
  });

  it('the main view says to press Start and ask what it can do', async () => {
    for (const [size, scheme] of VARIANTS) {
      const { page, problems } = await openParley(browser, url, size, scheme);
      await expect.poll(() => page.getByTestId('status-backend').textContent()).toBe('Offline');
      expect(await page.getByTestId('offline-hint').textContent()).toMatch(
        /Press Start and say what can you do/,
      );
      expect(await page.getByTestId('start').isDisabled()).toBe(false);
      await checked(page, problems, `offline-main-${size}-${scheme}`);
      await page.close();
    }
  });

  it('Start, "run the tests" into the microphone: a task runs, finishes and its result is spoken', async () => {
    const { page, problems } = await openParley(browser, url, 'wide', 'light');
    const clicked = performance.now();
    await page.getByTestId('start').click();
    await parley.waitFor((r) => r.event === 'session.state' && r.state === 'live', 60_000);
    const live = performance.now() - clicked;
    const heard = await parley.waitFor((r) => r.event === 'offline.recognized', 60_000);
    const recognised = performance.now() - clicked;
    expect(heard).toMatchObject({ result: 'command', phrase: 'run the tests' });
    const models = parley.records
      .filter((r) => r.event === 'offline.model_loaded')
      .map((r) => `${String(r.name)} ${String(r.ms)} ms`);
    console.log(
      `[browser-offline] Start → live ${live.toFixed(0)} ms, → recognised ${recognised.toFixed(0)} ms ` +
        `(the words end ${(PAD_BEFORE_S * 1000 + speechMs).toFixed(0)} ms into the WAV; ` +
        `recognition margin ${String(heard.margin)}); ` +
        `models: ${models.join(', ')}`,
    );

    const card = page.getByTestId('task').first();
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    expect(await card.getByTestId('task-result').textContent()).toContain(RESULT_LINE);

    const user = page.locator('[data-testid="transcript-line"][data-role="user"]');
    await expect
      .poll(() => user.allTextContents(), { timeout: 30_000 })
      .toEqual([expect.stringContaining('run the tests')]);
    // Both replies, once final: the acknowledgement, then the result.
    const finalReplies = page.locator(
      '[data-testid="transcript-line"][data-role="assistant"][data-final="true"] .line-text',
    );
    await expect
      .poll(async () => (await finalReplies.allTextContents()).join('\n'), { timeout: 30_000 })
      .toMatch(/12 tests passed/);
    const replies = (await finalReplies.allTextContents()).map((text) => text.trim());
    expect(replies.length).toBeGreaterThanOrEqual(2);

    // Each reply as the offline voice renders it (the engine's own voice and resampler): the
    // page's player must receive exactly that much audio for one item, and play it out.
    const voice = await loadFliteVoice();
    const expected = replies.map((text) => {
      const speech = voice.synthesize(text);
      return floatToInt16(resample(speech.samples, speech.sampleRate, PCM16_RATE)).length;
    });
    voice.dispose();
    const matched = async () => {
      const items = Object.values((await snapshot(page))?.player.items ?? {});
      return expected.map((samples) => items.find((i) => i.receivedSamples === samples) ?? null);
    };
    await expect
      .poll(
        async () =>
          (await matched()).every(
            (item, i) => item !== null && item.playedSamples >= expected[i]! - 2 * 480,
          ),
        { timeout: 30_000, interval: 200, message: 'each reply received whole and played out' },
      )
      .toBe(true);
    const items = await matched();
    replies.forEach((text, i) => {
      console.log(
        `[browser-offline] reply "${text}": voice ${expected[i]} samples ` +
          `(${((expected[i]! * 1000) / PCM16_RATE).toFixed(0)} ms), page received ` +
          `${items[i]!.receivedSamples}, played ${items[i]!.playedSamples}`,
      );
    });
    expect((await snapshot(page))?.framesSent).toBeGreaterThan(
      ((PAD_BEFORE_S + PAD_AFTER_S) * 1000) / 20 / 2,
    );
    await checked(page, problems, 'offline-conversation-wide-light');
    await page.close();
  });
});
