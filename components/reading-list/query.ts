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

  /**
   * Builds the haystacks of `papers` a slice at a time between tasks, so the first keystroke
   * finds them ready. Returns a function that stops it.
   */
  warm(papers: readonly SavedPaper[], slice = 2000): () => void {
    let i = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const step = () => {
      const end = Math.min(papers.length, i + slice);
      for (; i < end; i++) this.text(papers[i] as SavedPaper);
      if (i < papers.length) timer = setTimeout(step, 0);
    };
    timer = setTimeout(step, 0);
    return () => clearTimeout(timer);
  }

  /** Builds the haystacks of `papers` now (one chunk of a load, a task of its own). */
  warmNow(papers: readonly SavedPaper[]): void {
    for (const p of papers) this.text(p);
  }

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

/** Everything in the query but the search text. */
function sameFilters(a: ListQuery, b: ListQuery): boolean {
  return (
    a.status === b.status &&
    a.topic === b.topic &&
    a.tag === b.tag &&
    a.site === b.site &&
    a.added === b.added &&
    a.starredOnly === b.starredOnly &&
    a.sort === b.sort
  );
}

/** A list of papers with their search haystacks, index for index. */
interface Scanned {
  out: SavedPaper[];
  texts: string[] | null;
}

/**
 * `applyQuery` for a page that asks again on every keystroke, with the same answers. It keeps
 * the papers sorted per sort key and filtered per set of filters (filtering a stably sorted list
 * keeps its order, so the result is already in display order), each with its search haystacks
 * index for index, so a keystroke only looks for the search terms: no filter is checked again
 * (only the date, which moves with the clock) and no haystack is looked up per paper. When the
 * search text only grows (more letters or words) over the same papers and filters, it narrows the
 * previous result instead of scanning everything: every paper the longer search matches was
 * matched by the shorter one. Narrowing also skips terms already checked, and a term that only
 * got longer is looked for from where the shorter one first matched (nothing earlier can match
 * it), so typing a word scans each haystack about once in total instead of once per letter.
 */
export class QueryRunner {
  private sortedFor: { papers: readonly SavedPaper[]; sort: SortKey; list: SavedPaper[] } | null = null;
  /** The papers passing the filters (search aside), as of `since`: later dates drop some more. */
  private filtered: { papers: readonly SavedPaper[]; q: ListQuery; since: number; list: Scanned } | null =
    null;
  private last: {
    papers: readonly SavedPaper[];
    q: ListQuery;
    since: number;
    search: string;
    terms: string[];
    list: Scanned;
    /** Where the last term first occurs in each result's haystack. */
    firstAt: Int32Array | null;
  } | null = null;

  constructor(private index: SearchIndex) {}

  private filteredFor(papers: readonly SavedPaper[], q: ListQuery, since: number): Scanned {
    const f = this.filtered;
    // A list filtered as of an earlier date holds every paper a later one does (and some more,
    // which the caller drops by date).
    if (f && f.papers === papers && sameFilters(f.q, q) && f.since <= since) return f.list;
    let sorted = this.sortedFor;
    if (!sorted || sorted.papers !== papers || sorted.sort !== q.sort) {
      sorted = { papers, sort: q.sort, list: [...papers].sort(compareBy(q.sort)) };
      this.sortedFor = sorted;
    }
    const tag = q.tag.toLowerCase();
    const list: Scanned = { out: sorted.list.filter((p) => passesFilters(p, q, since, tag)), texts: null };
    this.filtered = { papers, q, since, list };
    return list;
  }

  run(papers: readonly SavedPaper[], q: ListQuery, now: number = Date.now()): SavedPaper[] {
    const search = q.search.toLowerCase();
    const terms = searchTerms(q.search);
    const since = q.added === 'any' ? 0 : now - DATE_SPANS[q.added];
    const byDate = since > 0;
    const last = this.last;
    let from: Scanned;
    /** Terms [0, checked) are known to match every paper of `from`. */
    let checked = 0;
    let resumeAt: Int32Array | null = null;
    if (
      last &&
      last.papers === papers &&
      sameFilters(last.q, q) &&
      last.since <= since &&
      search.startsWith(last.search)
    ) {
      from = last.list;
      while (checked < last.terms.length && terms[checked] === last.terms[checked]) checked++;
      // The last term typed further ("spa" -> "spar"): resume where the shorter one matched.
      const j = last.terms.length - 1;
      if (checked === j && last.firstAt && terms.length === last.terms.length) {
        const before = last.terms[j] as string;
        if ((terms[j] as string).startsWith(before)) resumeAt = last.firstAt;
      }
    } else from = this.filteredFor(papers, q, since);
    if (!terms.length) {
      const list = byDate ? { out: from.out.filter((p) => p.savedAt >= since), texts: null } : from;
      this.last = { papers, q, since, search, terms, list, firstAt: null };
      return list.out;
    }
    if (!from.texts) from.texts = from.out.map((p) => this.index.text(p));
    const list: Scanned = { out: [], texts: [] };
    const texts = from.texts;
    const firstAt = new Int32Array(from.out.length);
    const lastTerm = terms.length - 1;
    let n = 0;
    for (let i = 0; i < from.out.length; i++) {
      const p = from.out[i] as SavedPaper;
      if (byDate && p.savedAt < since) continue;
      const text = texts[i] as string;
      let at = 0;
      let ok = true;
      for (let t = checked; t <= lastTerm; t++) {
        const k =
          t === lastTerm && resumeAt
            ? text.indexOf(terms[t] as string, resumeAt[i])
            : text.indexOf(terms[t] as string);
        if (k < 0) {
          ok = false;
          break;
        }
        at = k;
      }
      if (!ok) continue;
      // Every term checked already: the last one's position is unchanged.
      if (checked > lastTerm) at = last?.firstAt?.[i] ?? 0;
      list.out.push(p);
      (list.texts as string[]).push(text);
      firstAt[n++] = at;
    }
    this.last = { papers, q, since, search, terms, list, firstAt: firstAt.slice(0, n) };
    return list.out;
  }
}

function passesFilters(p: SavedPaper, q: ListQuery, since: number, tag: string): boolean {
  if (!statusMatches(q.status, p.status)) return false;
  if (q.topic && !p.topics.includes(q.topic)) return false;
  if (q.site && !p.sites.includes(q.site) && p.site !== q.site) return false;
  if (tag && !p.tags.some((t) => t.toLowerCase() === tag)) return false;
  if (q.starredOnly && !p.starred) return false;
  if (p.savedAt < since) return false;
  return true;
}

function filterPapers(
  papers: readonly SavedPaper[],
  q: ListQuery,
  index: SearchIndex,
  now: number,
): SavedPaper[] {
  const terms = searchTerms(q.search);
  const since = q.added === 'any' ? 0 : now - DATE_SPANS[q.added];
  const tag = q.tag.toLowerCase();
  return papers.filter((p) => {
    if (!passesFilters(p, q, since, tag)) return false;
    if (terms.length) {
      const text = index.text(p);
      for (const t of terms) if (!text.includes(t)) return false;
    }
    return true;
  });
}

/** The papers the query shows, in display order. */
export function applyQuery(
  papers: readonly SavedPaper[],
  q: ListQuery,
  index: SearchIndex,
  now: number = Date.now(),
): SavedPaper[] {
  return filterPapers(papers, q, index, now).sort(compareBy(q.sort));
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
