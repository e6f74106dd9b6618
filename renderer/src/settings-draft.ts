import type { SettingsFields, SettingsPatch } from '../../preload/schemas/settings';

/** The settings form's values: text inputs hold '' where the setting is null. */
export type SettingsDraft = Omit<SettingsFields, 'voice' | 'delegateCommand' | 'workspace'> & {
  voice: string;
  delegateCommand: string;
  workspace: string;
};

/** The form's starting values. */
export function draftFrom(values: SettingsFields): SettingsDraft {
  return {
    ...values,
    voice: values.voice ?? '',
    delegateCommand: values.delegateCommand ?? '',
    workspace: values.workspace ?? '',
  };
}

/** The draft back as settings values ('' → null where the setting may be unset). */
function valuesFrom(draft: SettingsDraft): SettingsFields {
  return {
    ...draft,
    voice: draft.voice.trim() || null,
    delegateCommand: draft.delegateCommand.trim() ? draft.delegateCommand : null,
    workspace: draft.workspace.trim() || null,
  };
}

/**
 * What Save sends: only the fields that changed, and the key when one was typed (or '' to
 * remove the stored one).
 */
export function patchFrom(
  draft: SettingsDraft,
  saved: SettingsFields,
  key: { typed: string; remove: boolean },
): SettingsPatch {
  const next = valuesFrom(draft);
  const patch: Record<string, unknown> = {};
  for (const field of Object.keys(next) as (keyof SettingsFields)[]) {
    if (next[field] !== saved[field]) patch[field] = next[field];
  }
  if (key.remove) patch.apiKey = '';
  else if (key.typed.trim()) patch.apiKey = key.typed.trim();
  return patch as SettingsPatch;
}
