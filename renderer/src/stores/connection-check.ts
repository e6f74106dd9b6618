import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ConnectionCheck, ConnectionCheckRequest } from '../../../preload/schemas/checks';
import { useApi } from '../api';

/** "Test connection" in Settings: running, and what it found. */
export const useConnectionCheckStore = defineStore('connectionCheck', () => {
  const checking = ref(false);
  const check = ref<ConnectionCheck | null>(null);
  const error = ref<string | null>(null);

  /** Open and close a session with these (unsaved) values; the outcome lands in `check`. */
  async function run(request: ConnectionCheckRequest): Promise<void> {
    checking.value = true;
    check.value = null;
    error.value = null;
    try {
      const result = await useApi().settings.testConnection(request);
      if (result.ok) check.value = result.value;
      else error.value = result.error.message;
    } finally {
      checking.value = false;
    }
  }

  function clear(): void {
    check.value = null;
    error.value = null;
  }

  return { checking, check, error, run, clear };
});
