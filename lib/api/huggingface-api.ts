/**
 * Hugging Face Papers JSON -> Paper[]. Pure (no DOM): used by the background for
 * `GET https://huggingface.co/api/daily_papers` and `GET https://huggingface.co/api/papers/search?q=…`,
 * and by the huggingface-papers adapter for the page's embedded `data-props` JSON (same item shape,
 * STRUCTURE.md "Hugging Face papers"; fixtures hf-api-daily_papers-{1,2}.json, hf-papers-daily-1.html).
 */
import { arxivAbsUrl, arxivPaperId, arxivPdfUrl, parseArxivRef } from '../ids';
import type { Paper } from '../types';
import { ApiResponseError, collapseWs, isRecord, parseJsonBody } from './errors';

export const HF_ORIGIN = 'https://huggingface.co';

export function hfDailyPapersUrl(opts: { date?: string; limit?: number } = {}): string {
  const u = new URL('/api/daily_papers', HF_ORIGIN);
  if (opts.date) u.searchParams.set('date', opts.date);
  if (opts.limit !== undefined) u.searchParams.set('limit', String(opts.limit));
  return u.href;
}

export function hfPaperSearchUrl(query: string): string {
  const u = new URL('/api/papers/search', HF_ORIGIN);
  u.searchParams.set('q', query);
  return u.href;
}

/**
 * One item -> Paper, or null when it has no arXiv id or no title. Accepts both the list item
 * (`{paper: {id, title, summary, authors}, title, summary, publishedAt}`) and a bare paper object
 * (`/api/papers/<id>`, the single-paper page's props).
 */
export function hfItemToPaper(item: unknown, sourceUrl?: string): Paper | null {
  if (!isRecord(item)) return null;
  const paper = isRecord(item.paper) ? item.paper : item;
  const ref = typeof paper.id === 'string' ? parseArxivRef(paper.id) : null;
  if (!ref) return null;
  const title = collapseWs(str(paper.title) || str(item.title));
  if (!title) return null;
  const out: Paper = {
    id: arxivPaperId(ref.arxivId),
    title,
    authors: authorsOf(paper.authors),
    abstract: collapseWs(str(paper.summary) || str(item.summary)),
    // One record per paper across sites (CONVENTIONS.md "Data"): the canonical URL is arXiv's.
    url: arxivAbsUrl(ref.arxivId),
    pdfUrl: arxivPdfUrl(ref.arxivId),
    site: 'huggingface',
  };
  if (ref.version !== undefined) out.version = ref.version;
  if (sourceUrl) out.sourceUrl = sourceUrl;
  const published = str(paper.publishedAt) || str(item.publishedAt);
  if (/^\d{4}-\d{2}-\d{2}/.test(published)) out.published = published.slice(0, 10);
  return out;
}

/** Every author name, including `hidden` ones (hidden = not linked to a visible HF profile; still an author). */
function authorsOf(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v
    .map((a) => collapseWs(typeof a === 'string' ? a : isRecord(a) ? str(a.name) : ''))
    .filter((n) => n !== '');
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export interface HfParseResult {
  papers: Paper[];
  /** Items without an arXiv id or title. */
  skipped: number;
}

/**
 * A list of items -> papers (deduplicated, order kept). `body` is the response text or already-parsed
 * JSON. Accepts a bare array (the API) or an object holding one under `dailyPapers` / `papers`.
 * Throws ApiResponseError for bad JSON or when there is no list at all.
 */
export function parseHfPaperList(body: unknown, sourceUrl?: string): HfParseResult {
  const json = parseJsonBody('huggingface', body);
  const list = Array.isArray(json)
    ? json
    : isRecord(json) && Array.isArray(json.dailyPapers)
      ? json.dailyPapers
      : isRecord(json) && Array.isArray(json.papers)
        ? json.papers
        : null;
  if (!list) throw new ApiResponseError('huggingface', 'expected a list of papers');
  const seen = new Set<string>();
  const papers: Paper[] = [];
  let skipped = 0;
  for (const item of list) {
    const p = hfItemToPaper(item, sourceUrl);
    if (!p) {
      skipped++;
      continue;
    }
    if (seen.has(p.id)) continue;
    seen.add(p.id);
    papers.push(p);
  }
  return { papers, skipped };
}

/** `GET /api/daily_papers` body -> papers. */
export function parseHfDailyPapers(body: unknown): Paper[] {
  return parseHfPaperList(body).papers;
}

/** `GET /api/papers/search?q=` body (an array of `{paper, …}` items, like daily_papers) -> papers. */
export function parseHfPaperSearch(body: unknown): Paper[] {
  return parseHfPaperList(body).papers;
}
