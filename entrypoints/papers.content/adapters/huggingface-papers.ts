/**
 * Hugging Face Papers: daily (`/papers`, `/papers/date/YYYY-MM-DD`), week (`/papers/week/YYYY-Www`),
 * month (`/papers/month/YYYY-MM`), `/papers/trending`, search (`/papers?q=…`) and single paper
 * (`/papers/<arxiv id>`). Markup: STRUCTURE.md ("Hugging Face papers"), verified on hf-papers-daily-1.html;
 * trending/search/single are built from that structure (*-constructed.html, see CONSTRUCTED.md).
 *
 * Data comes from the server-rendered Svelte hydration JSON (`data-props`), which is the only place
 * with abstracts; the `article` cards are the host nodes. The site navigates client-side and does not
 * rewrite `data-props` on navigation, so the JSON is only trusted for papers that also have a card
 * on the page (a stale JSON after navigation would otherwise list the previous day's papers).
 */
import { hfItemToPaper } from '../../../lib/api/huggingface-api';
import { arxivAbsUrl, arxivPaperId, arxivPdfUrl, parseArxivRef } from '../../../lib/ids';
import type { Paper } from '../../../lib/types';
import { textOf } from './dom-text';
import { LayoutNotRecognisedError, type ParsedEntry, type ParsedPage, type SiteAdapter } from './types';

// ---------------------------------------------------------------- selectors
// Daily page, e.g. https://huggingface.co/papers (hf-papers-daily-1.html, 2024-08-01):
// `div.SVELTE_HYDRATER[data-target="DailyPapers"][data-props]` holding `{date, dailyPapers[]}`.
const DAILY_DATA = '[data-target="DailyPapers"][data-props]';
/** Any hydration block; trending/search/single pages may use other targets (unverified, see file comment). */
const ANY_DATA = '[data-target][data-props]';
/** One card per paper; title + arXiv id from its heading link `href="/papers/<id>"`. */
const CARD = 'article';
const CARD_LINK = 'h3 a[href^="/papers/"]';
/** Single paper page (https://huggingface.co/papers/2407.21783): title heading. */
const PAPER_TITLE = 'main h1, h1';
/** Props keys holding the paper list (daily: `dailyPapers`), or one paper (single page: `paper`). */
const LIST_KEYS = ['dailyPapers', 'papers', 'trendingPapers', 'results'] as const;

// ---------------------------------------------------------------- URLs

export type HfPapersKind = 'daily' | 'weekly' | 'monthly' | 'trending' | 'search' | 'paper';

const HOSTS = new Set(['huggingface.co', 'www.huggingface.co']);
const ROUTES: ReadonlyArray<[RegExp, HfPapersKind]> = [
  [/^\/papers\/date\/\d{4}-\d{2}-\d{2}$/, 'daily'],
  [/^\/papers\/week\/\d{4}-W\d{1,2}$/, 'weekly'],
  [/^\/papers\/month\/\d{4}-\d{2}$/, 'monthly'],
  [/^\/papers\/trending$/, 'trending'],
];

export function hfPapersKind(url: URL): HfPapersKind | null {
  if (!HOSTS.has(url.hostname)) return null;
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '/papers') return url.searchParams.get('q') ? 'search' : 'daily';
  for (const [re, kind] of ROUTES) if (re.test(path)) return kind;
  const single = /^\/papers\/([^/]+)$/.exec(path)?.[1];
  return single && parseArxivRef(safeDecode(single)) ? 'paper' : null;
}

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

// ---------------------------------------------------------------- parse

interface Card {
  arxivId: string;
  title: string;
  node: Element;
}

export function parseHfPapers(doc: Document, url: URL): ParsedPage {
  const kind = hfPapersKind(url) ?? 'daily';
  return kind === 'paper' ? parseSingle(doc, url) : parseList(doc, url, kind);
}

function parseList(doc: Document, url: URL, kind: HfPapersKind): ParsedPage {
  const warnings: string[] = [];
  const cards = cardsOf(doc);
  const data = listData(doc, url, kind);
  const byId = new Map(data?.papers.map((p) => [p.id, p]));
  const overlap = cards.filter((c) => byId.has(arxivPaperId(c.arxivId))).length;
  // JSON with no paper in common with the cards is from an earlier page (client-side navigation).
  const fresh =
    data !== null && !data.otherPage && (cards.length === 0 || overlap > 0 || data.papers.length === 0);
  if (data && !fresh) warnings.push("The page's embedded data is from another page; showing titles only.");

  const entries: ParsedEntry[] = [];
  const index = new Map<string, ParsedEntry>();
  for (const card of cards) {
    const id = arxivPaperId(card.arxivId);
    const seen = index.get(id);
    if (seen) {
      seen.nodes.push(card.node);
      continue;
    }
    const paper = (fresh ? byId.get(id) : undefined) ?? domPaper(card, url);
    const entry: ParsedEntry = { paper, nodes: [card.node] };
    index.set(id, entry);
    entries.push(entry);
  }
  if (fresh && data) {
    const missing = data.papers.filter((p) => !index.has(p.id));
    // A fresh JSON lists papers without a card: still show them (they cannot be hidden on the page).
    for (const paper of missing) entries.push({ paper, nodes: [] });
    if (missing.length > 0 && cards.length > 0) {
      warnings.push(`${missing.length} of the page's ${data.papers.length} papers have no card on the page.`);
    }
    if (cards.length === 0 && entries.length > 0) {
      warnings.push('The paper cards were not found on the page, so filters cannot hide papers there.');
    }
    if (data.skipped > 0) warnings.push(`Skipped ${data.skipped} papers without an arXiv id or title.`);
  }

  // Only when there is neither a card nor any hydration data. Stale data without cards is
  // mid-navigation (the new cards render next), not a changed layout; search may be empty.
  if (entries.length === 0 && data === null && kind !== 'search') {
    throw new LayoutNotRecognisedError(
      'huggingface',
      kind,
      'no paper cards (article h3 a) and no DailyPapers data',
    );
  }
  const page: ParsedPage = {
    site: 'huggingface',
    kind,
    entries,
    warnings,
    titleOnly: entries.some((e) => e.paper.abstract === ''),
  };
  if (fresh && data) page.expectedCount = data.papers.length;
  return page;
}

function parseSingle(doc: Document, url: URL): ParsedPage {
  const ref = parseArxivRef(safeDecode(url.pathname.replace(/^\/papers\//, '').replace(/\/$/, '')));
  const heading = doc.querySelector(PAPER_TITLE);
  const node = heading?.closest('section') ?? heading?.parentElement ?? null;
  let paper: Paper | null = null;
  for (const props of allProps(doc)) {
    const p = hfItemToPaper(props.paper, url.href);
    if (p && (!ref || p.id === arxivPaperId(ref.arxivId))) {
      paper = p;
      break;
    }
  }
  if (!paper && ref && heading && textOf(heading)) {
    paper = domPaper({ arxivId: ref.arxivId, title: textOf(heading), node: heading }, url);
  }
  if (!paper)
    throw new LayoutNotRecognisedError('huggingface', 'paper', 'no paper data and no title heading');
  return {
    site: 'huggingface',
    kind: 'paper',
    entries: [{ paper, nodes: node ? [node] : [] }],
    expectedCount: 1,
    warnings: [],
    titleOnly: paper.abstract === '',
  };
}

function cardsOf(doc: Document): Card[] {
  const out: Card[] = [];
  for (const article of Array.from(doc.querySelectorAll(CARD))) {
    const link = article.querySelector(CARD_LINK);
    const path = link?.getAttribute('href') ?? '';
    const ref = parseArxivRef(safeDecode(path.replace(/^\/papers\//, '').replace(/[?#].*$/, '')));
    const title = textOf(link);
    if (!ref || !title) continue;
    // Each card sits alone in a wrapper div that is the grid cell; hiding the card alone would leave
    // an empty cell, so the wrapper is the node to hide when it holds nothing else.
    const parent = article.parentElement;
    const node = parent && parent.tagName === 'DIV' && parent.childElementCount === 1 ? parent : article;
    out.push({ arxivId: ref.arxivId, title, node });
  }
  return out;
}

function domPaper(card: Card, url: URL): Paper {
  return {
    id: arxivPaperId(card.arxivId),
    title: card.title,
    authors: [],
    abstract: '',
    url: arxivAbsUrl(card.arxivId),
    pdfUrl: arxivPdfUrl(card.arxivId),
    site: 'huggingface',
    sourceUrl: url.href,
  };
}

function* allProps(doc: Document): Generator<Record<string, unknown>> {
  const blocks = [doc.querySelector(DAILY_DATA), ...Array.from(doc.querySelectorAll(ANY_DATA))];
  const seen = new Set<Element>();
  for (const el of blocks) {
    if (!el || seen.has(el)) continue;
    seen.add(el);
    try {
      const props: unknown = JSON.parse(el.getAttribute('data-props') ?? '');
      if (typeof props === 'object' && props !== null && !Array.isArray(props)) {
        yield props as Record<string, unknown>;
      }
    } catch {
      // Not JSON (another component's props); ignore.
    }
  }
}

interface ListData {
  papers: Paper[];
  skipped: number;
  /** The props name a different date or period than the URL: left over from client-side navigation. */
  otherPage: boolean;
}

/** The date the URL asks for (`/papers/date/D`, `/papers?date=D`), if any. */
function urlDate(url: URL): string | undefined {
  return (
    /^\/papers\/date\/(\d{4}-\d{2}-\d{2})/.exec(url.pathname)?.[1] ??
    url.searchParams.get('date') ??
    undefined
  );
}

const PERIOD_OF_KIND: Partial<Record<HfPapersKind, string>> = {
  daily: 'day',
  weekly: 'week',
  monthly: 'month',
};

function isOtherPage(props: Record<string, unknown>, url: URL, kind: HfPapersKind): boolean {
  const date = urlDate(url);
  if (date && typeof props.date === 'string' && !props.date.startsWith(date)) return true;
  const period = PERIOD_OF_KIND[kind];
  return !!period && typeof props.periodType === 'string' && props.periodType !== period;
}

function listData(doc: Document, url: URL, kind: HfPapersKind): ListData | null {
  for (const props of allProps(doc)) {
    for (const key of LIST_KEYS) {
      const list = props[key];
      if (!Array.isArray(list)) continue;
      const papers: Paper[] = [];
      const ids = new Set<string>();
      let skipped = 0;
      for (const item of list) {
        const p = hfItemToPaper(item, url.href);
        if (!p) skipped++;
        else if (!ids.has(p.id)) {
          ids.add(p.id);
          papers.push(p);
        }
      }
      return { papers, skipped, otherPage: isOtherPage(props, url, kind) };
    }
  }
  return null;
}

// ---------------------------------------------------------------- adapter

export const huggingfacePapers = {
  id: 'huggingface-papers',
  site: 'huggingface',
  examples: [
    'https://huggingface.co/papers',
    'https://huggingface.co/papers/date/2024-08-01',
    'https://huggingface.co/papers/week/2026-W31',
    'https://huggingface.co/papers/month/2026-07',
    'https://huggingface.co/papers/trending',
    'https://huggingface.co/papers?q=mixture+of+experts',
    'https://huggingface.co/papers/2407.21783',
  ],
  matches: (url: URL): boolean => hfPapersKind(url) !== null,
  parse: parseHfPapers,
} as const satisfies SiteAdapter;
