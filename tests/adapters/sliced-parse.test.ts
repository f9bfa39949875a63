/**
 * The sliced parse (SiteAdapter.parseIncremental, parseSliced) yields the same entries as parse(),
 * and the fast paths of dom-text give what the plain implementations give.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arxivListing } from '../../entrypoints/papers.content/adapters/arxiv-listing';
import { arxivSearch, stripToggle } from '../../entrypoints/papers.content/adapters/arxiv-search';
import { absUrl, normaliseWs, textOf } from '../../entrypoints/papers.content/adapters/dom-text';
import { huggingfacePapers } from '../../entrypoints/papers.content/adapters/huggingface-papers';
import {
  LayoutNotRecognisedError,
  type ParsedEntry,
  type ParsedPage,
  type ParseSliceOptions,
  parseSliced,
} from '../../entrypoints/papers.content/adapters/types';
import { buildArxivListing } from '../fixtures/listing-builder';
import { fixtureDoc, htmlDoc } from './helpers';

function runSliced(
  doc: Document,
  url: URL,
  opts?: ParseSliceOptions,
): { slices: ParsedEntry[][]; page: ParsedPage } {
  const it = arxivListing.parseIncremental(doc, url, opts);
  const slices: ParsedEntry[][] = [];
  for (;;) {
    const r = it.next();
    if (r.done) return { slices, page: r.value };
    slices.push(r.value);
  }
}

/** parse() and the sliced page, compared with the entries' nodes by identity. */
function expectSame(sliced: ParsedPage, whole: ParsedPage, slices: ParsedEntry[][]): void {
  const flat = slices.flat();
  expect(flat.map((e) => e.paper)).toEqual(whole.entries.map((e) => e.paper));
  // The yielded entries are the final page's entry objects.
  expect(flat.length).toBe(sliced.entries.length);
  flat.forEach((e, i) => {
    expect(e).toBe(sliced.entries[i]);
  });
  sliced.entries.forEach((e, i) => {
    const nodes = whole.entries[i]?.nodes ?? [];
    expect(e.nodes.length).toBe(nodes.length);
    e.nodes.forEach((n, k) => {
      expect(n).toBe(nodes[k]);
    });
  });
  const { entries: _a, ...restSliced } = sliced;
  const { entries: _b, ...restWhole } = whole;
  expect(restSliced).toEqual(restWhole);
}

const LISTINGS: [string, string][] = [
  ['arxiv-list-new-2026-1.html', 'https://arxiv.org/list/cond-mat.mtrl-sci/new'],
  ['arxiv-list-new-2026-excerpt-1.html', 'https://arxiv.org/list/cs.AI/new'],
  ['arxiv-list-new-old-1.html', 'https://arxiv.org/list/cs/new'],
  ['arxiv-list-recent-constructed.html', 'https://arxiv.org/list/cond-mat.mtrl-sci/recent'],
];

describe('arxiv-listing parseIncremental', () => {
  for (const [fixture, href] of LISTINGS) {
    it(`yields the entries of parse() in slices of at most 7 on ${fixture}`, () => {
      const doc = fixtureDoc(fixture);
      const url = new URL(href);
      const whole = arxivListing.parse(doc, url);
      const { slices, page } = runSliced(doc, url, { maxEntries: 7 });
      expect(slices.length).toBe(Math.ceil(whole.entries.length / 7));
      for (const s of slices) {
        expect(s.length).toBeGreaterThan(0);
        expect(s.length).toBeLessThanOrEqual(7);
      }
      expectSame(page, whole, slices);
    });
  }

  it('slices a constructed 400-entry /new page by time budget', () => {
    const papers = Array.from({ length: 400 }, (_, i) => ({
      title: `Paper ${i} on $O(n^2)$ attention`,
      abstract: `We study  thing ${i}.\n  It works.`,
      authors: [`A. Author${i}`, 'B. Author'],
    }));
    const doc = htmlDoc(buildArxivListing(papers, { kind: 'new' }));
    const url = new URL('https://arxiv.org/list/cs.LG/new');
    const whole = arxivListing.parse(doc, url);
    expect(whole.entries).toHaveLength(400);
    expect(whole.warnings).toEqual([]);
    // A clock that advances 1 ms per reading: a 10 ms budget ends a slice every ~10 entries.
    let t = 0;
    const { slices, page } = runSliced(doc, url, { budgetMs: 10, now: () => t++ });
    expect(slices.length).toBeGreaterThan(20);
    for (const s of slices) expect(s.length).toBeLessThanOrEqual(10);
    expectSame(page, whole, slices);
  });

  it('with no options uses the default budget and still gives the whole page', () => {
    const doc = fixtureDoc('arxiv-list-new-2026-1.html');
    const url = new URL('https://arxiv.org/list/cond-mat.mtrl-sci/new');
    const whole = arxivListing.parse(doc, url);
    const { slices, page } = runSliced(doc, url);
    expectSame(page, whole, slices);
  });

  it('adds a later copy of a paper to the entry already yielded', () => {
    const doc = fixtureDoc('arxiv-list-new-2026-1.html');
    const dt = doc.querySelector('dt') as Element;
    const dd = dt.nextElementSibling as Element;
    const dtCopy = dt.cloneNode(true) as Element;
    const ddCopy = dd.cloneNode(true) as Element;
    doc.querySelectorAll('dl#articles')[2]?.append(dtCopy, ddCopy);
    const url = new URL('https://arxiv.org/list/cond-mat.mtrl-sci/new');
    const whole = arxivListing.parse(doc, url);
    const { slices, page } = runSliced(doc, url, { maxEntries: 10 });
    expect(slices[0]?.[0]?.nodes).toEqual([dt, dd, dtCopy, ddCopy]);
    expect(page.warnings.some((w) => w.includes('twice'))).toBe(true);
    expectSame(page, whole, slices);
  });

  it('throws LayoutNotRecognisedError from next() when the entries are gone', () => {
    const doc = fixtureDoc('arxiv-list-new-2026-1.html');
    for (const el of Array.from(doc.querySelectorAll('dt, dd'))) el.remove();
    const url = new URL('https://arxiv.org/list/cond-mat.mtrl-sci/new');
    expect(() => arxivListing.parse(doc, url)).toThrow(LayoutNotRecognisedError);
    const it = arxivListing.parseIncremental(doc, url);
    expect(() => it.next()).toThrow(LayoutNotRecognisedError);
  });

  it('arxiv-search yields the results of parse() in slices of at most 25', () => {
    const doc = fixtureDoc('arxiv-search-1.html');
    const url = new URL('https://arxiv.org/search/?query=distributed+systems&searchtype=abstract');
    const whole = arxivSearch.parse(doc, url);
    expect(whole.entries).toHaveLength(200);
    const it = arxivSearch.parseIncremental(doc, url, { maxEntries: 25 });
    const slices: ParsedEntry[][] = [];
    let r = it.next();
    for (; !r.done; r = it.next()) slices.push(r.value);
    expect(slices.map((s) => s.length)).toEqual(Array(8).fill(25));
    expectSame(r.value, whole, slices);
  });

  it('parseSliced gives a single slice for adapters without parseIncremental', () => {
    const doc = fixtureDoc('hf-papers-daily-1.html');
    const url = new URL('https://huggingface.co/papers');
    const whole = huggingfacePapers.parse(doc, url);
    expect(whole.entries.length).toBeGreaterThan(0);
    const it = parseSliced(huggingfacePapers, doc, url);
    const first = it.next();
    expect(first.done).toBe(false);
    expect((first.value as ParsedEntry[]).map((e) => e.paper)).toEqual(whole.entries.map((e) => e.paper));
    const last = it.next();
    expect(last.done).toBe(true);
    expect((last.value as ParsedPage).entries.map((e) => e.paper)).toEqual(whole.entries.map((e) => e.paper));
  });
});

describe('dom-text fast paths', () => {
  const WS = [' ', '  ', '\n', '\t', '\u00a0', '\r\n', ' \n ', '\u2003', 'a', 'b', 'é', '$'];

  it('normaliseWs equals replacing every \\s+ run', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WS), { maxLength: 40 }), (parts) => {
        const s = parts.join('');
        expect(normaliseWs(s)).toBe(s.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 2000 },
    );
  });

  it('absUrl equals new URL(href, base).href', () => {
    const bases = [
      new URL('https://arxiv.org/list/cs.LG/new'),
      new URL('http://arxiv.org:8080/list/cs/new?skip=0'),
      new URL('https://user:pw@example.org/a/b'),
      new URL('https://openreview.net/group?id=ICLR.cc/2026/Conference'),
    ];
    const chars = [
      '/',
      'a',
      'Z',
      '0',
      '.',
      '..',
      '-',
      '_',
      '~',
      '%20',
      ' ',
      '?q',
      '#f',
      ':',
      '\\',
      'é',
      '//',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 12 }),
        fc.constantFrom(...bases),
        (parts, base) => {
          const href = parts.join('');
          let expected: string | undefined;
          try {
            expected = href ? new URL(href.trim(), base).href : undefined;
          } catch {
            expected = undefined;
          }
          expect(absUrl(href, base)).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
    expect(absUrl('/pdf/2609.22268', bases[0] as URL)).toBe('https://arxiv.org/pdf/2609.22268');
    for (const href of [
      'https://arxiv.org/pdf/2512.03003v1',
      'http://export.arxiv.org/abs/2512.03003',
      'https://xn--p1ai.org/a',
      'https://a.xn--p1ai/a',
      'https://xn--a.org/a',
      'https://1.2.3.4/a',
      'https://0x7f.1/a',
      'https://a.1/b',
      'https://a-b.c-d/e/./f',
      'https://a.org/e/../f',
      'https://a.org/..',
      'https://a.org',
      ' https://a.org/b ',
    ]) {
      let expected: string | undefined;
      try {
        expected = new URL(href.trim(), bases[0]).href;
      } catch {
        expected = undefined;
      }
      expect(absUrl(href, bases[0] as URL)).toBe(expected);
    }
  });

  it('stripToggle equals removing /\\s*[△▽▲▼]\\s*(?:More|Less)\\s*$/u and trimming', () => {
    const parts = [' ', '\n', 'a', 'More', 'Less', '△', '▽', '▲', '▼', 'x y', '\u00a0'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 16 }), (p) => {
        const s = p.join('');
        expect(stripToggle(s)).toBe(s.replace(/\s*[△▽▲▼]\s*(?:More|Less)\s*$/u, '').trim());
      }),
      { numRuns: 3000 },
    );
  });

  it('textOf of an element without element children is its normalised textContent', () => {
    const doc = htmlDoc(
      '<div id="x">\n  Théo   <!-- note -->Andrieux\n</div><div id="y"><b>A</b>B<p>C</p></div>',
    );
    expect(textOf(doc.getElementById('x'))).toBe('Théo Andrieux');
    expect(textOf(doc.getElementById('y'))).toBe('AB C');
  });
});
