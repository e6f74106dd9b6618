import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { TaskSnapshot, TaskStatus } from '../../../preload/schemas/tasks';
import { useApi } from '../api';

/** Order in the pane: running first, then queued, then the finished ones. */
const RANK: Record<TaskStatus, number> = {
  running: 0,
  queued: 1,
  done: 2,
  failed: 2,
  cancelled: 2,
};

/** Whether a status is final. */
export function isEnded(status: TaskStatus): boolean {
  return RANK[status] === 2;
}

/** Running tasks first, then queued, then finished; newest first within each. */
export function paneOrder(a: TaskSnapshot, b: TaskSnapshot): number {
  return RANK[a.status] - RANK[b.status] || b.createdAt - a.createdAt;
}

/**
 * Delegated tasks as main reports them, in pane order, and which finished while the pane was
 * out of sight (a badge until it is seen).
 */
export const useTasksStore = defineStore('tasks', () => {
  const byId = ref(new Map<string, TaskSnapshot>());
  const cancelError = ref<string | null>(null);
  const openError = ref<string | null>(null);
  const unseen = ref(new Set<string>());
  let paneVisible = true;

  const tasks = computed(() => [...byId.value.values()].sort(paneOrder));
  const active = computed(
    () => tasks.value.filter((t) => t.status === 'running' || t.status === 'queued').length,
  );

  function upsert(task: TaskSnapshot): void {
    const before = byId.value.get(task.id);
    byId.value.set(task.id, task);
    const justEnded = isEnded(task.status) && (!before || !isEnded(before.status));
    if (justEnded && !paneVisible) unseen.value.add(task.id);
  }

  /** The task pane came into sight (or went out of it): what is on screen counts as seen. */
  function setPaneVisible(visible: boolean): void {
    paneVisible = visible;
    if (visible) unseen.value.clear();
  }

  /** Subscribe before the renderer announces readiness, so no update is missed. */
  function subscribe(): () => void {
    return useApi().on('task.updated', upsert);
  }

  async function load(): Promise<void> {
    const result = await useApi().tasks.list();
    if (result.ok) for (const task of result.value) byId.value.set(task.id, task);
  }

  async function cancel(id: string): Promise<void> {
    cancelError.value = null;
    const result = await useApi().tasks.cancel({ id });
    if (result.ok) upsert(result.value);
    else cancelError.value = result.error.message;
  }

  async function openWorkspace(id: string): Promise<void> {
    openError.value = null;
    const result = await useApi().tasks.openWorkspace({ id });
    if (!result.ok) openError.value = result.error.message;
  }

  return {
    tasks,
    active,
    unseen,
    cancelError,
    openError,
    subscribe,
    load,
    cancel,
    openWorkspace,
    upsert,
    setPaneVisible,
  };
});
