import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { AppInfo } from '../../../preload/contract';
import type { SettingsFieldName } from '../../../preload/schemas/settings';
import { onHostLost, useApi } from '../api';

/** Below this width the panes stack, with tabs between them. */
export const NARROW_QUERY = '(max-width: 760px)';

/** Which pane the narrow layout shows. */
export type PaneTab = 'conversation' | 'tasks';

/**
 * What the window shows around the panes: the settings dialog (and the field it should open
 * at), the event inspector, the history view, the narrow layout's tab, the first-run guide, and whether the host
 * this page talks to has gone.
 */
export const useUiStore = defineStore('ui', () => {
  const settingsOpen = ref(false);
  const settingsFocus = ref<SettingsFieldName | null>(null);
  const inspectorOpen = ref(false);
  /** The history view (a drawer where the inspector opens: one of the two at a time). */
  const historyOpen = ref(false);
  const tab = ref<PaneTab>('conversation');
  const narrow = ref(false);
  /** The first-run guide is showing (decided once, when the settings first load). */
  const guideOpen = ref(false);
  const info = ref<AppInfo | null>(null);
  const hostLost = ref(false);
  const cleanups: (() => void)[] = [];
  // Synchronous: the drawer opened last wins, whatever else changes in the same tick.
  const sync = { flush: 'sync' } as const;
  watch(inspectorOpen, (open) => open && void (historyOpen.value = false), sync);
  watch(historyOpen, (open) => open && void (inspectorOpen.value = false), sync);

  /** Read the app info, follow the window's width and the host's presence. Once. */
  async function attach(): Promise<void> {
    if (cleanups.length) return;
    const media = typeof window.matchMedia === 'function' ? window.matchMedia(NARROW_QUERY) : null;
    if (media) {
      narrow.value = media.matches;
      const follow = (event: MediaQueryListEvent): void => void (narrow.value = event.matches);
      media.addEventListener('change', follow);
      cleanups.push(() => media.removeEventListener('change', follow));
    }
    cleanups.push(onHostLost(() => (hostLost.value = true)));
    const result = await useApi().app.info();
    if (result.ok) info.value = result.value;
  }

  function openSettings(field: SettingsFieldName | null = null): void {
    settingsFocus.value = field;
    settingsOpen.value = true;
  }

  function closeSettings(): void {
    settingsOpen.value = false;
    settingsFocus.value = null;
  }

  function showTab(next: PaneTab): void {
    tab.value = next;
  }

  return {
    settingsOpen,
    settingsFocus,
    inspectorOpen,
    historyOpen,
    tab,
    narrow,
    guideOpen,
    info,
    hostLost,
    attach,
    openSettings,
    closeSettings,
    showTab,
  };
});
