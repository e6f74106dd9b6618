import { describe, expect, it, vi } from 'vitest';

// A narrow recording fake of Electron's Tray, Menu and nativeImage.
const state = vi.hoisted(() => ({
  trays: [] as {
    image: unknown;
    calls: string[];
    menus: { template: unknown[] }[];
    listeners: Map<string, () => void>;
  }[],
}));
vi.mock('electron', () => ({
  Tray: class {
    calls: string[] = [];
    menus: { template: unknown[] }[] = [];
    listeners = new Map<string, () => void>();
    constructor(public image: unknown) {
      state.trays.push(this);
    }
    on(event: string, fn: () => void): void {
      this.listeners.set(event, fn);
    }
    setImage(image: unknown): void {
      this.calls.push('setImage');
      this.image = image;
    }
    setToolTip(text: string): void {
      this.calls.push(`setToolTip ${text}`);
    }
    setContextMenu(menu: { template: unknown[] }): void {
      this.calls.push('setContextMenu');
      this.menus.push(menu);
    }
    destroy(): void {
      this.calls.push('destroy');
    }
  },
  Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
  nativeImage: {
    createEmpty: () => {
      const reps: { scaleFactor: number; buffer: Buffer }[] = [];
      return { reps, addRepresentation: (rep: (typeof reps)[number]) => reps.push(rep) };
    },
  },
}));

import { createDesktopTray, menuTemplate } from '../../../main/shell/desktop-tray';
import type { TrayAction, TrayModel } from '../../../main/shell/tray-model';

const model = (patch: Partial<TrayModel> = {}): TrayModel => ({
  icon: { state: 'idle', tasks: 0 },
  tooltip: 'Parley: not listening',
  menu: [
    { type: 'action', label: 'Start Talking', action: { kind: 'talk', command: 'start' } },
    { type: 'separator' },
    {
      type: 'submenu',
      label: 'Talk Mode',
      items: [
        {
          type: 'radio',
          label: 'Hands-free',
          checked: false,
          action: { kind: 'talk-mode', mode: 'hands-free' },
        },
      ],
    },
    { type: 'label', label: 'No tasks yet' },
  ],
  ...patch,
});

type Template = {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: Template[];
};

describe('the desktop tray', () => {
  it('draws the icon at 1× and 2× as PNGs and shows the tooltip and menu', () => {
    createDesktopTray(model(), () => {}, 'linux');
    const tray = state.trays.at(-1)!;
    const reps = (tray.image as { reps: { scaleFactor: number; buffer: Buffer }[] }).reps;
    expect(reps.map((r) => r.scaleFactor)).toEqual([1, 2]);
    expect(reps[0]!.buffer.readUInt32BE(16)).toBe(22);
    expect(reps[1]!.buffer.readUInt32BE(16)).toBe(44);
    expect(tray.calls).toEqual(['setToolTip Parley: not listening', 'setContextMenu']);
  });

  it('updates only what changed, and reuses each icon it drew', () => {
    const desktop = createDesktopTray(model(), () => {}, 'darwin');
    const tray = state.trays.at(-1)!;
    const first = tray.image;
    tray.calls.length = 0;
    desktop.update(model());
    expect(tray.calls).toEqual([]);
    desktop.update(model({ icon: { state: 'listening', tasks: 1 }, tooltip: 'Parley: listening' }));
    expect(tray.calls).toEqual(['setImage', 'setToolTip Parley: listening']);
    desktop.update(model());
    expect(tray.image).toBe(first);
    desktop.dispose();
    desktop.dispose();
    desktop.update(model({ tooltip: 'after' }));
    expect(tray.calls.filter((c) => c === 'destroy')).toHaveLength(1);
    expect(tray.calls).not.toContain('setToolTip after');
  });

  it('a menu click runs its action; a click on the icon shows the window', () => {
    const actions: TrayAction[] = [];
    createDesktopTray(model(), (a) => actions.push(a), 'win32');
    const tray = state.trays.at(-1)!;
    const template = tray.menus.at(-1)!.template as Template[];
    template[0]!.click!();
    template[2]!.submenu![0]!.click!();
    tray.listeners.get('click')!();
    expect(actions).toEqual([
      { kind: 'talk', command: 'start' },
      { kind: 'talk-mode', mode: 'hands-free' },
      { kind: 'show-window' },
    ]);
  });

  it('turns the model into Electron’s template: labels greyed out, radios and separators kept', () => {
    const template = menuTemplate(model().menu, () => {}) as Template[];
    expect(template.map(({ label, type, enabled }) => ({ label, type, enabled }))).toEqual([
      { label: 'Start Talking', type: undefined, enabled: true },
      { label: undefined, type: 'separator', enabled: undefined },
      { label: 'Talk Mode', type: undefined, enabled: undefined },
      { label: 'No tasks yet', type: undefined, enabled: false },
    ]);
    expect(template[2]!.submenu![0]).toMatchObject({ type: 'radio', label: 'Hands-free' });
  });
});
