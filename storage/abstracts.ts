/**
 * Cache of abstracts fetched from public APIs for title-only pages (issue 4), keyed by canonical id
 * so a revisit costs no request. An entry with `abstract: ''` records that the API had none
 * (withdrawn or unknown id), so it is not asked again on every visit.
 */
import type { CachedAbstract, PaperSiftDB, SavedPaper } from './db';
import { guardWrite } from './errors';

/** Cached entries among `ids` (only those found, in the order of `ids`). */
export async function getCachedAbstracts(db: PaperSiftDB, ids: readonly string[]): Promise<CachedAbstract[]> {
  const found = await db.abstracts.bulkGet([...new Set(ids)]);
  return found.filter((a): a is CachedAbstract => !!a);
}

/**
 * Stores fetched abstracts in one transaction and fills the empty abstract of saved papers with
 * them (a paper saved from a title-only page gets its abstract later). Returns the ids of saved
 * papers that changed, for the `papers.changed` broadcast.
 */
export function putAbstracts(db: PaperSiftDB, entries: readonly CachedAbstract[]): Promise<string[]> {
  if (!entries.length) return Promise.resolve([]);
  return guardWrite('cache the fetched abstracts', () =>
    db.transaction('rw', db.abstracts, db.papers, async () => {
      await db.abstracts.bulkPut([...entries]);
      const byId = new Map(entries.filter((e) => e.abstract).map((e) => [e.id, e]));
      const saved = await db.papers.bulkGet([...byId.keys()]);
      const changed: SavedPaper[] = [];
      for (const p of saved) {
        const fetched = p && !p.abstract ? byId.get(p.id) : undefined;
        if (!p || !fetched) continue;
        changed.push({
          ...p,
          abstract: fetched.abstract,
          authors: p.authors.length ? p.authors : (fetched.authors ?? []),
        });
      }
      if (changed.length) await db.papers.bulkPut(changed);
      return changed.map((p) => p.id);
    }),
  );
}

/** Drops cache entries fetched before `olderThan` (ms since epoch); returns how many. */
export function pruneAbstracts(db: PaperSiftDB, olderThan: number): Promise<number> {
  return guardWrite('prune the abstracts cache', () =>
    db.abstracts.where('fetchedAt').below(olderThan).delete(),
  );
}
