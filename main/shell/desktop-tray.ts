/**
 * The tray icon and its menu in Electron, from a {@link TrayModel}. The menu is rebuilt only
 * when it changes (Linux needs `setContextMenu` again after any change, and a rebuild closes
 * an open menu), and each icon is drawn once.
 */
import {
  Menu,
  nativeImage,
  Tray,
  type MenuItemConstructorOptions,
  type NativeImage,
} from 'electron';
import { encodePng } from './png-image';
import { drawTrayIcon } from './tray-icons';
import type { TrayAction, TrayIcon, TrayMenuItem, TrayModel } from './tray-model';

/** The tray as the shell drives it. */
export interface DesktopTray {
  update(model: TrayModel): void;
  /** Removes the icon; idempotent. */
  dispose(): void;
}

/** Icon size in pixels at scale 1: Linux trays draw 22–24 px, macOS and Windows 16. */
export function trayIconSize(platform: NodeJS.Platform): number {
  return platform === 'linux' ? 22 : 16;
}

/** The Electron menu template of `items`; a click runs `onAction`. */
export function menuTemplate(
  items: readonly TrayMenuItem[],
  onAction: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'action':
        return {
          label: item.label,
          enabled: item.enabled ?? true,
          click: () => onAction(item.action),
        };
      case 'checkbox':
      case 'radio':
        return {
          type: item.type,
          label: item.label,
          checked: item.checked,
          click: () => onAction(item.action),
        };
      case 'submenu':
        return { label: item.label, submenu: menuTemplate(item.items, onAction) };
    }
  });
}

/** Icons that look the same share a key (the badge shows 9+ as one picture). */
const iconKey = (icon: TrayIcon): string => `${icon.state}:${Math.min(icon.tasks, 10)}`;

/** Creates the tray icon showing `initial`. */
export function createDesktopTray(
  initial: TrayModel,
  onAction: (action: TrayAction) => void,
  platform: NodeJS.Platform = process.platform,
): DesktopTray {
  const images = new Map<string, NativeImage>();
  const size = trayIconSize(platform);
  const imageOf = (icon: TrayIcon): NativeImage => {
    const key = iconKey(icon);
    let image = images.get(key);
    if (!image) {
      image = nativeImage.createEmpty();
      for (const scaleFactor of [1, 2]) {
        const buffer = encodePng(drawTrayIcon(icon, size * scaleFactor));
        image.addRepresentation({ scaleFactor, buffer });
      }
      images.set(key, image);
    }
    return image;
  };
  const tray = new Tray(imageOf(initial.icon));
  // Where the tray delivers clicks, a click shows the window; everything is in the menu too.
  tray.on('click', () => onAction({ kind: 'show-window' }));
  let shown = { icon: iconKey(initial.icon), tooltip: '', menu: '' };
  let disposed = false;
  const update = (model: TrayModel): void => {
    if (disposed) return;
    const icon = iconKey(model.icon);
    const menu = JSON.stringify(model.menu);
    if (icon !== shown.icon) tray.setImage(imageOf(model.icon));
    if (model.tooltip !== shown.tooltip) tray.setToolTip(model.tooltip);
    if (menu !== shown.menu)
      tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(model.menu, onAction)));
    shown = { icon, tooltip: model.tooltip, menu };
  };
  update(initial);
  return {
    update,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      tray.destroy();
    },
  };
}
