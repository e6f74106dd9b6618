import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { NavigateTarget } from '../../../preload/schemas/talk';
import { useApi } from '../api';
import { useTasksStore } from './tasks';
import { useUiStore } from './ui';

/** A request to bring one task card into view; `seq` makes a repeat of the same task count. */
export interface TaskFocus {
  taskId: string;
  seq: number;
}

/**
 * Where main asks the window to go (`app.navigate`): Settings from the tray, a task from a
 * notification's click. A task's card is revealed by the card itself, from `taskFocus`.
 */
export const useNavigationStore = defineStore('navigation', () => {
  /** The task card to reveal; the card clears it once shown. */
  const taskFocus = ref<TaskFocus | null>(null);
  /** A task main asked to show that this window no longer has. */
  const missingTask = ref(false);
  let seq = 0;

  /** Shows a task's card: the Tasks tab when narrow, then the card scrolls in, opens, lights up. */
  async function showTask(taskId: string): Promise<void> {
    const ui = useUiStore();
    const tasks = useTasksStore();
    missingTask.value = false;
    if (ui.narrow) ui.showTab('tasks');
    const known = (): boolean => tasks.tasks.some((task) => task.id === taskId);
    if (!known()) await tasks.load();
    if (!known()) {
      missingTask.value = true;
      return;
    }
    taskFocus.value = { taskId, seq: ++seq };
  }

  /** The card has been shown; a later request for it shows it again. */
  function taskShown(): void {
    taskFocus.value = null;
  }

  function navigate(target: NavigateTarget): void {
    if (target.view === 'settings') useUiStore().openSettings();
    else void showTask(target.taskId);
  }

  /** Follow main's `app.navigate`; subscribe before the renderer announces readiness. */
  function follow(): () => void {
    return useApi().on('app.navigate', navigate);
  }

  return { taskFocus, missingTask, showTask, taskShown, navigate, follow };
});
