/** Small key-value settings (per-site topic filter, theme, …). */
import type { SiteId, TopicId } from '../lib/types';
import type { PaperSiftDB } from './db';
import { guardWrite } from './errors';

export async function getSetting<T>(db: PaperSiftDB, key: string, fallback: T): Promise<T> {
  const rec = await db.settings.get(key);
  return rec === undefined ? fallback : (rec.value as T);
}

export function setSetting(db: PaperSiftDB, key: string, value: unknown): Promise<void> {
  return guardWrite('save the setting', async () => {
    await db.settings.put({ key, value });
  });
}

const filterKey = (site: SiteId) => `filter:${site}`;

/** The active topic filter of a site ([] = show everything). */
export async function getSiteFilter(db: PaperSiftDB, site: SiteId): Promise<TopicId[]> {
  const v = await getSetting<unknown>(db, filterKey(site), []);
  return Array.isArray(v) ? v.filter((t): t is TopicId => typeof t === 'string') : [];
}

export function setSiteFilter(db: PaperSiftDB, site: SiteId, filter: readonly TopicId[]): Promise<void> {
  return setSetting(db, filterKey(site), [...new Set(filter)]);
}
