// The built Electron main (out/main/index.js) booted under plain Node, with `electron` mapped to
// a recording stand-in: what main asks Electron to do, driven as Parley's window, a foreign
// page, the tray's menu, a second instance and the power monitor would.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_PREFIX, listInvokes } from '../../preload/contract';
import { TRAY_NOTICE } from '../../main/shell/task-notifications';
import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
} from '../fakes/scripted-realtime-server';
import { bootStandInMain, menuItem, menuLabels, type StandInMain } from './support/stand-in-main';

describe('the desktop main, booted without Electron', () => {
  let server: ScriptedRealtimeServer;
  let main: StandInMain;

  beforeAll(async () => {
    server = await startScriptedRealtimeServer({ script: [{ waitFor: 'session.update' }] });
    main = bootStandInMain({
      OPENAI_API_KEY: 'sk-desktop-main-e2e-00001',
      PARLEY_REALTIME_URL: server.url,
      PARLEY_WORKSPACE: process.cwd(),
      // An X display nobody serves: the hook must not start, the talk key falls back.
      DISPLAY: ':97',
    });
    await main.until((s) => !!s.tray && s.handlers.length > 0, 'the window, IPC and tray');
  });

  afterAll(async () => {
    await main?.kill();
    await server?.close();
  });

  it('takes the single-instance lock and asks for one locked-down window on Parley’s page', async () => {
    const shot = await main.snapshot();
    expect(shot.records.some((r) => r.api === 'app.requestSingleInstanceLock')).toBe(true);
    expect(shot.windows).toHaveLength(1);
    const [window] = shot.windows;
    expect(window!.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      backgroundThrottling: false,
      preload: join(process.cwd(), 'out', 'preload', 'index.cjs'),
    });
    expect(window!.url).toBe(`file://${join(process.cwd(), 'out', 'renderer', 'index.html')}`);
    expect(existsSync(join(process.cwd(), 'out', 'preload', 'index.cjs'))).toBe(true);
    expect(window!.visible).toBe(true);
  });

  it('registers a handler for every invoke of the contract and refuses anyone but the window', async () => {
    const shot = await main.snapshot();
    expect([...shot.handlers].sort()).toEqual(
      listInvokes()
        .map((spec) => IPC_PREFIX + spec.channel)
        .sort(),
    );
    for (const as of ['foreign', 'other-window', 'subframe'] as const) {
      expect(await main.invoke('app.info', undefined, as)).toEqual({
        ok: false,
        error: { kind: 'forbidden_sender', message: expect.any(String) },
      });
    }
    expect(await main.invoke('app.info')).toMatchObject({
      ok: true,
      value: { name: 'Parley', host: 'electron' },
    });
    expect(await main.invoke('talk.state')).toMatchObject({ ok: true, value: { mode: 'auto' } });
  });

  it('refuses navigation away, new windows and every permission but the page’s microphone', async () => {
    expect(await main.call('navigate', { url: 'https://evil.example/' })).toBe(true);
    expect(await main.call('open-window', { url: 'https://docs.example/' })).toEqual({
      action: 'deny',
    });
    const own = (await main.snapshot()).windows[0]!.url;
    expect(await main.call('permission', { name: 'media', url: own })).toBe(true);
    expect(await main.call('permission', { name: 'media', url: 'https://evil.example/' })).toBe(
      false,
    );
    expect(await main.call('permission', { name: 'geolocation', url: own })).toBe(false);
  });

  it('draws a tray icon (1× and 2×) with every action in its menu', async () => {
    const { tray } = await main.snapshot();
    expect(tray!.representations.map((r) => r.scaleFactor)).toEqual([1, 2]);
    expect(tray!.representations.every((r) => r.bytes > 100)).toBe(true);
    expect(tray!.tooltip).toMatch(/^Parley: not listening/);
    const labels = menuLabels(tray!.menu);
    for (const label of [
      'Start Talking',
      'Microphone Off',
      'Talk Mode',
      'Hands-free',
      'Show Parley',
      'Settings…',
      'No tasks yet',
      'Quit Parley',
    ]) {
      expect(labels).toContain(label);
    }
  });

  it('with no usable X display the talk key falls back to the press-only shortcut, and says why', async () => {
    const shot = await main.until(
      (s) => menuLabels(s.tray?.menu).includes('Talk key: Ctrl+Alt+Space (toggles only)'),
      'the fallback talk key in the tray',
    );
    expect(shot.records).toContainEqual({
      api: 'globalShortcut.register',
      accelerator: 'Control+Alt+Space',
    });
    expect(shot.records.some((r) => r.api === 'utilityProcess.fork')).toBe(false);
    const status = await main.invoke('hotkey.status');
    expect(status).toMatchObject({
      ok: true,
      value: {
        backend: 'global-shortcut',
        state: 'active',
        reason: expect.stringContaining(':97'),
      },
    });
    expect(shot.tray!.tooltip).toContain('toggle');
  });

  it('Start Talking in the tray starts the conversation; Stop Talking ends the turn', async () => {
    await main.call('menu', { label: 'Start Talking' });
    await server.waitForMessage('session.update', 10_000);
    const talking = await main.until(
      (s) => !!menuItem(s.tray?.menu, 'Stop Talking'),
      'the tray to offer Stop Talking',
    );
    expect(talking.tray!.tooltip).toMatch(/^Parley: talking/);
    expect(await main.invoke('talk.state')).toMatchObject({
      value: { state: 'talking', latched: true },
    });
    await main.call('menu', { label: 'Stop Talking' });
    expect(await main.invoke('talk.state')).toMatchObject({ value: { state: 'idle' } });
  });

  it('the screen lock ends a turn', async () => {
    await main.call('menu', { label: 'Start Talking' });
    expect(await main.invoke('talk.state')).toMatchObject({ value: { state: 'talking' } });
    await main.call('power', { event: 'lock-screen' });
    expect(await main.invoke('talk.state')).toMatchObject({ value: { state: 'idle' } });
  });

  it('Microphone Off from the tray; `parley --mute` from a second launch turns it back on', async () => {
    await main.call('menu', { label: 'Microphone Off' });
    expect(await main.invoke('talk.state')).toMatchObject({ value: { muted: true } });
    const muted = await main.until(
      (s) => menuItem(s.tray?.menu, 'Microphone Off')?.checked === true,
      'the kill switch checked in the tray',
    );
    expect(muted.tray!.tooltip).toMatch(/^Parley: microphone off/);
    await main.call('second-instance', { argv: ['/opt/Parley/parley', '--mute'] });
    expect(await main.invoke('talk.state')).toMatchObject({ value: { muted: false } });
    await main.call('second-instance', { argv: ['/opt/Parley/parley', '--start', '--stop'] });
    expect(main.logs.some((l) => l.event === 'shell.remote_command_refused')).toBe(true);
  });

  it('closing the window keeps Parley in the tray and says so once; a second launch shows it', async () => {
    expect(await main.call('close-window')).toBe(false);
    let shot = await main.snapshot();
    expect(shot.windows[0]).toMatchObject({ destroyed: false, visible: false });
    expect(await main.call('close-window')).toBe(false);
    shot = await main.snapshot();
    expect(shot.notifications).toEqual([{ title: TRAY_NOTICE.title, body: TRAY_NOTICE.body }]);
    expect(existsSync(join(main.dataDir, 'tray-notice-shown'))).toBe(true);
    await main.call('second-instance', { argv: ['/opt/Parley/parley'] });
    expect((await main.snapshot()).windows[0]!.visible).toBe(true);
  });

  it('Quit Parley in the tray stops the app and exits 0', async () => {
    await main.call('menu', { label: 'Quit Parley' });
    expect(await main.exited).toBe(0);
    expect(main.logs.some((l) => l.event === 'app.stopped')).toBe(true);
  });
});

describe('the desktop main started at login (--hidden)', () => {
  it('loads the page without showing the window, and is not listening', async () => {
    const main = bootStandInMain({ PARLEY_TALK_MODE: 'hands-free' }, ['--hidden']);
    try {
      const shot = await main.until((s) => !!s.tray, 'the tray');
      expect(shot.windows).toHaveLength(1);
      expect(shot.windows[0]!.url).toMatch(/renderer\/index\.html$/);
      await new Promise((resolve) => setTimeout(resolve, 100)); // past ready-to-show
      expect((await main.snapshot()).windows[0]!.visible).toBe(false);
      expect(await main.invoke('talk.state')).toMatchObject({
        value: { state: 'idle', mode: 'hands-free' },
      });
      expect(shot.tray!.tooltip).toMatch(/^Parley: not listening/);
    } finally {
      await main.kill();
    }
  });
});

describe('the desktop main quits without leaving a delegate behind', () => {
  it('Quit Parley while a command delegate runs: its whole process tree is gone when main exits', async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'parley-quit-')), 'pids');
    const server = await startScriptedRealtimeServer({
      script: [
        { waitFor: 'session.update' },
        {
          send: {
            type: 'conversation.item.done',
            item: {
              id: 'item_c1',
              type: 'function_call',
              call_id: 'c1',
              name: 'background_agent',
              arguments: JSON.stringify({ prompt: 'start the long migration' }),
            },
          },
        },
      ],
    });
    const main = bootStandInMain({
      OPENAI_API_KEY: 'sk-desktop-main-e2e-00002',
      PARLEY_REALTIME_URL: server.url,
      PARLEY_WORKSPACE: process.cwd(),
      PARLEY_DELEGATE: 'command',
      // A shell with a grandchild: both must go, not only the shell Parley started.
      PARLEY_DELEGATE_COMMAND: `sleep 600 & echo "$$ $!" > ${pidFile}; wait`,
      DISPLAY: ':97',
    });
    try {
      await main.until((s) => !!s.tray, 'the tray');
      await main.call('menu', { label: 'Start Talking' });
      await expect.poll(() => existsSync(pidFile), { timeout: 15_000 }).toBe(true);
      await expect.poll(() => readFileSync(pidFile, 'utf8').trim().split(' ').length).toBe(2);
      const pids = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
      expect(pids.every(alive)).toBe(true);
      await main.call('menu', { label: 'Quit Parley' });
      expect(await main.exited).toBe(0);
      expect(pids.filter(alive)).toEqual([]);
    } finally {
      await main.kill();
      await server.close();
    }
  });
});

/** Whether a process with this id still runs. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
