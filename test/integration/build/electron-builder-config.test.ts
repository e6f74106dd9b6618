// The packaging configuration, checked offline: electron-builder's own schema validation, the
// targets and macOS privacy keys the app needs, every file it names, and the hook process with
// everything it loads unpacked from the asar (against the real build in out/).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, matchesGlob } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARLEY_APP_ID } from '../../../main/hotkey/app-id';
import { encodePng } from '../../../main/shell/png-image';
import { drawAppIcon } from '../../../main/shell/tray-icons';
import { repoRoot } from '../../support/parley-process';

const require = createRequire(join(repoRoot, 'package.json'));
const CONFIG = 'build/electron-builder.yml';

interface BuilderConfig {
  appId: string;
  /** As electron-builder normalises it: patterns, or `{ filter: patterns }`. */
  files: (string | { filter: string[] })[];
  asarUnpack: string[];
  npmRebuild: boolean;
  linux: {
    target: string[];
    icon: string;
    syncDesktopName: boolean;
    desktop: {
      entry: Record<string, string>;
      desktopActions: Record<string, Record<string, string>>;
    };
  };
  mac: {
    target: string[];
    icon: string;
    hardenedRuntime: boolean;
    entitlements: string;
    entitlementsInherit: string;
    extendInfo: Record<string, string>;
  };
  win: { target: string[]; icon: string };
}

type Builder = {
  getConfig(dir: string, path: string, options: null): Promise<BuilderConfig>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};

const builder = require('app-builder-lib/out/util/config/config') as Builder;
const { DebugLogger } = require('builder-util') as { DebugLogger: new (on: boolean) => unknown };

let config: BuilderConfig;
beforeAll(async () => {
  config = await builder.getConfig(repoRoot, CONFIG, null);
});

/** Whether the app's file list takes `path`: a pattern matches it and no `!` pattern excludes it. */
function packaged(path: string): boolean {
  const patterns = config.files.flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
  const excluded = patterns.some((p) => p.startsWith('!') && matchesGlob(path, p.slice(1)));
  return !excluded && patterns.some((p) => !p.startsWith('!') && matchesGlob(path, p));
}

/** Whether `path` (from the repo root) is unpacked by one of the asarUnpack patterns. */
const unpacked = (path: string): boolean =>
  config.asarUnpack.some((pattern) => matchesGlob(path, pattern));

/** The hook entry and every file and package it loads, following relative imports. */
function hookClosure(): { files: string[]; packages: string[] } {
  const files: string[] = [];
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.includes(file)) return;
    files.push(file);
    const source = readFileSync(join(repoRoot, file), 'utf8');
    for (const [, spec] of source.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
      if (spec!.startsWith('.')) visit(join(file, '..', spec!));
      else if (!spec!.startsWith('node:')) packages.add(spec!.split('/')[0]!);
    }
  };
  visit('out/main/hook.js');
  // The packages' own dependencies load from beside them too.
  for (const name of [...packages]) {
    const manifest = require(`${name}/package.json`) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(manifest.dependencies ?? {})) packages.add(dep);
  }
  return { files, packages: [...packages] };
}

describe('the electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation; a misspelt option does not', async () => {
    const logger = new DebugLogger(false);
    await expect(builder.validateConfiguration(config, logger)).resolves.toBeUndefined();
    const typo = { ...config, mac: { ...config.mac, hardenedRuntim: true } };
    await expect(builder.validateConfiguration(typo, logger)).rejects.toThrow(/configuration/);
  });

  it('builds an AppImage and a deb, a dmg, and an NSIS installer', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.npmRebuild).toBe(false);
  });

  it('macOS: hardened runtime, the microphone and Accessibility reasons, the audio-input entitlement', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    // macOS shows these to the user when it asks: they must say why, in a sentence.
    expect(config.mac.extendInfo.NSMicrophoneUsageDescription).toMatch(/^Parley .{30,}\.$/);
    expect(config.mac.extendInfo.NSAccessibilityUsageDescription).toMatch(/^Parley .{30,}\.$/);
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      const plist = readFileSync(join(repoRoot, file), 'utf8');
      expect(plist).toMatch(/<key>com\.apple\.security\.device\.audio-input<\/key>\s*<true\/>/);
      expect(plist).toMatch(/<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/);
    }
  });

  it('every file it names exists, and its file list takes the built app but no source maps', () => {
    for (const file of [
      config.linux.icon,
      config.mac.icon,
      config.win.icon,
      config.mac.entitlements,
    ]) {
      expect(existsSync(join(repoRoot, file)), file).toBe(true);
    }
    const main = (
      JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { main: string }
    ).main;
    for (const built of [
      main.replace(/^\.\//, ''),
      'out/preload/index.cjs',
      'out/renderer/index.html',
    ]) {
      expect(existsSync(join(repoRoot, built)), `${built} (run npm run build)`).toBe(true);
      expect(packaged(built), built).toBe(true);
    }
    expect(packaged('out/main/index.js.map')).toBe(false);
    expect(packaged('main/index.ts')).toBe(false);
  });

  it('unpacks the hook process and everything it loads from the asar', () => {
    const { files, packages } = hookClosure();
    expect(files[0]).toBe('out/main/hook.js');
    expect(packages).toContain('uiohook-napi');
    for (const file of files) expect(unpacked(file), file).toBe(true);
    for (const name of packages) {
      expect(unpacked(`node_modules/${name}/package.json`), name).toBe(true);
    }
    // The native module itself: its prebuild for this platform is unpacked.
    expect(unpacked('node_modules/uiohook-napi/prebuilds/linux-x64/uiohook-napi.node')).toBe(true);
  });

  it('the Linux desktop entry carries the same remote-command actions as build/dev.parley.Parley.desktop', () => {
    const desktop = readFileSync(join(repoRoot, 'build', 'dev.parley.Parley.desktop'), 'utf8');
    const actions: Record<string, Record<string, string>> = {};
    for (const [, id, body] of desktop.matchAll(/\[Desktop Action (\w+)\]\n([^[]*)/g)) {
      actions[id!] = Object.fromEntries(
        body!
          .trim()
          .split('\n')
          .map((line) => line.split('=', 2) as [string, string]),
      );
    }
    expect(Object.keys(actions)).toEqual(['toggle', 'start', 'stop', 'mute']);
    expect(config.linux.desktop.desktopActions).toEqual(actions);
    expect(config.linux.desktop.entry.Actions).toBe('toggle;start;stop;mute;');
  });

  it('installs the entry under Parley’s app id, which the portal and Wayland know it by', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      desktopName: string;
    };
    expect(pkg.desktopName).toBe(`${PARLEY_APP_ID}.desktop`);
    expect(config.linux.syncDesktopName).toBe(true);
    expect(config.appId).toBe(PARLEY_APP_ID);
  });

  it('the icon is the drawing in main/shell/tray-icons.ts (regenerate with `npm run icon`)', () => {
    const icon = readFileSync(join(repoRoot, config.linux.icon));
    expect(icon.equals(encodePng(drawAppIcon()))).toBe(true);
  });
});
