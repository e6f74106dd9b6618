import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { TaskSnapshot } from '../../../preload/schemas/tasks';
import { useApi } from '../api';

/** Delegated tasks as main reports them, newest first for the pane. */
export const useTasksStore = defineStore('tasks', () => {
  const byId = ref(new Map<string, TaskSnapshot>());
  const cancelError = ref<string | null>(null);

  const tasks = computed(() => [...byId.value.values()].sort((a, b) => b.createdAt - a.createdAt));
  const active = computed(
    () => tasks.value.filter((t) => t.status === 'running' || t.status === 'queued').length,
  );

  function upsert(task: TaskSnapshot): void {
    byId.value.set(task.id, task);
  }

  /** Subscribe before the renderer announces readiness, so no update is missed. */
  function subscribe(): () => void {
    return useApi().on('task.updated', upsert);
  }

  async function load(): Promise<void> {
    const result = await useApi().tasks.list();
    if (result.ok) for (const task of result.value) upsert(task);
  }

  async function cancel(id: string): Promise<void> {
    cancelError.value = null;
    const result = await useApi().tasks.cancel({ id });
    if (result.ok) upsert(result.value);
    else cancelError.value = result.error.message;
  }

  return { tasks, active, cancelError, subscribe, load, cancel, upsert };
});
