import { getSiteFilter, setSiteFilter } from '../../../storage/settings';
import type { HandlerTable } from './types';

export const settingsHandlers: HandlerTable<'settings.get' | 'settings.setFilter' | 'readingList.open'> = {
  'settings.get': async (req, { deps }) => ({ filter: await getSiteFilter(deps.db, req.site) }),

  'settings.setFilter': async (req, { deps }) => {
    await setSiteFilter(deps.db, req.site, req.filter);
    return { ok: true };
  },

  'readingList.open': async (_req, { deps }) => {
    await deps.openReadingList();
    return { ok: true };
  },
};
