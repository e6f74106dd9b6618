import type { SettingsFields } from '../../preload/schemas/settings';
import { ConfigError, type EnvConfig } from './env-config';
import { resolveVoice } from '../realtime/voices';

/** Cross-field rules of the effective settings; a message for the user, or null when fine. */
export function checkSettings(settings: SettingsFields): string | null {
  const voice = resolveVoice(settings.protocol, settings.voice);
  if (!voice.ok) return voice.error.message;
  if (settings.delegate === 'command' && !settings.delegateCommand?.trim()) {
    return 'The command delegate needs a command: set PARLEY_DELEGATE_COMMAND or enter one in Settings.';
  }
  return null;
}

/**
 * Start-up check of the effective settings. A problem caused by an environment variable stops
 * start-up with a {@link ConfigError} naming it; the same problem in settings.json only warns,
 * because the user can fix it in the settings view.
 */
export function checkStartupSettings(
  settings: SettingsFields,
  env: EnvConfig,
): { fatal: ConfigError | null; warning: string | null } {
  const problem = checkSettings(settings);
  if (!problem) return { fatal: null, warning: null };
  const voiceVariable = env.overriddenBy.voice ?? env.overriddenBy.protocol;
  if (!resolveVoice(settings.protocol, settings.voice).ok && voiceVariable) {
    return { fatal: new ConfigError(voiceVariable, `${voiceVariable}: ${problem}`), warning: null };
  }
  if (problem.startsWith('The command delegate') && env.overriddenBy.delegate) {
    return {
      fatal: new ConfigError('PARLEY_DELEGATE', `PARLEY_DELEGATE=command: ${problem}`),
      warning: null,
    };
  }
  return { fatal: null, warning: problem };
}
