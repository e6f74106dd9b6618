// The settings view checks a patch with the contract's own schemas before sending it, so every
// field it can judge shows its reason at once; main checks again (and the workspace's folder).
import type { z } from 'zod';
import {
  CheckedSettings,
  SettingsPatch,
  type SettingsFields,
  type SettingsView,
} from '../../preload/schemas/settings';

/** Field name → the reason it was refused. */
export type FieldErrors = Partial<Record<keyof SettingsFields | 'apiKey', string>>;

function byField(error: z.ZodError): Map<string, string> {
  const out = new Map<string, string>();
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (field && !out.has(field)) out.set(field, issue.message);
  }
  return out;
}

/**
 * The reasons `patch` would be refused, by field: each field's own rule, fields the
 * environment fixes, and the rules between fields that the patch would newly break.
 */
export function precheckPatch(patch: SettingsPatch, view: SettingsView): FieldErrors {
  const errors: FieldErrors = {};
  const parsed = SettingsPatch.safeParse(patch);
  if (!parsed.success) {
    for (const [field, message] of byField(parsed.error))
      errors[field as keyof FieldErrors] = message;
    return errors;
  }
  const { apiKey: _key, ...fields } = parsed.data;
  for (const [field, value] of Object.entries(fields)) {
    const variable = view.overriddenBy[field];
    if (variable && value !== view.values[field as keyof SettingsFields]) {
      errors[field as keyof FieldErrors] = `Set by ${variable}; change or unset the variable.`;
    }
  }
  const before = CheckedSettings.safeParse(view.values);
  const known = before.success ? new Map<string, string>() : byField(before.error);
  const after = CheckedSettings.safeParse({ ...view.values, ...fields });
  if (!after.success) {
    for (const [field, message] of byField(after.error)) {
      if (known.get(field) !== message) errors[field as keyof FieldErrors] ??= message;
    }
  }
  return errors;
}
