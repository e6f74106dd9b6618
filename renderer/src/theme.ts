import type { Theme } from '../../preload/schemas/settings';

/**
 * Applies the theme setting: `system` follows the operating system (`prefers-color-scheme`),
 * `light` and `dark` override it. The stylesheet reads the `data-theme` attribute.
 */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}
