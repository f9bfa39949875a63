import type { Theme } from '../../storage/reading-list';

/** "system" removes the attribute so the CSS follows prefers-color-scheme. */
export function applyTheme(theme: Theme, doc: Document = document): void {
  if (theme === 'system') delete doc.documentElement.dataset.theme;
  else doc.documentElement.dataset.theme = theme;
}
