import type { ShortcutRegistrar } from '../../main/hotkey/global-shortcut-backend';

/** A narrow recording stand-in for Electron's `globalShortcut`. */
export class RecordingShortcutRegistrar implements ShortcutRegistrar {
  readonly registered = new Map<string, () => void>();
  readonly calls: string[] = [];
  /** Accelerators another application holds. */
  readonly taken = new Set<string>();

  register(accelerator: string, onPress: () => void): boolean {
    this.calls.push(`register ${accelerator}`);
    if (!/^[A-Za-z0-9+\-=[\];',./`\\]+$/.test(accelerator))
      throw new Error(`invalid accelerator "${accelerator}"`);
    if (this.taken.has(accelerator) || this.registered.has(accelerator)) return false;
    this.registered.set(accelerator, onPress);
    return true;
  }

  unregister(accelerator: string): void {
    this.calls.push(`unregister ${accelerator}`);
    this.registered.delete(accelerator);
  }

  /** The desktop delivers a press of `accelerator`. */
  press(accelerator: string): void {
    const onPress = this.registered.get(accelerator);
    if (!onPress) throw new Error(`${accelerator} is not registered`);
    onPress();
  }
}
