import { CheckedSettings, type SettingsFields } from '../../preload/schemas/settings';
import { ConfigError, type EnvConfig } from './env-config';

/** A problem with one settings field, in words for the user. */
export interface SettingsProblem {
  field: keyof SettingsFields;
  message: string;
}

/** Every problem of a set of effective settings (each field's own rules and those between fields). */
export function settingsProblems(settings: SettingsFields): SettingsProblem[] {
  const checked = CheckedSettings.safeParse(settings);
  if (checked.success) return [];
  return checked.error.issues.map((issue) => ({
    field: String(issue.path[0] ?? 'realtimeUrl') as keyof SettingsFields,
    message: issue.message,
  }));
}

/** The first problem of the effective settings, or null when they fit together. */
export function checkSettings(settings: SettingsFields): SettingsProblem | null {
  return settingsProblems(settings)[0] ?? null;
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
  const variable =
    problem.field === 'voice'
      ? (env.overriddenBy.voice ?? env.overriddenBy.protocol)
      : problem.field === 'delegateCommand'
        ? (env.overriddenBy.delegate ?? env.overriddenBy.delegateCommand)
        : env.overriddenBy[problem.field];
  if (variable) {
    const shown = variable === 'PARLEY_DELEGATE' ? 'PARLEY_DELEGATE=command' : variable;
    const hint =
      problem.field === 'delegateCommand'
        ? 'The command delegate needs a command: set PARLEY_DELEGATE_COMMAND.'
        : problem.message;
    return { fatal: new ConfigError(variable, `${shown}: ${hint}`), warning: null };
  }
  return { fatal: null, warning: problem.message };
}
