import { describe, expect, it } from 'vitest';
import {
  arxivSearch,
  isArxivSearch,
  stripToggle,
} from '../../entrypoints/papers.content/adapters/arxiv-search';
import { LayoutNotRecognisedError } from '../../entrypoints/papers.content/adapters/types';
import { fixtureDoc, htmlDoc } from './helpers';

const URL_ = new URL(
  'https://arxiv.org/search/?query=distributed+systems&searchtype=abstract&abstracts=show&order=-announced_date_first&size=200',
);
const FIXTURE = 'arxiv-search-1.html';

describe('arxiv-search on the real results page (200 of 77,800)', () => {
  const page = arxivSearch.parse(fixtureDoc(FIXTURE), URL_);

  it('finds all 200 results, each with a full abstract, matching "Showing 1–200"', () => {
    expect(page.kind).toBe('search');
    expect(page.entries).toHaveLength(200);
    expect(page.expectedCount).toBe(200);
    expect(page.warnings).toEqual([]);
    expect(page.titleOnly).toBe(false);
    const ids = page.entries.map((e) => e.paper.id);
    expect(new Set(ids).size).toBe(200);
    for (const { paper, nodes } of page.entries) {
      expect(paper.abstract.length).toBeGreaterThan(50);
      expect(paper.title).not.toBe('');
      expect(paper.authors.length).toBeGreaterThan(0);
      expect(paper.categories?.length).toBeGreaterThan(0);
      expect(nodes).toHaveLength(1);
      expect(nodes[0]?.matches('li.arxiv-result')).toBe(true);
    }
  });

  it('strips the "▽ More" / "△ Less" toggles and uses the full abstract, not the short one', () => {
    for (const { paper } of page.entries) {
      expect(paper.abstract).not.toMatch(/[△▽]|\b(More|Less)$/);
      expect(paper.abstract.startsWith('…')).toBe(false);
    }
  });

  it('reads the first result exactly', () => {
    expect(page.entries[0]?.paper).toEqual({
      id: 'arxiv:2512.03003',
      title: 'The role of the top Yukawa coupling in triple Higgs production at the LHC',
      authors: ['Luca Panizzi'],
      abstract:
        'In this letter I quantify the effects of varying the top Yukawa coupling in the process of production of three Higgs bosons at the LHC. Modifications of the coupling within experimentally observed ranges have a sizeable impact on the total cross-section, but do not have large effects on the distributions of the invariant mass of the three-Higgs system and other global observables.',
      url: 'https://arxiv.org/abs/2512.03003',
      pdfUrl: 'https://arxiv.org/pdf/2512.03003',
      version: 1,
      categories: ['hep-ph'],
      published: '2025-12-02',
      site: 'arxiv',
      sourceUrl: URL_.href,
    });
  });

  it('does not take DOI/journal tags for categories', () => {
    for (const { paper } of page.entries) {
      for (const c of paper.categories ?? []) expect(c).toMatch(/^[a-z-]+(\.[A-Za-z-]+)?$/);
    }
  });

  it('falls back to the short abstract when the full one is missing', () => {
    const doc = fixtureDoc(FIXTURE);
    for (const full of Array.from(doc.querySelectorAll('span.abstract-full'))) full.remove();
    const short = arxivSearch.parse(doc, URL_);
    expect(short.entries).toHaveLength(200);
    for (const { paper } of short.entries) expect(paper.abstract).not.toMatch(/[△▽]|More$/);
    expect(short.entries[0]?.paper.abstract).toMatch(/^…at the LHC\. /);
  });

  it('warns when fewer results are found than the heading says', () => {
    const doc = fixtureDoc(FIXTURE);
    doc.querySelectorAll('li.arxiv-result')[5]?.remove();
    const cut = arxivSearch.parse(doc, URL_);
    expect(cut.entries).toHaveLength(199);
    expect(cut.warnings).toEqual([expect.stringContaining('199 of the 200')]);
  });

  it('throws LayoutNotRecognisedError when the result items are gone', () => {
    const doc = fixtureDoc(FIXTURE);
    for (const li of Array.from(doc.querySelectorAll('li.arxiv-result'))) li.remove();
    expect(() => arxivSearch.parse(doc, URL_)).toThrow(LayoutNotRecognisedError);
  });

  it('returns nothing, without throwing, for a query with no results', () => {
    const doc = htmlDoc(
      '<main><h1 class="title">Sorry, your query for all: qwxzv produced no results.</h1></main>',
    );
    const empty = arxivSearch.parse(doc, new URL('https://arxiv.org/search/?query=qwxzv&searchtype=all'));
    expect(empty.entries).toEqual([]);
  });
});

describe('isArxivSearch / stripToggle', () => {
  it.each([
    ['https://arxiv.org/search/?query=moe&searchtype=all', true],
    ['https://arxiv.org/search/cs?searchtype=author&query=Kernbach,+S', true],
    ['https://arxiv.org/search/advanced?advanced=&terms-0-term=sae&terms-0-field=title', true],
    ['https://arxiv.org/search/', false],
    ['https://arxiv.org/search/advanced', false],
    ['https://arxiv.org/list/cs.LG/new', false],
  ])('%s -> %s', (href, expected) => {
    expect(isArxivSearch(new URL(href))).toBe(expected);
  });

  it('removes only the toggle, not a trailing word "more"', () => {
    expect(stripToggle('We do more. △ Less')).toBe('We do more.');
    expect(stripToggle('…cost. ▽ More')).toBe('…cost.');
    expect(stripToggle('and much More')).toBe('and much More');
  });
});
