import { describe, expect, it } from 'vitest';
import { arxivListing } from '../../entrypoints/papers.content/adapters/arxiv-listing';
import { LayoutNotRecognisedError, type ParsedPage } from '../../entrypoints/papers.content/adapters/types';
import { listingKind } from '../../lib/arxiv-listing-url';
import { fixtureDoc, fixtureText, htmlDoc } from './helpers';

const NEW_2026 = 'arxiv-list-new-2026-1.html';
const NEW_2026_URL = new URL('https://arxiv.org/list/cond-mat.mtrl-sci/new');
const OLD_URL = new URL('https://arxiv.org/list/cs/new');
const RECENT_URL = new URL('https://arxiv.org/list/cond-mat.mtrl-sci/recent');

const parse = (doc: Document, url = NEW_2026_URL): ParsedPage => arxivListing.parse(doc, url);

function expectWellFormed(page: ParsedPage): void {
  const ids = page.entries.map((e) => e.paper.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const { paper, nodes } of page.entries) {
    expect(paper.id).toMatch(/^arxiv:(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?\/\d{7})$/);
    expect(paper.title).not.toBe('');
    expect(paper.title).not.toMatch(/^Title:|\s{2}|^\s|\s$/);
    expect(paper.abstract).not.toMatch(/\s{2}|^\s|\s$/);
    expect(paper.url).toBe(`https://arxiv.org/abs/${paper.id.slice(6)}`);
    expect(paper.site).toBe('arxiv');
    expect(nodes.map((n) => n.tagName)).toEqual(['DT', 'DD']);
    expect(nodes[0]?.nextElementSibling).toBe(nodes[1]);
  }
}

describe('arxiv-listing on the current (2026) /new page', () => {
  const page = parse(fixtureDoc(NEW_2026));

  it('finds all 101 entries with abstracts, matching the page counts', () => {
    expect(page.kind).toBe('list-new');
    expect(page.entries).toHaveLength(101);
    expect(page.expectedCount).toBe(101);
    expect(page.warnings).toEqual([]);
    expect(page.entries.filter((e) => e.paper.abstract.length > 100)).toHaveLength(101);
    expect(page.titleOnly).toBe(false);
    expectWellFormed(page);
  });

  it('keeps the sections 45 + 21 + 35 in page order', () => {
    const dls = Array.from(fixtureDoc(NEW_2026).querySelectorAll('dl#articles'));
    expect(dls).toHaveLength(3);
    const perDl = [0, 0, 0];
    for (const e of page.entries) {
      const dl = e.nodes[0]?.parentElement;
      const i = Array.from(dl?.parentElement?.querySelectorAll('dl#articles') ?? []).indexOf(dl as Element);
      perDl[i] = (perDl[i] ?? 0) + 1;
    }
    expect(perDl).toEqual([45, 21, 35]);
  });

  it('reads the first entry exactly', () => {
    const first = page.entries[0]?.paper;
    expect(first).toMatchObject({
      id: 'arxiv:2609.22268',
      title: 'Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains',
      authors: ['Théo Andrieux', 'Andreas Ntinos', 'Manas V. Upadhyay'],
      url: 'https://arxiv.org/abs/2609.22268',
      pdfUrl: 'https://arxiv.org/pdf/2609.22268',
      version: 1,
      categories: ['cond-mat.mtrl-sci'],
      sourceUrl: 'https://arxiv.org/list/cond-mat.mtrl-sci/new',
    });
    expect(first?.abstract).toMatch(
      /^Accurately modelling the temporal evolution .* under the Apache 2\.0 license\.$/,
    );
  });

  it('takes every author and the cross-listed categories', () => {
    const last = page.entries.at(-1)?.paper;
    expect(last?.id).toBe('arxiv:2607.28461');
    expect(last?.authors).toHaveLength(15);
    expect(last?.authors[0]).toBe('Seán R. Kavanagh');
    const multi = page.entries.filter((e) => (e.paper.categories?.length ?? 0) > 1);
    expect(multi.length).toBeGreaterThan(10);
    for (const e of page.entries) expect(e.paper.categories?.[0]).toMatch(/^[a-z-]+(\.[A-Za-z-]+)?$/);
  });
});

describe('arxiv-listing on the current-layout excerpt (no dl wrapper)', () => {
  it('finds the 6 entries with abstracts', () => {
    const page = parse(
      fixtureDoc('arxiv-list-new-2026-excerpt-1.html'),
      new URL('https://arxiv.org/list/cs.AI/new'),
    );
    expect(page.entries).toHaveLength(6);
    expect(page.expectedCount).toBe(6);
    expect(page.warnings).toEqual([]);
    expect(page.entries.every((e) => e.paper.abstract !== '')).toBe(true);
    expect(page.entries[0]?.paper).toMatchObject({
      id: 'arxiv:2608.09949',
      title: 'Closed-Loop LLM Co-Pilots for Digital Agriculture',
      authors: ['Serge Kernbach'],
      categories: ['cs.AI', 'physics.bio-ph'],
    });
    expectWellFormed(page);
  });
});

describe('arxiv-listing on the old (2018) layout', () => {
  const page = parse(fixtureDoc('arxiv-list-new-old-1.html'), OLD_URL);

  it('finds the 87 entries in the source, 22 with abstracts, 85 with a PDF link', () => {
    expect(page.entries).toHaveLength(87);
    expect(page.entries.filter((e) => e.paper.abstract !== '')).toHaveLength(22);
    expect(page.entries.filter((e) => e.paper.pdfUrl)).toHaveLength(85);
    expect(page.titleOnly).toBe(true);
    expectWellFormed(page);
  });

  it('warns that the page states 188 entries (items 7-107 are missing from the source)', () => {
    expect(page.expectedCount).toBe(188);
    expect(page.warnings).toHaveLength(1);
    expect(page.warnings[0]).toContain('87 of the 188');
  });

  it('reads the first entry exactly, without "Title:"/"Authors:" descriptors', () => {
    expect(page.entries[0]?.paper).toMatchObject({
      id: 'arxiv:1807.07067',
      title: 'A Fixed-Parameter Linear-Time Algorithm to Compute Principal Typings of Planar Flow Networks',
      authors: ['Assaf Kfoury'],
      pdfUrl: 'https://arxiv.org/pdf/1807.07067',
      categories: ['cs.DS'],
    });
    expect(page.entries[0]?.paper.version).toBeUndefined();
    expect(page.entries[0]?.paper.abstract).toMatch(/^We present an alternative .* underlying graphs\.$/);
  });
});

describe('arxiv-listing on a title-only /recent page (constructed from real entries)', () => {
  const page = parse(fixtureDoc('arxiv-list-recent-constructed.html'), RECENT_URL);

  it('finds 101 title-only entries in three day blocks', () => {
    expect(page.kind).toBe('list-recent');
    expect(page.entries).toHaveLength(101);
    expect(page.expectedCount).toBe(101);
    expect(page.warnings).toEqual([]);
    expect(page.titleOnly).toBe(true);
    expect(page.entries.every((e) => e.paper.abstract === '')).toBe(true);
    expect(page.entries[0]?.paper.title).toBe(
      'Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains',
    );
    expectWellFormed(page);
  });

  it('names the day whose count does not match', () => {
    const doc = fixtureDoc('arxiv-list-recent-constructed.html');
    const second = doc.querySelectorAll('dl#articles')[1];
    const dts = Array.from(second?.querySelectorAll('dt') ?? []).slice(0, 3);
    for (const dt of dts) {
      dt.nextElementSibling?.remove();
      dt.remove();
    }
    const cut = parse(doc, RECENT_URL);
    expect(cut.entries).toHaveLength(98);
    expect(cut.warnings).toHaveLength(1);
    expect(cut.warnings[0]).toContain('18 of the 21');
    expect(cut.warnings[0]).toContain('Mon, 21 Sep 2026');
  });
});

describe('arxiv-listing: pages that changed or are broken', () => {
  it('throws LayoutNotRecognisedError when the entries are gone', () => {
    const doc = fixtureDoc(NEW_2026);
    for (const el of Array.from(doc.querySelectorAll('dt, dd'))) el.remove();
    expect(() => parse(doc)).toThrow(LayoutNotRecognisedError);
    try {
      parse(doc);
    } catch (e) {
      expect((e as LayoutNotRecognisedError).site).toBe('arxiv');
      expect((e as LayoutNotRecognisedError).kind).toBe('list-new');
    }
  });

  it('throws when dt/dd became divs (a redesign)', () => {
    const html = fixtureText(NEW_2026).replace(/<(\/?)d[td]\b/g, '<$1div');
    expect(() => parse(htmlDoc(html))).toThrow(LayoutNotRecognisedError);
  });

  it('throws when entries exist but none has an id', () => {
    const doc = fixtureDoc('arxiv-list-new-2026-excerpt-1.html');
    for (const a of Array.from(doc.querySelectorAll('dt a'))) a.remove();
    expect(() => parse(doc)).toThrow(/not recognised/);
  });

  it('returns an empty list without throwing when the page says it is empty', () => {
    const doc = htmlDoc(
      "<div id='dlpage'><h1>Machine Learning</h1><div class='paging'>Total of 0 entries</div></div>",
    );
    const page = parse(doc, new URL('https://arxiv.org/list/cs.LG/2026-08'));
    expect(page.entries).toEqual([]);
    expect(page.expectedCount).toBe(0);
    expect(page.kind).toBe('list-month');
  });

  it('skips a row without id or title with a warning', () => {
    const doc = fixtureDoc(NEW_2026);
    const dts = doc.querySelectorAll('dt');
    dts[3]?.querySelector('a[title="Abstract"]')?.remove();
    for (const a of Array.from(dts[3]?.querySelectorAll('a') ?? [])) a.remove();
    dts[7]?.nextElementSibling?.querySelector('div.list-title')?.remove();
    const page = parse(doc);
    expect(page.entries).toHaveLength(99);
    expect(page.warnings.some((w) => w.includes('Skipped 2 entries'))).toBe(true);
    expect(page.warnings.some((w) => w.includes('43 of the 45'))).toBe(true);
  });

  it('merges a duplicated entry into one paper whose nodes cover both copies', () => {
    const doc = fixtureDoc(NEW_2026);
    const dt = doc.querySelector('dt');
    const dd = dt?.nextElementSibling;
    const dl = doc.querySelectorAll('dl#articles')[2];
    const dtCopy = dt?.cloneNode(true) as Element;
    const ddCopy = dd?.cloneNode(true) as Element;
    dl?.append(dtCopy, ddCopy);
    const page = parse(doc);
    expect(page.entries).toHaveLength(101);
    expect(page.entries[0]?.nodes).toEqual([dt, dd, dtCopy, ddCopy]);
    expect(page.warnings.some((w) => w.includes('twice'))).toBe(true);
  });

  it('keeps MathJax-rendered math as its TeX source', () => {
    const doc = htmlDoc(`<div id="dlpage"><dl id="articles"><h3>New submissions (showing 1 of 1 entries)</h3>
      <dt><a href="/abs/2401.01234v3" title="Abstract">arXiv:2401.01234</a></dt>
      <dd><div class="list-title mathjax"><span class="descriptor">Title:</span> Sparse
        <span class="MathJax_Preview">k</span><span class="MathJax">rendered k</span><script type="math/tex">k</script>-means
        with $O(n^2)$ cost</div>
        <div class="list-authors"><a href="#">A. One</a>, <a href="#">B. Two</a></div>
        <p class="mathjax">We show <span class="MathJax">x²</span><script type="math/tex; mode=display">x^2</script> bounds.</p></dd>
      </dl></div>`);
    const [e] = parse(doc).entries;
    expect(e?.paper.title).toBe('Sparse $k$ -means with $O(n^2)$ cost');
    expect(e?.paper.abstract).toBe('We show $$x^2$$ bounds.');
    expect(e?.paper.version).toBe(3);
    expect(e?.paper.id).toBe('arxiv:2401.01234');
  });
});

describe('listingKind', () => {
  it.each([
    ['https://arxiv.org/list/cs.LG/new', 'list-new'],
    ['https://arxiv.org/list/cs.LG/new/', 'list-new'],
    ['https://arxiv.org/list/cs.LG/recent?skip=0&show=2000', 'list-recent'],
    ['https://arxiv.org/list/cs.LG/pastweek?skip=25&show=25', 'list-pastweek'],
    ['https://arxiv.org/list/cs.LG/2026-08', 'list-month'],
    ['https://arxiv.org/list/hep-th/2408', 'list-month'],
    ['https://arxiv.org/list/math.AG/2025', 'list-year'],
    ['https://arxiv.org/list/cond-mat.mtrl-sci/new', 'list-new'],
    ['https://arxiv.org/list/cs.LG/2026-13', null],
    ['https://arxiv.org/list/cs.LG/old', null],
    ['https://arxiv.org/abs/2401.01234', null],
    ['https://arxiv.org/help/api', null],
    ['https://example.org/list/cs.LG/new', null],
  ])('%s -> %s', (href, kind) => {
    expect(listingKind(new URL(href))).toBe(kind);
  });
});
