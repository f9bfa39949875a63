/**
 * Search, filter and sort of the reading list: pure functions over SavedPaper[]. The search text
 * of each paper is lowercased once and cached by id + updatedAt, so a keystroke over 10,000 papers
 * is a few `includes` calls each, well inside a frame.
 */

import type { SiteId, TopicId } from '../../lib/types';
import type { PaperStatus, SavedPaper } from '../../storage/db';

export type StatusFilter = PaperStatus | 'active' | 'all';
export type DateFilter = 'any' | '7d' | '30d' | '365d';
export type SortKey = 'added-desc' | 'added-asc' | 'updated-desc' | 'title-asc' | 'starred';

export interface ListQuery {
  search: string;
  status: StatusFilter;
  topic: TopicId | '';
  tag: string;
  site: SiteId | '';
  added: DateFilter;
  starredOnly: boolean;
  sort: SortKey;
}

export const DEFAULT_QUERY: ListQuery = {
  search: '',
  status: 'active',
  topic: '',
  tag: '',
  site: '',
  added: 'any',
  starredOnly: false,
  sort: 'added-desc',
};

const DAY = 24 * 60 * 60 * 1000;
const DATE_SPANS: Record<Exclude<DateFilter, 'any'>, number> = {
  '7d': 7 * DAY,
  '30d': 30 * DAY,
  '365d': 365 * DAY,
};

/**
 * The lowercase haystack of each paper, built once per record object. The paper store hands
 * out the same object until the record changes, so a WeakMap is exact and frees itself.
 */
export class SearchIndex {
  private cache = new WeakMap<SavedPaper, string>();

  text(p: SavedPaper): string {
    let text = this.cache.get(p);
    if (text === undefined) {
      text = [p.title, p.authors.join(' '), p.abstract, p.notes, p.tags.join(' '), p.id]
        .join('\n')
        .toLowerCase();
      this.cache.set(p, text);
    }
    return text;
  }
}

export function searchTerms(search: string): string[] {
  return search.toLowerCase().split(/\s+/).filter(Boolean);
}

function statusMatches(filter: StatusFilter, status: PaperStatus): boolean {
  if (filter === 'all') return true;
  if (filter === 'active') return status !== 'dismissed';
  return filter === status;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function compareBy(sort: SortKey): (a: SavedPaper, b: SavedPaper) => number {
  switch (sort) {
    case 'added-asc':
      return (a, b) => a.savedAt - b.savedAt || collator.compare(a.id, b.id);
    case 'updated-desc':
      return (a, b) => b.updatedAt - a.updatedAt || b.savedAt - a.savedAt;
    case 'title-asc':
      return (a, b) => collator.compare(a.title, b.title);
    case 'starred':
      return (a, b) => Number(b.starred) - Number(a.starred) || b.savedAt - a.savedAt;
    default:
      return (a, b) => b.savedAt - a.savedAt || collator.compare(a.id, b.id);
  }
}

/** The papers the query shows, in display order. */
export function applyQuery(
  papers: readonly SavedPaper[],
  q: ListQuery,
  index: SearchIndex,
  now: number = Date.now(),
): SavedPaper[] {
  const terms = searchTerms(q.search);
  const since = q.added === 'any' ? 0 : now - DATE_SPANS[q.added];
  const tag = q.tag.toLowerCase();
  const out = papers.filter((p) => {
    if (!statusMatches(q.status, p.status)) return false;
    if (q.topic && !p.topics.includes(q.topic)) return false;
    if (q.site && !p.sites.includes(q.site) && p.site !== q.site) return false;
    if (tag && !p.tags.some((t) => t.toLowerCase() === tag)) return false;
    if (q.starredOnly && !p.starred) return false;
    if (p.savedAt < since) return false;
    if (terms.length) {
      const text = index.text(p);
      for (const t of terms) if (!text.includes(t)) return false;
    }
    return true;
  });
  return out.sort(compareBy(q.sort));
}

/** Every distinct tag, most used first (for filters and autocomplete). */
export function tagsInUse(papers: readonly SavedPaper[]): string[] {
  const counts = new Map<string, { tag: string; n: number }>();
  for (const p of papers) {
    for (const t of p.tags) {
      const key = t.toLowerCase();
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { tag: t, n: 1 });
    }
  }
  return [...counts.values()].sort((a, b) => b.n - a.n || collator.compare(a.tag, b.tag)).map((c) => c.tag);
}

export function topicsInUse(papers: readonly SavedPaper[]): TopicId[] {
  const set = new Set<TopicId>();
  for (const p of papers) for (const t of p.topics) set.add(t);
  return [...set];
}
