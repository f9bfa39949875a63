import type { SiteId } from '../../../lib/types';
import { SITES_KEY } from '../../../storage/reading-list';
import { getSetting, getSiteFilter, setSiteFilter } from '../../../storage/settings';
import type { HandlerTable } from './types';

const SITES: readonly SiteId[] = ['arxiv', 'huggingface', 'openreview'];

export const settingsHandlers: HandlerTable<
  'settings.get' | 'settings.setFilter' | 'settings.sites' | 'readingList.open' | 'page.matches'
> = {
  'settings.get': async (req, { deps }) => ({ filter: await getSiteFilter(deps.db, req.site) }),

  'settings.setFilter': async (req, { deps }) => {
    await setSiteFilter(deps.db, req.site, req.filter);
    return { ok: true };
  },

  'settings.sites': async (_req, { deps }) => {
    // Written by the options page as { arxiv, huggingface, openreview }; anything else means on.
    const stored = await getSetting<unknown>(deps.db, SITES_KEY, {});
    const sw = (stored && typeof stored === 'object' ? stored : {}) as Partial<Record<SiteId, unknown>>;
    const sites = Object.fromEntries(SITES.map((s) => [s, sw[s] !== false])) as Record<SiteId, boolean>;
    return { sites };
  },

  'page.matches': async (req, { deps, sender }) => {
    const tabId = sender.tab?.id;
    if (tabId !== undefined && deps.setBadge) await deps.setBadge(tabId, badgeText(req.count));
    return { ok: true };
  },

  'readingList.open': async (_req, { deps }) => {
    await deps.openReadingList();
    return { ok: true };
  },
};

/** Badge text for a count of matching papers: empty for none, at most four characters. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 999 ? '999+' : String(count);
}
