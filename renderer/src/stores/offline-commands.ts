import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { OfflineCommandInfo } from '../../../preload/schemas/offline';
import { useApi } from '../api';

/** The commands the offline engine understands in the saved workspace, as main lists them. */
export const useOfflineCommandsStore = defineStore('offline-commands', () => {
  const commands = ref<OfflineCommandInfo[] | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let pending: Promise<void> | null = null;

  const builtIn = computed(() => (commands.value ?? []).filter((c) => c.source === 'built-in'));
  const fromWorkspace = computed(() =>
    (commands.value ?? []).filter((c) => c.source !== 'built-in'),
  );

  /** Read the list (main starts the engine if need be); overlapping calls share one read. */
  function load(): Promise<void> {
    pending ??= read().finally(() => (pending = null));
    return pending;
  }

  async function read(): Promise<void> {
    loading.value = true;
    try {
      const result = await useApi().offline.commands();
      if (result.ok) {
        commands.value = result.value;
        error.value = null;
      } else error.value = result.error.message;
    } finally {
      loading.value = false;
    }
  }

  return { commands, loading, error, builtIn, fromWorkspace, load };
});
