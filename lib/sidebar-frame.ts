/**
 * The sidebar's frame on arXiv pages (issue 6): an empty, transparent, fixed box where the sidebar
 * will be, put into the page at document_start (entrypoints/frame.content.ts) so that the page's
 * own first layout already has it. On a 2,000-entry listing, adding a new fixed box to the page
 * after its first layout cost a 40-55 ms frame (the browser re-checks every layer of the page
 * against it); the sidebar mounted into the frame costs a 15-20 ms one. The sidebar's own
 * stylesheet places the panel; the frame only reserves the box. It takes no clicks
 * (pointer-events: none) and is taken away, with the page style that comes with it (`pageCss`),
 * when the page gets no sidebar.
 */

import { listingKind } from './arxiv-listing-url';

export const FRAME_TAG = 'papersift-frame';

/** Same box as the panel (`.ps` in entrypoints/papers.content/style.css), invisible. */
const FRAME_CSS = [
  'position:fixed',
  'top:8px',
  'right:8px',
  'bottom:8px',
  'width:392px',
  'max-width:calc(100vw - 16px)',
  'z-index:2147483000',
  'display:block',
  'margin:0',
  'padding:0',
  'border:0',
  'background:none',
  'pointer-events:none',
]
  .map((d) => `${d} !important`)
  .join(';');

/**
 * With it the page's body is its own paint layer (a stacking context, like the root's, so nothing
 * of the page is drawn differently). Without it, each frame in which the sidebar changed (a hover,
 * a row added) also redrew the visible part of the page from its cached drawing: 5.1 ms of a frame
 * after a one-character change in the sidebar on the 2,000-entry page, 2.1 ms with it, and 6.5 vs
 * 3.6 ms after 300 rows were added (`npm run bench:frames`, median of 15 frames).
 */
const PAGE_CSS = 'body{isolation:isolate}';
const PAGE_STYLE_ATTR = 'data-papersift-frame';

/**
 * Listing pages (`listingKind`, the pages the listing adapter reads): each entry's `dd` (title, authors, subjects and, on
 * `/new`, the abstract; the markup of entrypoints/papers.content/adapters/arxiv-listing.ts, both
 * layouts) is laid out only once it comes near the viewport. Without it, the page's own first
 * layout lays out and shapes the text of every entry: on the 2,000-entry `/new` listing of
 * `npm run bench` that layout is most of the page's load, whose load event comes at 950 ms with
 * this rule against 2,010 ms without the extension (README § Performance). Entries keep their
 * place, and stay in find-in-page, the tab order and the accessibility tree; fragment links still
 * scroll to them.
 *
 * Only the `dd`s, not the one-line `dt`s: the browser checks every such node against the viewport
 * in each frame whose layout changed. On 2,000 nodes that took a frame after a one-character
 * change in the sidebar from 2.1 to 6.8 ms (`npm run bench:frames`), about twice that with the
 * `dt`s as well, for little more to skip.
 *
 * A `dd` never laid out counts as `ENTRY_PX` high (then as its own height, `auto`): the mean on
 * the saved page's markup at 1,400 px, 206 px with an abstract (only `/new` shows them) and 70 px
 * with title, authors and subjects, so the page keeps about its height and its scroll bar.
 */
const ENTRY_PX = { abstract: 206, titleOnly: 70 } as const;
/** The entries' `dd`s on listing pages. */
export const LISTING_ENTRY_SELECTOR = '#dlpage dl>dd';

/** The page style that comes with the frame on the page at `url`. */
export function pageCss(url: URL): string {
  const kind = listingKind(url);
  if (!kind) return PAGE_CSS;
  const px = kind === 'list-new' ? ENTRY_PX.abstract : ENTRY_PX.titleOnly;
  return `${PAGE_CSS}${LISTING_ENTRY_SELECTOR}{content-visibility:auto;contain-intrinsic-block-size:auto ${px}px}`;
}

/** The frame of this document, if there is one. */
export function sidebarFrame(doc: Document): HTMLElement | null {
  return doc.querySelector<HTMLElement>(FRAME_TAG);
}

/**
 * Adds the frame as the last child of `<html>` once `<body>` exists (so the page's own elements
 * and the children of its body are not shifted), unless there already is one.
 */
export function insertSidebarFrame(doc: Document): void {
  const root = doc.documentElement;
  if (!root || sidebarFrame(doc)) return;
  const add = () => {
    if (sidebarFrame(doc)) return;
    const frame = doc.createElement(FRAME_TAG);
    frame.setAttribute('style', FRAME_CSS);
    const style = doc.createElement('style');
    style.setAttribute(PAGE_STYLE_ATTR, '');
    style.textContent = pageCss(new URL(doc.URL));
    (doc.head ?? root).append(style);
    root.append(frame);
  };
  if (doc.body) {
    add();
    return;
  }
  const watch = new MutationObserver(() => {
    if (!doc.body) return;
    watch.disconnect();
    add();
  });
  watch.observe(root, { childList: true });
}

/** Takes the frame away (the page gets no sidebar, or lost it). */
export function removeSidebarFrame(doc: Document): void {
  for (const f of doc.querySelectorAll(`${FRAME_TAG}, style[${PAGE_STYLE_ATTR}]`)) f.remove();
}
