import { afterEach, describe, expect, it } from 'vitest';
import { arxivListing } from '../../entrypoints/papers.content/adapters/arxiv-listing';
import {
  FRAME_TAG,
  insertSidebarFrame,
  LISTING_ENTRY_SELECTOR,
  pageCss,
  removeSidebarFrame,
  sidebarFrame,
} from '../../lib/sidebar-frame';
import { fixtureDoc } from '../adapters/helpers';

afterEach(() => removeSidebarFrame(document));

describe('sidebar frame (arXiv, document_start)', () => {
  it('is one invisible fixed box after the body, taking no clicks', () => {
    const bodyKids = document.body.children.length;
    insertSidebarFrame(document);
    insertSidebarFrame(document); // a second run (extension reloaded) adds none
    const frames = document.querySelectorAll(FRAME_TAG);
    expect(frames).toHaveLength(1);
    const frame = sidebarFrame(document) as HTMLElement;
    expect(frame.parentElement).toBe(document.documentElement);
    expect(frame.previousElementSibling).toBe(document.body);
    expect(document.body.children).toHaveLength(bodyKids); // nothing shifted inside the page
    expect(frame.style.getPropertyValue('position')).toBe('fixed');
    expect(frame.style.getPropertyPriority('position')).toBe('important');
    expect(frame.style.getPropertyValue('pointer-events')).toBe('none');
    expect(frame.hasAttribute('aria-hidden')).toBe(false); // the sidebar inside stays accessible
    expect(frame.childNodes).toHaveLength(0);
    // The page's body becomes its own paint layer (a sidebar frame does not redraw the page).
    expect(document.querySelectorAll('style[data-papersift-frame]')).toHaveLength(1);
    expect(getComputedStyle(document.body).getPropertyValue('isolation')).toBe('isolate');
  });

  it('waits for the body when the document has none yet', async () => {
    const doc = document.implementation.createHTMLDocument('');
    doc.body.remove();
    insertSidebarFrame(doc);
    expect(sidebarFrame(doc)).toBeNull();
    doc.documentElement.append(doc.createElement('body'));
    await new Promise((r) => setTimeout(r, 0));
    expect(sidebarFrame(doc)?.previousElementSibling?.localName).toBe('body');
  });

  it('is taken away when the page gets no sidebar', () => {
    insertSidebarFrame(document);
    removeSidebarFrame(document);
    expect(sidebarFrame(document)).toBeNull();
    expect(document.querySelector('style[data-papersift-frame]')).toBeNull();
  });
});

describe('page style of the frame (arXiv listings lay out entries near the viewport only)', () => {
  const rule = (px: number) =>
    `${LISTING_ENTRY_SELECTOR}{content-visibility:auto;contain-intrinsic-block-size:auto ${px}px}`;

  it('skips the entries of listing pages, sized as with abstracts on /new and as titles elsewhere', () => {
    expect(pageCss(new URL('https://arxiv.org/list/cs.LG/new'))).toBe(`body{isolation:isolate}${rule(206)}`);
    expect(pageCss(new URL('https://arxiv.org/list/cs/new/?skip=0&show=2000'))).toContain(rule(206));
    for (const path of ['/list/cs.LG/pastweek?show=2000', '/list/cs.LG/recent', '/list/hep-th/2408']) {
      expect(pageCss(new URL(`https://arxiv.org${path}`))).toBe(`body{isolation:isolate}${rule(70)}`);
    }
    // Search results and abstract pages have no such entries.
    for (const path of ['/search/?query=moe&searchtype=all', '/abs/2609.00001', '/list/cs.LG']) {
      expect(pageCss(new URL(`https://arxiv.org${path}`))).toBe('body{isolation:isolate}');
    }
  });

  it("covers exactly the dd of every entry the listing adapter reads, on the saved pages' layouts", () => {
    const pages = [
      ['arxiv-list-new-2026-1.html', 'https://arxiv.org/list/cond-mat.mtrl-sci/new'],
      ['arxiv-list-new-old-1.html', 'https://arxiv.org/list/cs/new'],
      ['arxiv-list-recent-constructed.html', 'https://arxiv.org/list/cond-mat.mtrl-sci/recent'],
    ] as const;
    for (const [name, url] of pages) {
      const doc = fixtureDoc(name);
      const dds = arxivListing.parse(doc, new URL(url)).entries.map((e) => e.nodes[1]);
      expect(dds.length).toBeGreaterThan(0);
      expect(new Set(doc.querySelectorAll(LISTING_ENTRY_SELECTOR))).toEqual(new Set(dds));
    }
  });

  it('comes with the frame on a listing page', () => {
    const doc = document.implementation.createHTMLDocument('');
    Object.defineProperty(doc, 'URL', { value: 'https://arxiv.org/list/cs.LG/new' });
    insertSidebarFrame(doc);
    expect(doc.querySelector('style[data-papersift-frame]')?.textContent).toContain(rule(206));
    removeSidebarFrame(doc);
    expect(doc.querySelector('style[data-papersift-frame]')).toBeNull();
  });
});
