import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../main/base/clock';
import { gatherHotkeyFacts } from '../../../main/hotkey/hotkey-facts';
import { selectHotkeyBackend } from '../../../main/hotkey/backend-selection';
import { startFakePortal, type FakePortal } from '../../fakes/fake-global-shortcuts-portal';
import { startSessionBus, type PrivateBus } from '../../support/dbus-daemon';
import { startXvfb, type XServer } from '../../support/xvfb';

let x: XServer;
let bus: PrivateBus;
let portal: FakePortal;
beforeAll(async () => {
  [x, bus] = await Promise.all([startXvfb(), startSessionBus()]);
  portal = await startFakePortal(bus.address, { version: 2 });
});
afterAll(async () => {
  portal?.stop();
  await Promise.all([x?.stop(), bus?.stop()]);
});

describe('gatherHotkeyFacts on real servers', () => {
  it('sees a reachable X display and picks the hook', async () => {
    const facts = await gatherHotkeyFacts({
      clock: systemClock,
      platform: 'linux',
      env: { DISPLAY: x.display, XDG_SESSION_TYPE: 'x11' },
      globalShortcutAvailable: true,
    });
    expect(facts).toMatchObject({
      xDisplayReachable: true,
      portalVersion: null,
      accessibilityTrusted: null,
    });
    expect(selectHotkeyBackend(facts).backend).toBe('hook');
  });

  it('finds the portal on Wayland and picks it', async () => {
    const facts = await gatherHotkeyFacts({
      clock: systemClock,
      platform: 'linux',
      env: {
        WAYLAND_DISPLAY: 'wayland-0',
        XDG_SESSION_TYPE: 'wayland',
        DBUS_SESSION_BUS_ADDRESS: bus.address,
      },
      globalShortcutAvailable: true,
    });
    expect(facts).toMatchObject({ portalVersion: 2, xDisplayReachable: null });
    expect(selectHotkeyBackend(facts).backend).toBe('portal');
  });

  it('reports an unreachable display and a missing bus without throwing', async () => {
    const facts = await gatherHotkeyFacts({
      clock: systemClock,
      platform: 'linux',
      env: {
        DISPLAY: ':4097',
        WAYLAND_DISPLAY: 'wayland-0',
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
      },
      globalShortcutAvailable: false,
    });
    expect(facts).toMatchObject({ xDisplayReachable: false, portalVersion: null });
    expect(selectHotkeyBackend(facts)).toMatchObject({
      backend: 'none',
      remedy: 'bind-toggle-command',
    });
  });

  it('asks the shell about Accessibility on macOS only', async () => {
    const mac = await gatherHotkeyFacts({
      clock: systemClock,
      platform: 'darwin',
      env: {},
      accessibilityTrusted: () => true,
      globalShortcutAvailable: true,
    });
    expect(mac).toMatchObject({
      accessibilityTrusted: true,
      xDisplayReachable: null,
      portalVersion: null,
    });
    expect(selectHotkeyBackend(mac).backend).toBe('hook');
  });
});
