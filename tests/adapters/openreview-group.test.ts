import { describe, expect, it } from 'vitest';
import {
  isOpenReviewListReady,
  openreviewGroup,
  openreviewKind,
} from '../../entrypoints/papers.content/adapters/openreview-group';
import { LayoutNotRecognisedError } from '../../entrypoints/papers.content/adapters/types';
import { fixtureDoc, htmlDoc } from './helpers';

const FIXTURE = 'openreview-group-constructed.html';
const URL_ = new URL('https://openreview.net/group?id=ICLR.cc/2025/Conference');

function activate(doc: Document, paneId: string): void {
  for (const pane of Array.from(doc.querySelectorAll('.tab-pane'))) pane.classList.remove('active', 'in');
  doc.getElementById(paneId)?.classList.add('active', 'in');
}

describe('openreview-group on a rendered venue page (constructed)', () => {
  it('parses only the active tab: 4 oral papers, title-only', () => {
    const doc = fixtureDoc(FIXTURE);
    expect(isOpenReviewListReady(doc)).toBe(true);
    const page = openreviewGroup.parse(doc, URL_);
    expect(page.kind).toBe('group');
    expect(page.titleOnly).toBe(true);
    expect(page.warnings).toEqual([]);
    expect(page.entries.map((e) => e.paper.id)).toEqual([
      'openreview:Xq7Rk2mWp1',
      'openreview:B3vTn9LsQ4',
      'openreview:C8dHy1ZeR6',
      'openreview:D5jKw3PuV0',
    ]);
    expect(page.entries[1]?.paper).toEqual({
      id: 'openreview:B3vTn9LsQ4',
      title: 'Sparse Mixture-of-Experts at Scale: Routing without Collapse',
      authors: ['Li Wei', 'Maria Gonzalez', 'Tom Becker'],
      abstract: '',
      url: 'https://openreview.net/forum?id=B3vTn9LsQ4',
      pdfUrl: 'https://openreview.net/pdf?id=B3vTn9LsQ4',
      site: 'openreview',
      sourceUrl: URL_.href,
    });
    for (const e of page.entries) expect(e.nodes.map((n) => n.tagName)).toEqual(['LI']);
  });

  it('follows the active tab', () => {
    const doc = fixtureDoc(FIXTURE);
    activate(doc, 'accept-poster');
    expect(openreviewGroup.parse(doc, URL_).entries.map((e) => e.paper.id)).toEqual([
      'openreview:E2mNq8RtY7',
      'openreview:F9gLs4XcB2',
    ]);
  });

  it('returns zero entries without throwing while the list is loading', () => {
    const doc = fixtureDoc(FIXTURE);
    activate(doc, 'recent-activity');
    expect(isOpenReviewListReady(doc)).toBe(false);
    expect(openreviewGroup.parse(doc, URL_).entries).toEqual([]);
    // the bare server HTML, before React has rendered anything
    const bare = htmlDoc(
      '<div id="__next"><div id="content"><div class="spinner-container"></div></div></div>',
    );
    expect(openreviewGroup.isReady(bare)).toBe(false);
    expect(openreviewGroup.parse(bare, URL_).entries).toEqual([]);
  });

  it('treats an empty list as ready and empty', () => {
    const doc = htmlDoc(
      '<div id="notes"><div class="tab-content"><div id="t" class="tab-pane active" role="tabpanel"><ul class="list-unstyled"><li><p class="empty-message">No items to display</p></li></ul></div></div></div>',
    );
    expect(isOpenReviewListReady(doc)).toBe(true);
    expect(openreviewGroup.parse(doc, URL_).entries).toEqual([]);
  });

  it('ignores replies (Recent Activity) and console links', () => {
    const doc = htmlDoc(`<div id="notes"><ul>
      <li><div class="note"><h4><a href="/forum?id=Xq7Rk2mWp1&amp;noteId=R1vWq2eTy5">Official Review of Submission100</a></h4></div></li>
      <li class="note invitation-link"><a href="/group?id=ICLR.cc/2025/Conference/Reviewers">Reviewer Console</a></li>
    </ul></div>`);
    const page = openreviewGroup.parse(doc, URL_);
    expect(page.entries).toEqual([]);
    expect(page.warnings).toEqual([]);
  });

  it('throws LayoutNotRecognisedError when notes have titles but no forum links', () => {
    const doc = fixtureDoc(FIXTURE);
    for (const a of Array.from(doc.querySelectorAll('#accept-oral h4 a'))) a.removeAttribute('href');
    expect(() => openreviewGroup.parse(doc, URL_)).toThrow(LayoutNotRecognisedError);
  });
});

describe('openreviewKind', () => {
  it.each([
    ['https://openreview.net/group?id=ICLR.cc/2025/Conference', 'group'],
    ['https://openreview.net/submissions?venue=ICLR.cc/2025/Conference', 'submissions'],
    ['https://openreview.net/group', null],
    ['https://openreview.net/forum?id=Xq7Rk2mWp1', null],
    ['https://openreview.net/profile?id=~Someone1', null],
  ])('%s -> %s', (href, kind) => {
    expect(openreviewKind(new URL(href))).toBe(kind);
  });
});
