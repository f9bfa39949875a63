/**
 * arXiv listing pages: `/list/<cat>/new`, `/recent`, `/pastweek`, `/<YYYY-MM>` (and `/YYMM`, `/YYYY`).
 * Markup notes and verified counts: tests/fixtures/pages/STRUCTURE.md ("arXiv listing pages").
 */
import { listingKind } from '../../../lib/arxiv-listing-url';
import { arxivAbsUrl, arxivPaperId, parseArxivRef } from '../../../lib/ids';
import type { Paper } from '../../../lib/types';
import { absUrl, countMismatchWarning, normaliseWs, parseCount, textOf } from './dom-text';
import {
  DEFAULT_SLICE_BUDGET_MS,
  drain,
  LayoutNotRecognisedError,
  type ParsedEntry,
  type ParsedPage,
  type ParseSliceOptions,
  type SiteAdapter,
} from './types';

// ---------------------------------------------------------------- selectors
// Both layouts: current (2024+) e.g. https://arxiv.org/list/cond-mat.mtrl-sci/new
// (arxiv-list-new-2026-1.html: `div#dlpage > dl#articles > h3 + dt + dd …`) and old (pre-2024)
// e.g. https://arxiv.org/list/cs/new (arxiv-list-new-old-1.html: `h3` then a plain `<dl>`).
/** Content container of every listing page, both layouts. */
const CONTENT_ROOT = '#dlpage';
/** Entry head; the entry's `dd` is its next element sibling. Not `dl#articles > dt`: the old layout has
 * no `#articles`, and cut-down pages (arxiv-list-new-2026-excerpt-1.html) have no `dl` at all. */
const ENTRY_DT = 'dt';
/** Every entry's dt and dd (both layouts: `#dlpage > dl#articles`, old `#dlpage > dl`), for the
 * host stylesheet (ParsedPage.entrySelector). */
const ENTRY_NODES = '#dlpage dl > dt, #dlpage dl > dd';
/** `a[title="Abstract"]`, `href="/abs/<id>"`, text `arXiv:<id>` (both layouts); else the first
 * `a[href*="/abs/"]`. */
const ABS_TITLE = 'Abstract';
const ABS_HREF_PART = '/abs/';
/** `a[title="Download PDF"]`. */
const PDF_TITLE = 'Download PDF';
/** `a[title="View HTML"]`, current layout only: `https://arxiv.org/html/<id>v<n>`; the only place the
 * listing shows a version. */
const HTML_TITLE = 'View HTML';
// Inside the dd (ddParts):
const TITLE = 'div.list-title';
/** Its `a`s are the authors. */
const AUTHORS = 'div.list-authors';
const SUBJECTS = 'div.list-subjects';
/** The abstract paragraph, `/new` only (all sections in 2026, new + cross-lists only in the old
 * layout). */
const ABSTRACT = 'p.mathjax';
const PRIMARY_SUBJECT = 'span.primary-subject';
/** "Title:", "Authors:", "Subjects:" labels. */
const DESCRIPTOR = 'span.descriptor';
/** Section / day headings: "New submissions (showing 45 of 45 entries)", "Fri, 14 Aug 2026 (showing 204 of
 * 204 entries )"; old layout "New submissions for Fri, 20 Jul 18" (no count). */
const SECTION_HEADING = 'h3';
/** Current: `div.paging` "Total of 101 entries : <span>1-50</span> <a>51-100</a>"; old: `small`
 * "[ total of 188 entries: <b>1-188</b> ]". */
const PAGING = 'div.paging, small';

const SHOWING_RE = /showing\s+(?:first\s+|last\s+)?([\d,]+)\s+of\s+([\d,]+)\s+entr/i;
const TOTAL_RE = /total\s+of\s+([\d,]+)\s+entr/i;
const RANGE_RE = /^(\d[\d,]*)\s*[-–]\s*(\d[\d,]*)$/;
/** Ids of categories in "Artificial Intelligence (cs.AI); Machine Learning (cs.LG)". */
const CATEGORY_RE = /\(([a-z-]+(?:\.[A-Za-z-]+)?)\)/g;
/** Pages that legitimately list nothing. */
const EMPTY_PAGE_RE = /no (?:updates|new submissions|entries|listings?)\b/i;

// ---------------------------------------------------------------- parse

interface Counted {
  heading: string;
  shown: number;
  parsed: number;
}

/**
 * parse() and parseIncremental() share this generator, so the two give the same page by
 * construction. It yields the new entries after every `maxEntries` entries or once `budgetMs` has
 * passed (checked after each entry), and returns the whole page. Without limits it never yields.
 */
function* listingSlices(
  doc: Document,
  url: URL,
  opts: ParseSliceOptions = {},
): Generator<ParsedEntry[], ParsedPage> {
  const kind = listingKind(url) ?? 'list-new';
  const root = doc.querySelector(CONTENT_ROOT) ?? doc.body ?? doc.documentElement;
  const warnings: string[] = [];
  const entries: ParsedEntry[] = [];
  const byId = new Map<string, ParsedEntry>();
  const sections: Counted[] = [];
  let current: Counted | undefined;
  let candidates = 0;
  let skipped = 0;
  let duplicates = 0;
  const budgetMs = opts.budgetMs ?? Number.POSITIVE_INFINITY;
  const maxEntries = opts.maxEntries ?? Number.POSITIVE_INFINITY;
  const now = opts.now ?? (() => performance.now());
  const timed = budgetMs !== Number.POSITIVE_INFINITY;
  let sliceStart = timed ? now() : 0;
  let yielded = 0;

  // h3 and dt in document order, so each entry is counted under the heading above it. One static
  // list up front (a snapshot), so a sliced parse walks the same elements even if the page changes.
  const heads = root.querySelectorAll(`${SECTION_HEADING}, ${ENTRY_DT}`);
  for (let i = 0; i < heads.length; i++) {
    const el = heads[i] as Element;
    if (el.tagName === 'H3') {
      const text = el.textContent ?? '';
      const m = SHOWING_RE.exec(text);
      const shown = parseCount(m?.[1]);
      current = undefined;
      if (shown !== undefined) {
        current = { heading: normaliseWs(text), shown, parsed: 0 };
        sections.push(current);
      }
      continue;
    }
    const dd = el.nextElementSibling;
    if (dd?.tagName !== 'DD') continue;
    candidates++;
    const paper = parseEntry(el, dd, url);
    if (paper) {
      if (current) current.parsed++;
      const seen = byId.get(paper.id);
      if (seen) {
        // Same paper twice on a page: one sidebar item whose filter hides both copies.
        duplicates++;
        seen.nodes.push(el, dd);
      } else {
        const entry: ParsedEntry = { paper, nodes: [el, dd] };
        byId.set(paper.id, entry);
        entries.push(entry);
      }
    } else {
      skipped++;
    }
    if (entries.length - yielded >= maxEntries || (timed && now() - sliceStart >= budgetMs)) {
      if (entries.length > yielded) {
        const slice = entries.slice(yielded);
        yielded = entries.length;
        yield slice;
      }
      if (timed) sliceStart = now();
    }
  }
  if (entries.length > yielded) yield entries.slice(yielded);

  if (skipped > 0)
    warnings.push(`Skipped ${skipped} entr${skipped === 1 ? 'y' : 'ies'} without an arXiv id or title.`);
  if (duplicates > 0)
    warnings.push(`${duplicates} entr${duplicates === 1 ? 'y appears' : 'ies appear'} twice on this page.`);

  const expectedCount = expectedFromPage(root, sections);
  if (entries.length === 0) {
    const statesEmpty = expectedCount === 0 || EMPTY_PAGE_RE.test(root.textContent ?? '');
    if (!statesEmpty) {
      throw new LayoutNotRecognisedError(
        'arxiv',
        kind,
        candidates > 0
          ? `${candidates} entries found but none has an arXiv id and a title`
          : 'no dt/dd paper entries found',
      );
    }
  }

  const sectionWarnings = sections
    .filter((s) => s.parsed !== s.shown)
    .map((s) => countMismatchWarning(s.parsed, s.shown, `"${s.heading}"`));
  warnings.push(...sectionWarnings);
  const parsedCount = entries.length + duplicates;
  if (expectedCount !== undefined && parsedCount !== expectedCount && sectionWarnings.length === 0) {
    warnings.push(countMismatchWarning(parsedCount, expectedCount, 'page total'));
  }

  return {
    site: 'arxiv',
    kind,
    entries,
    expectedCount,
    warnings,
    titleOnly: entries.some((e) => e.paper.abstract === ''),
    entrySelector: ENTRY_NODES,
  };
}

export function parseListing(doc: Document, url: URL): ParsedPage {
  return drain(listingSlices(doc, url));
}

/** Sliced parse (SiteAdapter.parseIncremental): see types.ts. */
export function parseListingIncremental(
  doc: Document,
  url: URL,
  opts: ParseSliceOptions = { budgetMs: DEFAULT_SLICE_BUDGET_MS },
): Generator<ParsedEntry[], ParsedPage> {
  return listingSlices(doc, url, opts);
}

/**
 * The number of entries the page says it shows: the sum of the section/day headings' "showing X"
 * when there are any; else the current range of the paging line ("1-50" -> 50, old "1-188" -> 188);
 * else "Total of N entries".
 */
function expectedFromPage(root: Element, sections: Counted[]): number | undefined {
  if (sections.length > 0) return sections.reduce((n, s) => n + s.shown, 0);
  for (const paging of Array.from(root.querySelectorAll(PAGING))) {
    const total = parseCount(TOTAL_RE.exec(paging.textContent ?? '')?.[1]);
    if (total === undefined) continue;
    for (const child of Array.from(paging.children)) {
      if (child.tagName === 'A') continue;
      const r = RANGE_RE.exec(normaliseWs(child.textContent ?? ''));
      const from = parseCount(r?.[1]);
      const to = parseCount(r?.[2]);
      if (from !== undefined && to !== undefined && to >= from) return to - from + 1;
    }
    return total;
  }
  return undefined;
}

/** The parts of a `dd` that parseEntry reads (see ddParts). */
interface DdParts {
  /** First `div.list-title`, `div.list-authors`, `div.list-subjects`, `p.mathjax`. */
  title: Element | null;
  authors: Element | null;
  subjects: Element | null;
  abstract: Element | null;
}

/**
 * A query per part rather than one walk over the dd's elements: the content script reads the page
 * from its own world, where every element it touches costs a wrapper object, and a walk touches
 * all ~13 elements of a dd to find 4 (a 2,000-entry listing: ~60 vs ~15 ms, issue 6).
 */
function ddParts(dd: Element): DdParts {
  return {
    title: dd.querySelector(TITLE),
    authors: dd.querySelector(AUTHORS),
    subjects: dd.querySelector(SUBJECTS),
    abstract: dd.querySelector(ABSTRACT),
  };
}

/** The `a`s of a dt that parseEntry reads, in one pass over its links. */
function dtLinks(dt: Element): { abs: Element | null; pdf: Element | null; html: Element | null } {
  let abs: Element | null = null;
  let absFallback: Element | null = null;
  let pdf: Element | null = null;
  let html: Element | null = null;
  const links = dt.getElementsByTagName('a');
  const n = links.length;
  for (let i = 0; i < n && !(abs && pdf && html); i++) {
    const a = links[i] as Element;
    const title = a.getAttribute('title');
    if (title === ABS_TITLE) abs ??= a;
    else if (title === PDF_TITLE) pdf ??= a;
    else if (title === HTML_TITLE) html ??= a;
  }
  // Only when no link is titled "Abstract" (rare): the first link to an abs page.
  for (let i = 0; i < n && !abs && !absFallback; i++) {
    const a = links[i] as Element;
    if (a.getAttribute('href')?.includes(ABS_HREF_PART)) absFallback = a;
  }
  return { abs: abs ?? absFallback, pdf, html };
}

function parseEntry(dt: Element, dd: Element, url: URL): Paper | null {
  const links = dtLinks(dt);
  const absLink = links.abs;
  const ref = parseArxivRef(absLink?.getAttribute('href') ?? '') ?? parseArxivRef(textOf(absLink));
  if (!ref) return null;
  const parts = ddParts(dd);
  const title = textOf(parts.title, DESCRIPTOR);
  if (!title) return null;

  const paper: Paper = {
    id: arxivPaperId(ref.arxivId),
    title,
    authors: authorsOf(parts),
    abstract: textOf(parts.abstract),
    url: arxivAbsUrl(ref.arxivId),
    site: 'arxiv',
    sourceUrl: url.href,
  };
  const pdfUrl = absUrl(links.pdf?.getAttribute('href'), url);
  if (pdfUrl) paper.pdfUrl = pdfUrl;
  const version = ref.version ?? versionFromHtmlLink(links.html, ref.arxivId);
  if (version !== undefined) paper.version = version;
  const categories = categoriesFromSubjects(parts.subjects);
  if (categories.length > 0) paper.categories = categories;
  return paper;
}

const AUTHOR_SPLIT_RE = /,\s*|\s+and\s+/;

function authorsOf(parts: DdParts): string[] {
  const links: string[] = [];
  // getElementsByTagName, not querySelectorAll('div.list-authors a'): 110 of the ~220 ms of a
  // 2,000-entry parse went to matching that selector (issue 6).
  const anchors = parts.authors?.getElementsByTagName('a') ?? [];
  for (let i = 0; i < anchors.length; i++) {
    const a = anchors[i] as Element;
    const name = textOf(a);
    if (name) links.push(name);
  }
  if (links.length > 0) return links;
  // Defensive: an authors line without links ("A. Author, B. Author").
  return textOf(parts.authors, DESCRIPTOR)
    .split(AUTHOR_SPLIT_RE)
    .map((s) => s.trim())
    .filter(Boolean);
}

function versionFromHtmlLink(htmlLink: Element | null, arxivId: string): number | undefined {
  const ref = parseArxivRef(htmlLink?.getAttribute('href') ?? '');
  return ref && ref.arxivId === arxivId ? ref.version : undefined;
}

/** Primary category first, then the others, as ids (`cs.AI`). */
export function categoriesFromSubjects(subjects: Element | null): string[] {
  if (!subjects) return [];
  const out: string[] = [];
  // textContent, not textOf: subjects hold no math, and the "Subjects:" label holds no "(cat)".
  const primary = subjects.querySelector(PRIMARY_SUBJECT)?.textContent ?? '';
  for (const text of [primary, subjects.textContent ?? '']) {
    for (const m of text.matchAll(CATEGORY_RE)) {
      const cat = m[1];
      if (cat && !out.includes(cat)) out.push(cat);
    }
  }
  return out;
}

// ---------------------------------------------------------------- adapter

export const arxivListing = {
  id: 'arxiv-listing',
  site: 'arxiv',
  examples: [
    'https://arxiv.org/list/cs.LG/new',
    'https://arxiv.org/list/cond-mat.mtrl-sci/new',
    'https://arxiv.org/list/cs/new?skip=0&show=2000',
    'https://arxiv.org/list/cs.LG/recent',
    'https://arxiv.org/list/cs.LG/recent?skip=0&show=2000',
    'https://arxiv.org/list/cs.CL/pastweek?skip=25&show=25',
    'https://arxiv.org/list/cs.LG/2026-08',
    'https://arxiv.org/list/hep-th/2408',
    'https://arxiv.org/list/math.AG/2025',
    'https://www.arxiv.org/list/stat.ML/new',
  ],
  matches: (url: URL): boolean => listingKind(url) !== null,
  parse: parseListing,
  parseIncremental: parseListingIncremental,
} as const satisfies SiteAdapter;
