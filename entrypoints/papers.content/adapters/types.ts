/** Site adapter contract (CONVENTIONS.md "Site adapters"): pure parse(doc, url). */
import type { Paper, SiteId } from '../../../lib/types';

export interface ParsedEntry {
  paper: Paper;
  /** Host-page nodes that make up this entry (arXiv: its dt + dd). Hidden by filters, never moved. */
  nodes: Element[];
}

export interface ParsedPage {
  site: SiteId;
  /** Page kind, e.g. 'list-new', 'list-recent', 'search', 'abs'. */
  kind: string;
  entries: ParsedEntry[];
  /** The count the page itself states ("showing X of Y entries"), when it states one. */
  expectedCount?: number;
  /** Human-readable problems that did not stop the parse (e.g. count mismatch). */
  warnings: string[];
  /**
   * True when some or all entries have no abstract on the page (title-only listings such as /recent,
   * or old-layout replacements); the background may fetch the missing ones (papers with abstract '').
   */
  titleOnly: boolean;
  /**
   * A CSS selector matching the entries' host nodes (arXiv listings: the dt and dd of each
   * entry), for the host stylesheet that lets off-screen entries skip layout (host-page.ts
   * `hostCss`). Big pages only; absent = no such rule.
   */
  entrySelector?: string;
}

export interface SiteAdapter {
  /** = file name of the adapter. */
  id: string;
  site: SiteId;
  /** Example URLs this adapter must match (registry test checks none of the others match them). */
  examples: readonly string[];
  matches(url: URL): boolean;
  /** Throws LayoutNotRecognisedError when the page should have entries but its landmarks are gone. */
  parse(doc: Document, url: URL): ParsedPage;
  /**
   * Client-rendered sites only (OpenReview): false while the page's list has not rendered yet, when
   * parse() returns zero entries. The content script then watches the DOM and parses again.
   * Absent = the page is server-rendered and always ready.
   */
  isReady?(doc: Document): boolean;
  /**
   * Sliced parse for big pages (a 2,000-entry arXiv listing), so the content script never blocks the
   * main thread for long. Optional: adapters of small pages leave it out; use `parseSliced(adapter,
   * …)` (below) to get one for any adapter.
   *
   * Each `next()` parses entries until `opts.budgetMs` (default DEFAULT_SLICE_BUDGET_MS) has passed
   * or `opts.maxEntries` entries are new, and yields those new entries (never an empty slice); the
   * final `next()` returns `{ done: true, value }` with the whole ParsedPage, equal to what `parse()`
   * returns (same entries, in the same order, as the same objects that were yielded; warnings,
   * counts, titleOnly). Throws LayoutNotRecognisedError like parse(), from the final `next()`.
   *
   * Caveats for the caller: a paper listed twice gets one entry; when its second copy comes in a
   * later slice, that copy's nodes are pushed onto the `nodes` of the entry already yielded (as
   * parse() does), so re-read `nodes` from the final page before hiding. The entry elements are
   * snapshotted by the first `next()`; the page should not be restructured between slices (MathJax
   * typesetting in between is fine: math is read as TeX either way).
   *
   * Typical use, one slice per task:
   *   const it = adapter.parseIncremental(document, url, { budgetMs: 12 });
   *   for (let r = it.next(); ; r = it.next()) {
   *     if (r.done) { finish(r.value); break; }
   *     show(r.value);
   *     await new Promise((res) => setTimeout(res)); // or scheduler.yield()
   *   }
   */
  parseIncremental?(doc: Document, url: URL, opts?: ParseSliceOptions): Iterator<ParsedEntry[], ParsedPage>;
}

export interface ParseSliceOptions {
  /** End a slice once this many ms (by `now`) have passed since it started; checked after each entry. */
  budgetMs?: number;
  /** End a slice once it holds this many entries (deterministic slices, e.g. for tests). */
  maxEntries?: number;
  /** Clock for budgetMs; default performance.now. */
  now?: () => number;
}

/** Default slice budget of parseIncremental: leaves room in a 50 ms task for the caller's own work. */
export const DEFAULT_SLICE_BUDGET_MS = 12;

/** Runs a sliced parse to its end (parse() of the adapters that have parseIncremental). */
export function drain(it: Iterator<ParsedEntry[], ParsedPage>): ParsedPage {
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

/**
 * A sliced parse for any adapter: its parseIncremental when it has one, else a single slice from
 * parse() (small pages: arXiv search, Hugging Face, OpenReview, abs pages).
 */
export function parseSliced(
  adapter: SiteAdapter,
  doc: Document,
  url: URL,
  opts?: ParseSliceOptions,
): Iterator<ParsedEntry[], ParsedPage> {
  if (adapter.parseIncremental) return adapter.parseIncremental(doc, url, opts);
  return (function* (): Generator<ParsedEntry[], ParsedPage> {
    const page = adapter.parse(doc, url);
    if (page.entries.length > 0) yield page.entries;
    return page;
  })();
}

export class LayoutNotRecognisedError extends Error {
  constructor(
    readonly site: SiteId,
    readonly kind: string,
    detail: string,
  ) {
    super(`This ${site} page's layout (${kind}) is not recognised: ${detail}`);
    this.name = 'LayoutNotRecognisedError';
  }
}
