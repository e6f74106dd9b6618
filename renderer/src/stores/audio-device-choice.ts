import type { AudioDevice } from '../audio/types';

const STORAGE_KEY = 'parley.audio.devices';

/** The devices the user chose last time ('' is the system default). */
export function loadDeviceChoice(): { input: string; output: string } {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Record<string, unknown>;
    return {
      input: typeof saved.input === 'string' ? saved.input : '',
      output: typeof saved.output === 'string' ? saved.output : '',
    };
  } catch {
    return { input: '', output: '' };
  }
}

/** Remember the chosen devices for the next time the page opens. */
export function saveDeviceChoice(input: string, output: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ input, output }));
  } catch {
    // Storage may be unavailable (private mode, file://); the choice then lasts for this page.
  }
}

/** Whether a chosen device id is still offered ('' always is). */
export function isListed(devices: AudioDevice[], id: string): boolean {
  return id === '' || devices.some((d) => d.id === id);
}
