import type { Problem } from '../../preload/schemas/problem';
import { realtimeUrlProblem } from '../../preload/schemas/realtime-url';
import {
  answeringBackend,
  type ApiKeySource,
  type SettingsFields,
} from '../../preload/schemas/settings';
import { voiceProblem } from '../../preload/schemas/voices';
import { missingKeyProblem } from './explain-failure';

/**
 * Which backend a start with these settings and this key talks to: the offline commands engine
 * when the user chose it, or (in `auto`) when no key is configured; otherwise the cloud.
 */
export function plannedBackend(
  settings: SettingsFields,
  keySource: ApiKeySource,
  offlineAvailable: boolean,
): 'cloud' | 'offline' {
  return offlineAvailable ? answeringBackend(settings.backend, keySource) : 'cloud';
}

/**
 * Why Start cannot work with these settings and this key, or null when it can. The one rule
 * the status bar's Start button follows. With the offline engine, "no key" (in `auto`) and the
 * `offline` backend need nothing of the cloud settings.
 */
export function startBlocker(
  settings: SettingsFields,
  keySource: ApiKeySource,
  offlineAvailable = false,
): Problem | null {
  if (plannedBackend(settings, keySource, offlineAvailable) === 'offline') return null;
  if (keySource === 'none') return missingKeyProblem();
  if (keySource === 'unavailable') {
    return {
      summary: 'The stored API key cannot be read — enter the key again in Settings.',
      detail: 'The key store did not answer (on Linux, the keyring may be locked or missing).',
      actions: ['open_settings'],
      field: 'apiKey',
    };
  }
  const url = realtimeUrlProblem(settings.realtimeUrl);
  if (url)
    return { summary: url.message, detail: null, actions: ['open_settings'], field: 'realtimeUrl' };
  const voice = voiceProblem(settings.protocol, settings.voice);
  if (voice) return { summary: voice, detail: null, actions: ['open_settings'], field: 'voice' };
  return null;
}
