import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SettingsPatch, SettingsView } from '../../../preload/schemas/settings';
import { useApi } from '../api';
import { precheckPatch, type FieldErrors } from '../settings-precheck';

/**
 * The settings as main reports them (kept current by `settings.changed`), and saving them field
 * by field with the reasons.
 */
export const useSettingsStore = defineStore('settings', () => {
  const view = ref<SettingsView | null>(null);
  const loadError = ref<string | null>(null);
  const saving = ref(false);
  const fieldErrors = ref<FieldErrors>({});
  /** A refusal that is not about one field (e.g. the disk is full). */
  const formError = ref<string | null>(null);

  let unfollow: (() => void) | null = null;

  function take(next: SettingsView): void {
    view.value = next;
    loadError.value = null;
  }

  /** Follow `settings.changed` (the tray, another window, a bound talk key; once), then read. */
  async function load(): Promise<void> {
    const api = useApi();
    unfollow ??= api.on('settings.changed', take);
    const result = await api.settings.get();
    if (result.ok) take(result.value);
    else loadError.value = result.error.message;
  }

  /** Save a patch whole: true when saved; otherwise the reasons are in the errors. */
  async function save(patch: SettingsPatch): Promise<boolean> {
    formError.value = null;
    fieldErrors.value = view.value ? precheckPatch(patch, view.value) : {};
    if (Object.keys(fieldErrors.value).length > 0) return false;
    saving.value = true;
    try {
      const result = await useApi().settings.update(patch);
      if (result.ok) {
        view.value = result.value;
        return true;
      }
      const { field, message } = result.error;
      if (field) fieldErrors.value = { [field]: message };
      else formError.value = message;
      return false;
    } finally {
      saving.value = false;
    }
  }

  /** The system folder picker (desktop app); null when cancelled or not available. */
  async function chooseWorkspace(): Promise<string | null> {
    const result = await useApi().settings.chooseWorkspace();
    return result.ok ? result.value : null;
  }

  function clearErrors(): void {
    fieldErrors.value = {};
    formError.value = null;
  }

  return {
    view,
    loadError,
    saving,
    fieldErrors,
    formError,
    load,
    save,
    chooseWorkspace,
    clearErrors,
  };
});
