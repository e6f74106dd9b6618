import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { artifactsDir } from './chromium';

/** The sizes every view is checked at: a laptop window and a phone. */
export const SIZES = {
  wide: { width: 1280, height: 800 },
  narrow: { width: 390, height: 844 },
} as const;
export type SizeName = keyof typeof SIZES;
export type Scheme = 'light' | 'dark';

/** A page of Parley at one size and colour scheme (the theme setting is left on "system"). */
export async function openParley(
  browser: BrowserContext,
  url: string,
  size: SizeName = 'wide',
  scheme: Scheme = 'light',
): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  await page.setViewportSize(SIZES[size]);
  await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  // Usable in beforeAll too (expect.poll is not): wait for the three regions.
  await page.waitForFunction(() => document.querySelectorAll('[data-region]').length === 3, null, {
    timeout: 10_000,
  });
  return { page, problems };
}

/** Saves a screenshot under test/artifacts/ (for a person to look at) and returns its path. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Text widths that overflow their box: nothing a person must read may be cut off. */
export function clippedText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const selectors =
      '.problem-summary, .field-error, .task-error, .composer-error, .status-label, ' +
      '.history-row-title, .history-hit-snippet, .history-conv-title, .confirm-message';
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selectors))) {
      const style = getComputedStyle(el);
      const cut = style.textOverflow === 'ellipsis' || el.scrollWidth > el.clientWidth + 1;
      if (cut && el.offsetParent !== null) out.push(el.textContent?.trim().slice(0, 80) ?? '');
    }
    return out;
  });
}

/**
 * Whether the page scrolls sideways (the layout must fit the window); when it does, the
 * elements sticking out are named in the failure.
 */
export async function scrollsSideways(page: Page): Promise<false | string[]> {
  return page.evaluate(() => {
    if (document.documentElement.scrollWidth <= window.innerWidth + 1) return false;
    const wide: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      const box = el.getBoundingClientRect();
      if (box.right > window.innerWidth + 1 && box.width > 0) {
        const text = el.textContent?.trim().slice(0, 60) ?? '';
        wide.push(
          `${el.tagName.toLowerCase()}.${el.className} right=${Math.round(box.right)} "${text}"`,
        );
      }
    }
    return wide.slice(0, 8);
  });
}
