import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium on the PATH; a clear failure (never a skip) when it is missing. */
export function chromiumPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      "Chromium is not installed: browser tests need Debian's `chromium` package (apt-get install chromium). `bash .ci/run` installs it.",
    );
  }
}

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
  // A fake microphone (a tone, or the WAV given with --use-file-for-fake-audio-capture), no prompt.
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

/** Options of {@link launchChromium}. */
export interface ChromiumOptions {
  /**
   * Leave out `--autoplay-policy=no-user-gesture-required`, so audio runs only where a browser
   * with default settings lets it (a context made without a click stays suspended).
   */
  defaultAutoplayPolicy?: boolean;
}

/** A fresh Chromium profile with Parley's usual flags plus `extraArgs`. */
export async function launchChromium(
  extraArgs: string[] = [],
  options: ChromiumOptions = {},
): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'parley-chromium-'));
  const flags = options.defaultAutoplayPolicy
    ? CHROMIUM_FLAGS.filter((flag) => !flag.startsWith('--autoplay-policy='))
    : CHROMIUM_FLAGS;
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: [...flags, ...extraArgs],
    viewport: { width: 1100, height: 700 },
  });
}

export const artifactsDir = join(import.meta.dirname, '..', '..', 'artifacts');
