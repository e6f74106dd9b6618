import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startParley, type ParleyProcess } from '../support/parley-process';
import { artifactsDir, launchChromium } from './support/chromium';

describe('browser host end to end (parley serve + Chromium)', () => {
  let parley: ParleyProcess;
  let browser: BrowserContext;
  let url: string;

  beforeAll(async () => {
    parley = startParley([]);
    const listening = await parley.waitFor((r) => r.event === 'host.listening');
    url = String(listening.url);
    browser = await launchChromium();
    mkdirSync(artifactsDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
  });

  it('refuses the page without the token', async () => {
    const base = url.replace(/\?token=.*/, '');
    const res = await fetch(base);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('access token');
    const wrong = await fetch(`${base}?token=not-the-token`);
    expect(wrong.status).toBe(403);
    const page = await browser.newPage();
    const response = await page.goto(base);
    expect(response?.status()).toBe(403);
    await page.close();
  });

  it('refuses the contract socket without the token', async () => {
    const port = new URL(url).port;
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/parley?token=wrong`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('socket opened without the token')));
      ws.on('error', () => {});
    });
    expect(status).toBe(403);
  });

  it('opens the live UI with the token and shows the state main reports', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(url);
    // A fresh data folder: the first-run guide opens over the app.
    await page.getByTestId('guide-skip').click();
    await expect.poll(() => page.locator('[data-region]').count()).toBe(3);
    for (const region of ['conversation', 'tasks', 'status']) {
      expect(await page.locator(`[data-region="${region}"]`).isVisible()).toBe(true);
    }
    await expect.poll(() => page.getByTestId('status-label').textContent()).toBe('Disconnected');
    // With no key, Start is ready and says it talks to the offline commands.
    await expect.poll(() => page.getByTestId('status-backend').textContent()).toBe('Offline');
    await page.screenshot({ path: join(artifactsDir, 'browser-host-idle.png') });

    // No key is configured: starting goes through main to the offline commands engine on
    // loopback, and comes back as a live state change.
    await page.getByTestId('start').click();
    await expect
      .poll(() => page.getByTestId('status-label').textContent(), { timeout: 20_000 })
      .toBe('Listening');
    const connected = await parley.waitFor((r) => r.event === 'session.connected');
    expect(String(connected.url)).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime/);
    expect(parley.records.some((r) => r.event === 'offline.started')).toBe(true);
    await page.screenshot({ path: join(artifactsDir, 'browser-host-offline.png') });
    await page.getByTestId('stop').click();
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
    await page.close();
  });

  it('tells the user when the host goes away', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await expect.poll(() => page.getByTestId('status-label').textContent()).toBe('Disconnected');
    expect(await parley.stop()).toBe(0);
    await expect
      .poll(() => page.getByTestId('host-gone-command').textContent(), { timeout: 10_000 })
      .toMatch(/^cd .+ && PARLEY_DATA_DIR=\S+ PARLEY_PORT=\d+ node bin\/parley serve --log-json$/);
    await page.close();
  });
});
