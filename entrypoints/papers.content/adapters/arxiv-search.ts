/**
 * arXiv search results: `/search/?query=…`, `/search/<archive>?searchtype=author&query=…` (the author
 * links of listings) and `/search/advanced?terms-0-term=…`. Markup: STRUCTURE.md ("arXiv search results"),
 * verified on arxiv-search-1.html (200 results).
 */
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
// Results page, e.g. https://arxiv.org/search/?query=distributed+systems&searchtype=abstract&size=200
// (arxiv-search-1.html, Dec 2025).
/** One result; `ol.breathe-horizontal` is the list but only the item class is needed. */
const RESULT = 'li.arxiv-result';
/** `https://arxiv.org/abs/<id>`, text `arXiv:<id>`. */
const ABS_LINK = 'p.list-title a[href*="/abs/"]';
const PDF_LINK = 'p.list-title a[href*="/pdf/"]';
/** Query words are wrapped in `span.search-hit`; their text is kept. */
const TITLE = 'p.title';
/** First child is an "Authors:" span, then one link per author. */
const AUTHOR_LINKS = 'p.authors a';
/** Hidden full abstract, id `<id>v<n>-abstract-full`; ends with a "△ Less" link. */
const ABSTRACT_FULL = 'p.abstract span.abstract-full';
/** Truncated abstract, ends with a "▽ More" link. */
const ABSTRACT_SHORT = 'p.abstract span.abstract-short';
/** Categories carry their full name in `data-tooltip`; DOI/journal tags (`is-light`, `is-dark`) do not. */
const CATEGORY_TAGS = '.tags span.tag[data-tooltip]';
/** "Showing 1–200 of 77,800 results for …". */
const RESULTS_HEADING = 'h1.title';

const SHOWING_RE = /showing\s+([\d,]+)\s*[–—-]\s*([\d,]+)\s+of\s+([\d,]+)\s+results?/i;
const NO_RESULTS_RE = /no results|returned no|did not match any/i;
/** The toggle links' text, at the end of the abstract span. */
const TOGGLE_TAIL_RE = /^[△▽▲▼]\s*(?:More|Less)\s*$/u;
const SUBMITTED = 'Submitted';
const SUBMITTED_RE = /^Submitted\s+(\d{1,2})\s+([A-Za-z]+),?\s+(\d{4})/;
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

// ---------------------------------------------------------------- URLs

const HOSTS = new Set(['arxiv.org', 'www.arxiv.org']);
const SEARCH_PATH = /^\/search(?:\/(?:advanced|[a-z-]+(?:\.[A-Za-z-]+)?))?\/?$/;

export function isArxivSearch(url: URL): boolean {
  if (!HOSTS.has(url.hostname) || !SEARCH_PATH.test(url.pathname)) return false;
  // Without a query the same paths show the empty search form.
  if (url.searchParams.get('query')) return true;
  return [...url.searchParams.keys()].some((k) => /^terms-\d+-term$/.test(k) && url.searchParams.get(k));
}

// ---------------------------------------------------------------- parse

/** parse() and parseIncremental() share this generator (see arxiv-listing.ts listingSlices). */
function* searchSlices(
  doc: Document,
  url: URL,
  opts: ParseSliceOptions = {},
): Generator<ParsedEntry[], ParsedPage> {
  const kind = url.pathname.startsWith('/search/advanced') ? 'search-advanced' : 'search';
  const warnings: string[] = [];
  const entries: ParsedEntry[] = [];
  const byId = new Map<string, ParsedEntry>();
  const results = Array.from(doc.querySelectorAll(RESULT));
  let skipped = 0;
  let duplicates = 0;
  const budgetMs = opts.budgetMs ?? Number.POSITIVE_INFINITY;
  const maxEntries = opts.maxEntries ?? Number.POSITIVE_INFINITY;
  const now = opts.now ?? (() => performance.now());
  const timed = budgetMs !== Number.POSITIVE_INFINITY;
  let sliceStart = timed ? now() : 0;
  let yielded = 0;

  for (const li of results) {
    const paper = parseResult(li, url);
    if (!paper) {
      skipped++;
    } else {
      const seen = byId.get(paper.id);
      if (seen) {
        duplicates++;
        seen.nodes.push(li);
      } else {
        const entry: ParsedEntry = { paper, nodes: [li] };
        byId.set(paper.id, entry);
        entries.push(entry);
      }
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

  const heading = textOf(doc.querySelector(RESULTS_HEADING));
  const m = SHOWING_RE.exec(heading);
  const from = parseCount(m?.[1]);
  const to = parseCount(m?.[2]);
  const expectedCount = from !== undefined && to !== undefined && to >= from ? to - from + 1 : undefined;

  if (entries.length === 0 && !NO_RESULTS_RE.test(heading) && !NO_RESULTS_RE.test(textOf(doc.body))) {
    throw new LayoutNotRecognisedError(
      'arxiv',
      kind,
      results.length > 0
        ? `${results.length} results but none has an arXiv id and a title`
        : 'no li.arxiv-result',
    );
  }
  if (skipped > 0)
    warnings.push(`Skipped ${skipped} result${skipped === 1 ? '' : 's'} without an arXiv id or title.`);
  if (duplicates > 0)
    warnings.push(`${duplicates} result${duplicates === 1 ? ' appears' : 's appear'} twice.`);
  const parsedCount = entries.length + duplicates;
  if (expectedCount !== undefined && parsedCount !== expectedCount) {
    warnings.push(countMismatchWarning(parsedCount, expectedCount, `"${heading.replace(/ for .*$/, '')}"`));
  }

  return {
    site: 'arxiv',
    kind,
    entries,
    expectedCount,
    warnings,
    titleOnly: entries.some((e) => e.paper.abstract === ''),
  };
}

export function parseSearch(doc: Document, url: URL): ParsedPage {
  return drain(searchSlices(doc, url));
}

/** Sliced parse (SiteAdapter.parseIncremental): see types.ts. */
export function parseSearchIncremental(
  doc: Document,
  url: URL,
  opts: ParseSliceOptions = { budgetMs: DEFAULT_SLICE_BUDGET_MS },
): Generator<ParsedEntry[], ParsedPage> {
  return searchSlices(doc, url, opts);
}

function parseResult(li: Element, url: URL): Paper | null {
  const absLink = li.querySelector(ABS_LINK);
  const ref = parseArxivRef(absLink?.getAttribute('href') ?? '') ?? parseArxivRef(textOf(absLink));
  if (!ref) return null;
  const title = textOf(li.querySelector(TITLE));
  if (!title) return null;

  const full = li.querySelector(ABSTRACT_FULL);
  const short = li.querySelector(ABSTRACT_SHORT);
  const paper: Paper = {
    id: arxivPaperId(ref.arxivId),
    title,
    authors: Array.from(li.querySelectorAll(AUTHOR_LINKS), (a) => textOf(a)).filter(Boolean),
    abstract: stripToggle(textOf(full ?? short)),
    url: arxivAbsUrl(ref.arxivId),
    site: 'arxiv',
    sourceUrl: url.href,
  };
  const pdfUrl = absUrl(li.querySelector(PDF_LINK)?.getAttribute('href'), url);
  if (pdfUrl) paper.pdfUrl = pdfUrl;
  // The abstract spans' ids carry the version shown: "2512.03003v1-abstract-full".
  const version =
    ref.version ?? parseArxivRef((full ?? short)?.id.replace(/-abstract-(?:full|short)$/, '') ?? '')?.version;
  if (version !== undefined) paper.version = version;
  const categories = Array.from(li.querySelectorAll(CATEGORY_TAGS), (t) =>
    normaliseWs(t.textContent ?? ''),
  ).filter((c) => /^[a-z-]+(?:\.[A-Za-z-]+)?$/.test(c));
  if (categories.length > 0) paper.categories = [...new Set(categories)];
  const published = submittedDate(li);
  if (published) paper.published = published;
  return paper;
}

/** Removes the trailing "△ Less" / "▽ More" toggle text. */
export function stripToggle(s: string): string {
  // = s.replace(TOGGLE_RE, '').trim() without running the regex from every position of a long
  // abstract: a match can only start with the whitespace before the string's last toggle symbol.
  const i = Math.max(s.lastIndexOf('△'), s.lastIndexOf('▽'), s.lastIndexOf('▲'), s.lastIndexOf('▼'));
  if (i < 0) return s.trim();
  return TOGGLE_TAIL_RE.test(s.slice(i)) ? s.slice(0, i).trim() : s.trim();
}

/** "Submitted 2 December, 2025; originally announced …" -> "2025-12-02". */
function submittedDate(li: Element): string | undefined {
  for (const p of Array.from(li.querySelectorAll('p'))) {
    // textOf walks every element under p (the abstract's search hits too); a paragraph whose raw
    // text lacks the word cannot match (textOf's text is part of textContent), and that test is
    // one native call.
    if (!p.textContent?.includes(SUBMITTED)) continue;
    const m = SUBMITTED_RE.exec(textOf(p));
    if (!m) continue;
    const month = MONTHS.indexOf((m[2] ?? '').toLowerCase()) + 1;
    if (month === 0) return undefined;
    return `${m[3]}-${String(month).padStart(2, '0')}-${String(m[1]).padStart(2, '0')}`;
  }
  return undefined;
}

// ---------------------------------------------------------------- adapter

export const arxivSearch = {
  id: 'arxiv-search',
  site: 'arxiv',
  examples: [
    'https://arxiv.org/search/?query=distributed+systems&searchtype=abstract&abstracts=show&order=-announced_date_first&size=200',
    'https://arxiv.org/search/?query=mixture+of+experts&searchtype=all',
    'https://arxiv.org/search/cs?searchtype=author&query=Kernbach,+S',
    'https://arxiv.org/search/advanced?advanced=&terms-0-operator=AND&terms-0-term=sparse+autoencoder&terms-0-field=title&classification-computer_science=y&size=50&order=-announced_date_first',
  ],
  matches: isArxivSearch,
  parse: parseSearch,
  parseIncremental: parseSearchIncremental,
} as const satisfies SiteAdapter;
