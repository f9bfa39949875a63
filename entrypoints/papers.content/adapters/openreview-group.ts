/**
 * OpenReview venue pages: `https://openreview.net/group?id=<venue>` (and `/submissions?venue=<venue>`).
 *
 * The page is a client-rendered Next.js app: the HTML has no papers, they appear after API calls, per
 * tab and per page. No real capture exists; the markup below is read from openreview-web's components
 * (github.com/openreview/openreview-web): `VenueHomepage` renders `div#notes > div.tabs-container` with
 * Bootstrap tabs (`ul.nav-tabs`, `div.tab-content > div.tab-pane[role=tabpanel]`, the shown one
 * `.active`); every tab pane holds its own `SubmissionsList` -> `PaginatedList` -> `BasePaginatedList`
 * (`div.submissions-list > ul.list-unstyled > li`), each `li` a `Note`/`NoteV2`: `div.note > h4 >
 * a[href="/forum?id=<forum>…"]` (+ `a.pdf-link`), `div.note-authors`, `ul.note-meta-info`; an empty list
 * is `li > p.empty-message`, a loading one a `LoadingSpinner`. Fixture: openreview-group-constructed.html.
 *
 * So: parse only the active tab pane (the other panes are rendered but hidden); before the list has
 * rendered, return zero entries (isReady() false) and let the content script watch the DOM.
 */
import { openreviewForumUrl, openreviewPaperId } from '../../../lib/api/openreview-api';
import type { Paper } from '../../../lib/types';
import { absUrl, normaliseWs, textOf } from './dom-text';
import { LayoutNotRecognisedError, type ParsedEntry, type ParsedPage, type SiteAdapter } from './types';

// ---------------------------------------------------------------- selectors
// Venue homepage, e.g. https://openreview.net/group?id=ICLR.cc/2025/Conference (tabs "Accept (Oral)", …).
const TAB_PANES = '.tab-content > .tab-pane, [role="tabpanel"]';
const ACTIVE_PANE = '.tab-content > .tab-pane.active, [role="tabpanel"].active';
/** Where the lists live when there are no tabs (`/submissions?venue=`). */
const NOTES_ROOT = '#notes, main, #content';
/** One rendered note (both NoteV1 and NoteV2). */
const NOTE = '.note';
/** Title link to the paper's forum; replies carry `&noteId=` as well. */
const FORUM_LINK = 'h4 a[href*="forum?id="]';
const AUTHORS = '.note-authors';
const PDF_LINK = 'a.pdf-link';
/** `p.empty-message` "No items to display": a rendered, empty list. */
const EMPTY_MESSAGE = '.empty-message';

const HOSTS = new Set(['openreview.net', 'www.openreview.net']);

export type OpenReviewKind = 'group' | 'submissions';

export function openreviewKind(url: URL): OpenReviewKind | null {
  if (!HOSTS.has(url.hostname)) return null;
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '/group' && url.searchParams.get('id')) return 'group';
  if (path === '/submissions' && url.searchParams.get('venue')) return 'submissions';
  return null;
}

/** The part of the page whose notes the user sees: the active tab pane, else the notes container. */
function listRoot(doc: Document): Element | null {
  const active = doc.querySelector(ACTIVE_PANE);
  if (active) return active;
  // Tabs rendered but none active yet (the Tab component activates one in an effect): not ready.
  if (doc.querySelector(TAB_PANES)) return null;
  return doc.querySelector(NOTES_ROOT) ?? doc.body;
}

/**
 * True once the visible list has rendered (notes or its empty message). While false, parse() returns
 * zero entries; the content script should observe the DOM (MutationObserver) and parse again.
 */
export function isOpenReviewListReady(doc: Document): boolean {
  const root = listRoot(doc);
  return (
    !!root &&
    (root.querySelector(`${NOTE} ${FORUM_LINK}`) !== null || root.querySelector(EMPTY_MESSAGE) !== null)
  );
}

export function parseOpenReviewGroup(doc: Document, url: URL): ParsedPage {
  const kind = openreviewKind(url) ?? 'group';
  const page: ParsedPage = { site: 'openreview', kind, entries: [], warnings: [], titleOnly: true };
  const root = listRoot(doc);
  if (!root) return page;

  const notes = Array.from(root.querySelectorAll(NOTE));
  const index = new Map<string, ParsedEntry>();
  let skipped = 0;
  for (const note of notes) {
    // Nested .note (a note's own content collapsible) belongs to the outer one.
    if (note.parentElement?.closest(NOTE)) continue;
    // Console links (`li.note.invitation-link`) have no title heading: not papers, not errors.
    if (!note.querySelector('h4')) continue;
    const paper = parseNote(note, url);
    if (paper === 'reply') continue;
    if (!paper) {
      skipped++;
      continue;
    }
    const node = note.closest('li') ?? note;
    const seen = index.get(paper.id);
    if (seen) {
      if (!seen.nodes.includes(node)) seen.nodes.push(node);
      continue;
    }
    const entry: ParsedEntry = { paper, nodes: [node] };
    index.set(paper.id, entry);
    page.entries.push(entry);
  }
  if (page.entries.length === 0 && skipped > 0) {
    throw new LayoutNotRecognisedError(
      'openreview',
      kind,
      `${skipped} notes with a title heading but none links to a forum`,
    );
  }
  if (skipped > 0) page.warnings.push(`Skipped ${skipped} notes without a forum link or title.`);
  page.titleOnly = page.entries.some((e) => e.paper.abstract === '');
  return page;
}

/** A paper, 'reply' for a review/comment (Recent Activity tab), or null when the note is malformed. */
function parseNote(note: Element, pageUrl: URL): Paper | 'reply' | null {
  const link = note.querySelector(FORUM_LINK);
  const href = absUrl(link?.getAttribute('href'), pageUrl);
  if (!href) return null;
  const u = new URL(href);
  const forum = u.searchParams.get('id');
  const noteId = u.searchParams.get('noteId');
  if (!forum || !/^[A-Za-z0-9_-]+$/.test(forum)) return null;
  if (noteId && noteId !== forum) return 'reply';
  const title = textOf(link);
  if (!title) return null;
  const authorsEl = note.querySelector(AUTHORS);
  const linked = Array.from(authorsEl?.querySelectorAll('a') ?? [], (a) => textOf(a)).filter(Boolean);
  const authors =
    linked.length > 0
      ? linked
      : textOf(authorsEl)
          .split(/,\s*|\s+and\s+/)
          .map(normaliseWs)
          .filter(Boolean);
  const paper: Paper = {
    id: openreviewPaperId(forum),
    title,
    authors,
    // Abstracts sit in a collapsed "Show details" block only when the venue shows contents; the
    // background fetches them from api2.openreview.net (lib/api/openreview-api.ts).
    abstract: '',
    url: openreviewForumUrl(forum),
    site: 'openreview',
    sourceUrl: pageUrl.href,
  };
  const pdf = absUrl(note.querySelector(PDF_LINK)?.getAttribute('href'), pageUrl);
  if (pdf) paper.pdfUrl = pdf;
  return paper;
}

export const openreviewGroup = {
  id: 'openreview-group',
  site: 'openreview',
  examples: [
    'https://openreview.net/group?id=ICLR.cc/2025/Conference',
    'https://openreview.net/group?id=NeurIPS.cc/2024/Conference#tab-accept-oral',
    'https://openreview.net/group?id=ICML.cc/2024/Conference&referrer=%5BHomepage%5D(%2F)',
    'https://openreview.net/submissions?venue=ICLR.cc/2025/Conference',
  ],
  matches: (url: URL): boolean => openreviewKind(url) !== null,
  parse: parseOpenReviewGroup,
  isReady: isOpenReviewListReady,
} as const satisfies SiteAdapter;
