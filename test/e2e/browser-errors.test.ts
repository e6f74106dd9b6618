/**
 * Errors a person can act on, in the real renderer (browser host, Debian Chromium): an
 * unreachable endpoint and a refused key are told in plain words first, with the technical
 * detail on request and a working "Open Settings" that lands on the field to fix; nothing is
 * cut off, at a laptop's width and at a phone's.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
} from '../fakes/scripted-realtime-server';
import { startParley, type ParleyProcess } from '../support/parley-process';
import { clippedText, openParley, scrollsSideways, shot } from './support/app-page';
import { launchChromium } from './support/chromium';

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A data dir whose settings.json points at `realtimeUrl`, past the first-run guide. */
function dataDirWith(realtimeUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-errors-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'settings.json'),
    JSON.stringify({ version: 1, settings: { realtimeUrl, onboarded: true } }),
  );
  return dir;
}

describe('errors in plain words, with the fix one click away', () => {
  let browser: BrowserContext;
  let refusing: ScriptedRealtimeServer;
  const hosts: ParleyProcess[] = [];

  async function host(realtimeUrl: string): Promise<string> {
    const parley = startParley([], {
      OPENAI_API_KEY: 'sk-errors-test-000000000001',
      PARLEY_DATA_DIR: dataDirWith(realtimeUrl),
    });
    hosts.push(parley);
    return String((await parley.waitFor((r) => r.event === 'host.listening')).url);
  }

  beforeAll(async () => {
    refusing = await startScriptedRealtimeServer({
      refuse: {
        status: 401,
        body: '{"error":{"message":"Incorrect API key provided","code":"invalid_api_key"}}',
      },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    for (const parley of hosts) await parley.stop();
    await refusing?.close();
  });

  it('says an unreachable endpoint cannot be reached, and Open Settings lands on the URL', async () => {
    const port = await closedPort();
    const url = await host(`http://127.0.0.1:${port}/v1`);
    for (const size of ['wide', 'narrow'] as const) {
      const { page, problems } = await openParley(
        browser,
        url,
        size,
        size === 'wide' ? 'light' : 'dark',
      );
      await page.getByTestId('start').click();
      const notice = page.getByTestId('status-error');
      await expect
        .poll(() => notice.getByTestId('problem-summary').textContent(), { timeout: 10_000 })
        .toBe(
          `Could not reach 127.0.0.1:${port} — nothing is answering there. Check the endpoint in Settings, or start the server it points to.`,
        );
      await notice.getByTestId('problem-details').click();
      expect(await notice.getByTestId('problem-detail').textContent()).toContain('ECONNREFUSED');
      expect(await clippedText(page)).toEqual([]);
      expect(await scrollsSideways(page)).toBe(false);
      await shot(page, `error-unreachable-${size}`);
      await notice.getByTestId('problem-open_settings').click();
      await expect.poll(() => page.getByTestId('settings').isVisible()).toBe(true);
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.id))
        .toBe('setting-realtimeUrl');
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('says the key was not accepted, and Open Settings lands on the key', async () => {
    const url = await host(refusing.url);
    const { page, problems } = await openParley(browser, url, 'wide', 'dark');
    await page.getByTestId('start').click();
    const notice = page.getByTestId('status-error');
    await expect
      .poll(() => notice.getByTestId('problem-summary').textContent(), { timeout: 10_000 })
      .toMatch(
        /^127\.0\.0\.1:\d+ did not accept the API key \(HTTP 401\) — enter a valid key in Settings\.$/,
      );
    await notice.getByTestId('problem-details').click();
    expect(await notice.getByTestId('problem-detail').textContent()).toContain(
      'Incorrect API key provided',
    );
    await shot(page, 'error-key-refused-wide-dark');
    await notice.getByTestId('problem-open_settings').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('setting-apiKey');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows "test connection" failures in the same plain words, inside Settings', async () => {
    const url = await host(refusing.url);
    const { page } = await openParley(browser, url, 'narrow', 'light');
    await page.getByTestId('open-settings').click();
    await page.getByTestId('test-connection').click();
    await expect
      .poll(
        () => page.getByTestId('connection-problem').getByTestId('problem-summary').textContent(),
        {
          timeout: 10_000,
        },
      )
      .toMatch(/did not accept the API key \(HTTP 401\)/);
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, 'error-test-connection-narrow-light');
    await page.close();
  });
});
