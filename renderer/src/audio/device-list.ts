import type { AudioDevice, AudioDevices } from './types';

/** Labels are empty until the page has microphone permission: number them instead. */
function toDevices(list: MediaDeviceInfo[], kind: MediaDeviceKind, noun: string): AudioDevice[] {
  const seen = new Set<string>();
  const out: AudioDevice[] = [];
  for (const info of list) {
    // 'default' and 'communications' are Chromium aliases of real devices; '' means the default.
    if (info.kind !== kind || info.deviceId === '' || seen.has(info.deviceId)) continue;
    if (info.deviceId === 'default' || info.deviceId === 'communications') continue;
    seen.add(info.deviceId);
    out.push({ id: info.deviceId, label: info.label || `${noun} ${out.length + 1}` });
  }
  return out;
}

/** The audio inputs and outputs the browser reports (empty lists when it cannot enumerate). */
export async function listAudioDevices(media: MediaDevices | undefined): Promise<AudioDevices> {
  if (!media?.enumerateDevices) return { inputs: [], outputs: [] };
  try {
    const list = await media.enumerateDevices();
    return {
      inputs: toDevices(list, 'audioinput', 'Microphone'),
      outputs: toDevices(list, 'audiooutput', 'Speaker'),
    };
  } catch {
    return { inputs: [], outputs: [] };
  }
}

/** Calls `onChange` with the new list on every `devicechange` (hot-plug); returns the stop function. */
export function watchAudioDevices(
  media: MediaDevices | undefined,
  onChange: (devices: AudioDevices) => void,
): () => void {
  if (!media?.addEventListener) return () => {};
  const handler = (): void => {
    void listAudioDevices(media).then(onChange);
  };
  media.addEventListener('devicechange', handler);
  return () => media.removeEventListener('devicechange', handler);
}
