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
    // The talk chord is saved by binding it (`hotkey.bind`), never with the form.
    if (field !== 'talkChord' && next[field] !== saved[field]) patch[field] = next[field];
  }
  if (key.remove) patch.apiKey = '';
  else if (key.typed.trim()) patch.apiKey = key.typed.trim();
  return patch as SettingsPatch;
}

/**
 * The saved settings changed under an open form (the tray, another window): fields the user
 * has not touched take the new values, edited ones keep the edit. Returns the edited fields
 * whose saved value changed meanwhile, so the form can say Save will replace it.
 */
export function rebaseDraft(
  draft: SettingsDraft,
  before: SettingsFields,
  after: SettingsFields,
): (keyof SettingsDraft)[] {
  const was = draftFrom(before);
  const now = draftFrom(after);
  const kept: (keyof SettingsDraft)[] = [];
  for (const field of Object.keys(now) as (keyof SettingsDraft)[]) {
    if (was[field] === now[field]) continue;
    if (draft[field] === was[field]) Object.assign(draft, { [field]: now[field] });
    else if (draft[field] !== now[field]) kept.push(field);
  }
  return kept;
}
