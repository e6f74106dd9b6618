import { inject, type ComputedRef, type InjectionKey, type Ref } from 'vue';
import type { SettingsView } from '../../preload/schemas/settings';
import type { SettingsDraft } from './settings-draft';
import type { FieldErrors } from './settings-precheck';

/** The settings dialog's form, shared with its sections. */
export interface SettingsForm {
  /** The saved settings, kept current while the dialog is open. */
  view: ComputedRef<SettingsView>;
  /** The values being edited (reactive). */
  draft: SettingsDraft;
  /** The key typed in, or the stored one to remove (reactive). */
  key: { typed: string; remove: boolean };
  /** Why a field was refused, by field. */
  errors: ComputedRef<FieldErrors>;
  /** Fields the user edited whose saved value changed elsewhere meanwhile. */
  changedElsewhere: Ref<readonly string[]>;
  /** The environment variable that fixes a field, or null. */
  env(field: string): string | null;
}

/** How the dialog hands its form to its sections. */
export const SETTINGS_FORM: InjectionKey<SettingsForm> = Symbol('settings-form');

/** The form of the settings dialog this section is in. */
export function useSettingsForm(): SettingsForm {
  const form = inject(SETTINGS_FORM);
  if (!form) throw new Error('A settings section is used outside the settings dialog.');
  return form;
}

/** The form around a field, or null where a field is used outside the settings dialog. */
export function useOptionalSettingsForm(): SettingsForm | null {
  return inject(SETTINGS_FORM, null);
}
