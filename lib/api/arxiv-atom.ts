/**
 * arXiv API (`https://export.arxiv.org/api/query`) Atom feed -> Paper[]. Pure, no DOM: runs in the
 * MV3 service worker. Feed structure: STRUCTURE.md ("arXiv API Atom"); fixtures arxiv-api-atom-{1,2}.xml.
 */
import { arxivAbsUrl, arxivPaperId, arxivPdfUrl, parseArxivRef } from '../ids';
import type { Paper } from '../types';
import { ApiResponseError, collapseWs } from './errors';
import { childNamed, childrenNamed, parseXml, textContent, type XmlElement, XmlError } from './xml';

const ATOM = 'http://www.w3.org/2005/Atom';
const ARXIV = 'http://arxiv.org/schemas/atom';
const OPENSEARCH = 'http://a9.com/-/spec/opensearch/1.1/';

export const ARXIV_API_QUERY = 'https://export.arxiv.org/api/query';
/** Ids per request: arXiv asks for modest batches; long id_lists also risk over-long URLs. */
export const ARXIV_MAX_IDS_PER_QUERY = 100;

export interface ArxivFeed {
  papers: Paper[];
  /** `opensearch:totalResults` (all matches, not only this page). */
  totalResults?: number;
}

/**
 * Parses an API response body. Throws ApiResponseError when the body is not a well-formed Atom feed
 * (truncated download, HTML error page) or is arXiv's error feed (`<id>…/api/errors#…`).
 * Entries without an arXiv id or title are skipped.
 */
export function parseArxivAtom(xml: string): ArxivFeed {
  let feed: XmlElement;
  try {
    feed = parseXml(xml);
  } catch (e) {
    if (e instanceof XmlError) throw new ApiResponseError('arxiv-atom', e.message);
    throw e;
  }
  if (feed.local !== 'feed' || feed.ns !== ATOM) {
    throw new ApiResponseError('arxiv-atom', `root element is <${feed.name}>, not an Atom <feed>`);
  }
  const papers: Paper[] = [];
  const seen = new Set<string>();
  for (const entry of childrenNamed(feed, ATOM, 'entry')) {
    const idText = collapseWs(textContent(childNamed(entry, ATOM, 'id')));
    if (/\/api\/errors\b/.test(idText)) {
      const message = collapseWs(textContent(childNamed(entry, ATOM, 'summary')));
      throw new ApiResponseError('arxiv-atom', `arXiv API error: ${message || idText}`);
    }
    const paper = entryToPaper(entry, idText);
    if (!paper || seen.has(paper.id)) continue;
    seen.add(paper.id);
    papers.push(paper);
  }
  const result: ArxivFeed = { papers };
  const total = Number(collapseWs(textContent(childNamed(feed, OPENSEARCH, 'totalResults'))) || Number.NaN);
  if (Number.isInteger(total) && total >= 0) result.totalResults = total;
  return result;
}

function entryToPaper(entry: XmlElement, idText: string): Paper | null {
  const ref = parseArxivRef(idText);
  if (!ref) return null;
  const title = collapseWs(textContent(childNamed(entry, ATOM, 'title')));
  if (!title) return null;
  const links = childrenNamed(entry, ATOM, 'link');
  const pdf =
    links.find((l) => l.attrs.title === 'pdf')?.attrs.href ??
    links.find((l) => l.attrs.type === 'application/pdf')?.attrs.href;
  const primary = childNamed(entry, ARXIV, 'primary_category')?.attrs.term;
  const categories = [
    ...new Set(
      [primary, ...childrenNamed(entry, ATOM, 'category').map((c) => c.attrs.term)].filter(
        (c): c is string => typeof c === 'string' && c !== '',
      ),
    ),
  ];
  const paper: Paper = {
    id: arxivPaperId(ref.arxivId),
    title,
    authors: childrenNamed(entry, ATOM, 'author')
      .map((a) => collapseWs(textContent(childNamed(a, ATOM, 'name'))))
      .filter((n) => n !== ''),
    abstract: collapseWs(textContent(childNamed(entry, ATOM, 'summary'))),
    url: arxivAbsUrl(ref.arxivId),
    pdfUrl: pdf ? pdf.replace(/^http:/, 'https:') : arxivPdfUrl(ref.arxivId),
    site: 'arxiv',
  };
  if (ref.version !== undefined) paper.version = ref.version;
  if (categories.length > 0) paper.categories = categories;
  const published = collapseWs(textContent(childNamed(entry, ATOM, 'published')));
  if (/^\d{4}-\d{2}-\d{2}/.test(published)) paper.published = published.slice(0, 10);
  return paper;
}

/**
 * `https://export.arxiv.org/api/query?id_list=…&max_results=<n>` for these ids (any form
 * parseArxivRef accepts, e.g. `arxiv:2401.01234`, `2401.01234v2`; versions are dropped so the latest
 * version comes back). max_results is always set: its default is 10, which would silently truncate
 * a longer id_list. Throws RangeError for an id that is not an arXiv id or for an empty list.
 */
export function arxivQueryUrl(ids: readonly string[]): string {
  const clean: string[] = [];
  for (const raw of ids) {
    const ref = parseArxivRef(raw);
    if (!ref) throw new RangeError(`Not an arXiv id: ${JSON.stringify(raw)}`);
    if (!clean.includes(ref.arxivId)) clean.push(ref.arxivId);
  }
  if (clean.length === 0) throw new RangeError('arxivQueryUrl needs at least one id');
  // Ids contain only [A-Za-z0-9./-], so they need no escaping; commas stay literal as arXiv documents.
  return `${ARXIV_API_QUERY}?id_list=${clean.join(',')}&max_results=${clean.length}`;
}

/** Splits ids into batches of at most `size` (default ARXIV_MAX_IDS_PER_QUERY) for arxivQueryUrl. */
export function batchIds<T>(ids: readonly T[], size: number = ARXIV_MAX_IDS_PER_QUERY): T[][] {
  if (!(size >= 1)) throw new RangeError('batch size must be at least 1');
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}
