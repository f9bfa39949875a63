/**
 * OpenReview API v2 (`https://api2.openreview.net/notes`) JSON -> Paper[]. Pure, no DOM.
 * Shape (STRUCTURE.md "Not captured: OpenReview", unverified against a real capture; fixture
 * openreview-api-notes-constructed.json): `{notes: [{id, forum, cdate, pdate, content: {title: {value},
 * authors: {value: []}, abstract: {value}, pdf: {value}, venue: {value}, venueid: {value}}}], count}`.
 * API v1 notes (`content.title` as a bare string) are accepted too.
 */
import { openreviewPaperId } from '../ids';
import type { Paper } from '../types';
import { ApiResponseError, collapseWs, isRecord, parseJsonBody } from './errors';

export const OPENREVIEW_ORIGIN = 'https://openreview.net';
export const OPENREVIEW_API = 'https://api2.openreview.net';
/** Forum ids per `/notes?ids=` request (keeps URLs well under common 8 KB limits). */
export const OPENREVIEW_MAX_IDS_PER_QUERY = 50;

export { openreviewPaperId };

export function openreviewForumUrl(forumId: string): string {
  return `${OPENREVIEW_ORIGIN}/forum?id=${encodeURIComponent(forumId)}`;
}

/** OpenReview note ids: letters, digits, `_` and `-` (e.g. `aVh9KRZdRk`, `-2ngA6bA-9`). */
export const FORUM_ID_RE = /^[A-Za-z0-9_-]{5,40}$/;

/**
 * `/notes?ids=a,b,…` URLs, one per batch of at most `batchSize` forum ids (deduplicated, invalid
 * ids dropped). A submission note's id is its forum id, so this returns the papers themselves.
 */
export function openreviewNotesUrl(
  forumIds: readonly string[],
  batchSize: number = OPENREVIEW_MAX_IDS_PER_QUERY,
): string[] {
  if (!(batchSize >= 1)) throw new RangeError('batch size must be at least 1');
  const ids = [...new Set(forumIds.map((s) => s.replace(/^openreview:/, '')))].filter((s) =>
    FORUM_ID_RE.test(s),
  );
  const urls: string[] = [];
  for (let i = 0; i < ids.length; i += batchSize) {
    const batch = ids.slice(i, i + batchSize);
    urls.push(`${OPENREVIEW_API}/notes?ids=${batch.join(',')}&limit=${batch.length}`);
  }
  return urls;
}

/** `/notes?content.venueid=<venue>` page URL (all accepted papers of a venue, paginated). */
export function openreviewVenueNotesUrl(
  venueId: string,
  opts: { limit?: number; offset?: number } = {},
): string {
  const u = new URL('/notes', OPENREVIEW_API);
  u.searchParams.set('content.venueid', venueId);
  u.searchParams.set('limit', String(opts.limit ?? 1000));
  if (opts.offset) u.searchParams.set('offset', String(opts.offset));
  return u.href;
}

export interface OpenReviewNotes {
  papers: Paper[];
  /** `count` of the response (all matching notes), when present. */
  count?: number;
}

/**
 * Parses a `/notes` response body (text or parsed JSON). Replies (reviews, comments: `id !== forum`)
 * and notes without a title are skipped. Throws ApiResponseError on bad JSON or a missing `notes` list.
 */
export function parseOpenReviewNotes(body: unknown): OpenReviewNotes {
  const json = parseJsonBody('openreview', body);
  if (!isRecord(json) || !Array.isArray(json.notes)) {
    throw new ApiResponseError('openreview', 'expected {notes: [...]}');
  }
  const papers: Paper[] = [];
  const seen = new Set<string>();
  for (const note of json.notes) {
    const p = noteToPaper(note);
    if (!p || seen.has(p.id)) continue;
    seen.add(p.id);
    papers.push(p);
  }
  const out: OpenReviewNotes = { papers };
  if (typeof json.count === 'number' && Number.isInteger(json.count)) out.count = json.count;
  return out;
}

/** One note -> Paper; null for replies, deleted notes, or notes without id/title. */
export function noteToPaper(note: unknown): Paper | null {
  if (!isRecord(note) || typeof note.id !== 'string' || !FORUM_ID_RE.test(note.id)) return null;
  const forum = typeof note.forum === 'string' ? note.forum : note.id;
  if (forum !== note.id) return null;
  if (typeof note.ddate === 'number' && note.ddate > 0) return null;
  const content = isRecord(note.content) ? note.content : {};
  const title = collapseWs(valueString(content.title));
  if (!title) return null;
  const paper: Paper = {
    id: openreviewPaperId(forum),
    title,
    authors: valueStrings(content.authors).map(collapseWs).filter(Boolean),
    abstract: collapseWs(valueString(content.abstract)),
    url: openreviewForumUrl(forum),
    site: 'openreview',
  };
  const pdf = valueString(content.pdf);
  if (pdf) paper.pdfUrl = pdf.startsWith('/') ? `${OPENREVIEW_ORIGIN}${pdf}` : pdf;
  const time = [note.pdate, note.cdate, note.tcdate].find((t): t is number => typeof t === 'number' && t > 0);
  if (time !== undefined) paper.published = new Date(time).toISOString().slice(0, 10);
  return paper;
}

/** v2 `{value: x}` or v1 bare `x`. */
function unwrap(v: unknown): unknown {
  return isRecord(v) && 'value' in v ? v.value : v;
}

function valueString(v: unknown): string {
  const x = unwrap(v);
  return typeof x === 'string' ? x : '';
}

function valueStrings(v: unknown): string[] {
  const x = unwrap(v);
  return Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];
}

/**
 * A title key for matching the same paper across OpenReview and arXiv when the API gives no arXiv id:
 * case, accents, TeX markup (`$`, `\emph{}`, braces), punctuation and whitespace do not count.
 * "Sparse $k$-Means: Fast & Exact" and "Sparse k-means — fast and exact" give the same key.
 */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\\[a-z]+\s*/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
