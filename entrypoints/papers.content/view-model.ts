/**
 * The sidebar's state and the pure rules that derive what is visible (shared by the host-page
 * filter and the sidebar list so both always agree: issue 2 "the sidebar list filters the same way").
 */
import type { Classification, Evidence } from '../../classifier/types';
import { ABSTRACT_FETCH_ID } from '../../lib/protocol';
import type { Paper, SiteId, TopicId } from '../../lib/types';

export type Label = 1 | -1;

/** One paper of the page; replaced (never mutated) when anything about it changes. */
export interface PaperView {
  /** Position on the host page (page order). */
  readonly index: number;
  readonly paper: Paper;
  /** Latest classification; undefined until its chunk ran. */
  readonly classification?: Classification;
  /** The user's corrections for this paper: +1 "is this topic", -1 "not this topic". */
  readonly corrections?: ReadonlyMap<TopicId, Label>;
  /** Predicted topics after corrections, in topic order. */
  readonly topics: readonly TopicId[];
  readonly saved: boolean;
  readonly dismissed: boolean;
}

export type SortOrder = 'page' | 'relevance';

export interface AbstractsProgress {
  done: number;
  total: number;
  /** 'fetching' | 'offline' | 'rate-limited' | 'done' (lib/protocol.ts), or 'error: …' when the request failed. */
  status: string;
  /** Given up on (no abstract in the API, or kept failing); counted in `done`. */
  failed?: number;
  /** While waiting (offline, rate-limited): ms until the next attempt. */
  retryInMs?: number;
  /** Where the abstracts come from ('arXiv', 'OpenReview'), for "… asked to slow down". */
  sources?: readonly AbstractSource[];
}

export type AbstractSource = 'arXiv' | 'OpenReview';

/**
 * The papers whose abstracts the background can fetch ('abstracts.request' accepts versionless
 * arXiv ids and OpenReview forum ids: lib/protocol.ts ABSTRACT_FETCH_ID), and the APIs asked.
 */
export function fetchableAbstracts(papers: readonly Paper[]): { ids: string[]; sources: AbstractSource[] } {
  const ids = papers.map((p) => p.id).filter((id) => ABSTRACT_FETCH_ID.test(id));
  const sources: AbstractSource[] = [];
  if (ids.some((id) => id.startsWith('arxiv:'))) sources.push('arXiv');
  if (ids.some((id) => id.startsWith('openreview:'))) sources.push('OpenReview');
  return { ids, sources };
}

export type Phase =
  /** No adapter for this URL (sidebar not shown). */
  | 'inactive'
  | 'parsing'
  | 'ready'
  /** LayoutNotRecognisedError: say so instead of an empty or partial list. */
  | 'layout-error';

export interface TopicInfo {
  id: TopicId;
  label: string;
}

export interface SidebarState {
  readonly phase: Phase;
  readonly site?: SiteId;
  readonly kind?: string;
  /** Visible problems: layout not recognised, parse warnings (count mismatch), failed requests. */
  readonly layoutMessage?: string;
  readonly warnings: readonly string[];
  readonly views: readonly PaperView[];
  /** How many papers have been classified (progress of the chunked pass). */
  readonly classified: number;
  readonly titleOnly: boolean;
  readonly topics: readonly TopicInfo[];
  readonly filter: readonly TopicId[];
  readonly hideTriaged: boolean;
  readonly sort: SortOrder;
  readonly query: string;
  readonly abstracts?: AbstractsProgress;
  /** A transient message (e.g. "Could not save: …"). */
  readonly notice?: string;
  /**
   * Similarity of each page paper to the user's saved papers, in [0, 1] ('papers.relevance',
   * computed in the background); asked for while the Relevance sort is on.
   */
  readonly readingList?: ReadonlyMap<string, number>;
}

export const EMPTY_STATE: SidebarState = {
  phase: 'inactive',
  warnings: [],
  views: [],
  classified: 0,
  titleOnly: false,
  topics: [],
  filter: [],
  hideTriaged: false,
  sort: 'page',
  query: '',
};

/** Classifier topics plus the user's corrections. */
export function effectiveTopics(
  order: readonly TopicId[],
  classification: Classification | undefined,
  corrections: ReadonlyMap<TopicId, Label> | undefined,
): TopicId[] {
  const predicted = new Set(classification?.topics ?? []);
  if (corrections) {
    for (const [t, label] of corrections) {
      if (label === 1) predicted.add(t);
      else predicted.delete(t);
    }
  }
  const ordered = order.filter((t) => predicted.has(t));
  for (const t of predicted) if (!order.includes(t)) ordered.push(t);
  return ordered;
}

/** Whether a paper passes the topic filter; undefined while it is not classified yet. */
export function matchesTopics(view: PaperView, filter: readonly TopicId[]): boolean | undefined {
  if (filter.length === 0) return true;
  if (!view.classification && !view.corrections) return undefined;
  return view.topics.some((t) => filter.includes(t));
}

/**
 * Hidden on the host page: filtered out by topic, or triaged while "Hide triaged" is on.
 * undefined = not decided yet (not classified), leave the entry as it is.
 */
export function hostHidden(
  view: PaperView,
  state: Pick<SidebarState, 'filter' | 'hideTriaged'>,
): boolean | undefined {
  if (state.hideTriaged && (view.saved || view.dismissed)) return true;
  const m = matchesTopics(view, state.filter);
  return m === undefined ? undefined : !m;
}

/** Shown in the sidebar list: same rule as the host page, plus the sidebar's search box. */
export function listVisible(
  view: PaperView,
  state: SidebarState,
  query = normaliseQuery(state.query),
): boolean {
  if (hostHidden(view, state) === true) return false;
  if (!query) return true;
  return searchText(view.paper).includes(query);
}

export function normaliseQuery(q: string): string {
  return q.trim().toLowerCase();
}

const searchCache = new WeakMap<Paper, string>();
function searchText(p: Paper): string {
  let s = searchCache.get(p);
  if (s === undefined) {
    s = `${p.title}\n${p.authors.join(', ')}\n${p.id}`.toLowerCase();
    searchCache.set(p, s);
  }
  return s;
}

/**
 * Relevance to the user's topics and reading list (issue 3 "sort by relevance"): the strongest
 * score among the filtered topics (all topics when no filter), with confirmed corrections counting
 * as certain and a shown chip adding 1 (a paper with a chip outranks one without), plus the
 * paper's similarity to the reading list (0..1), which orders papers within those bands.
 */
export function relevance(view: PaperView, filter: readonly TopicId[], readingList?: number): number {
  const scores = view.classification?.scores ?? {};
  const wanted = filter.length ? filter : [...new Set([...Object.keys(scores), ...view.topics])];
  let best = 0;
  for (const t of wanted) {
    const c = view.corrections?.get(t);
    let s = c === 1 ? 1 : c === -1 ? 0 : (scores[t] ?? 0);
    // A shown chip always outranks a paper without one.
    if (view.topics.includes(t)) s += 1;
    if (s > best) best = s;
  }
  return best + (readingList ?? 0);
}

/** Page order or relevance order (stable: ties keep page order). */
export function orderedViews(state: SidebarState): readonly PaperView[] {
  if (state.sort === 'page') return state.views;
  const rl = state.readingList;
  const scored = state.views.map((v) => [relevance(v, state.filter, rl?.get(v.paper.id)), v] as const);
  scored.sort((a, b) => b[0] - a[0] || a[1].index - b[1].index);
  return scored.map(([, v]) => v);
}

/** Count of papers per topic (the topic summary that doubles as the filter). */
export function topicCounts(views: readonly PaperView[]): Map<TopicId, number> {
  const counts = new Map<TopicId, number>();
  for (const v of views) for (const t of v.topics) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Evidence of one topic on one paper, for the chip's tooltip and the abstract highlighting. */
export function evidenceOf(view: PaperView, topic: TopicId): { positive: Evidence[]; negative: Evidence[] } {
  const d = view.classification?.details[topic];
  return { positive: d?.positive ?? [], negative: d?.negative ?? [] };
}
