import { describe, expect, it } from 'vitest';
import {
  hfPapersKind,
  huggingfacePapers,
} from '../../entrypoints/papers.content/adapters/huggingface-papers';
import { LayoutNotRecognisedError, type ParsedPage } from '../../entrypoints/papers.content/adapters/types';
import { fixtureDoc, htmlDoc } from './helpers';

const DAILY = 'hf-papers-daily-1.html';
const DAILY_URL = new URL('https://huggingface.co/papers?date=2024-08-01');
const parse = (doc: Document, url: URL): ParsedPage => huggingfacePapers.parse(doc, url);

function cardIds(doc: Document): string[] {
  return Array.from(doc.querySelectorAll('article h3 a[href^="/papers/"]'), (a) =>
    (a.getAttribute('href') ?? '').replace('/papers/', ''),
  );
}

describe('huggingface-papers on the real daily page', () => {
  const doc = fixtureDoc(DAILY);
  const page = parse(doc, DAILY_URL);

  it('finds the 13 papers with abstracts from data-props, in card order', () => {
    expect(page.kind).toBe('daily');
    expect(page.entries).toHaveLength(13);
    expect(page.expectedCount).toBe(13);
    expect(page.warnings).toEqual([]);
    expect(page.titleOnly).toBe(false);
    expect(page.entries.map((e) => e.paper.id)).toEqual(cardIds(doc).map((id) => `arxiv:${id}`));
    for (const { paper, nodes } of page.entries) {
      expect(paper.abstract.length).toBeGreaterThan(100);
      expect(paper.abstract).not.toMatch(/\s{2}|\n/);
      expect(paper.authors.length).toBeGreaterThan(0);
      expect(paper.site).toBe('huggingface');
      expect(nodes).toHaveLength(1);
      // the card's own grid cell, which holds just the card
      expect(nodes[0]?.querySelectorAll('article')).toHaveLength(1);
    }
  });

  it('reads the first paper exactly', () => {
    const first = page.entries[0]?.paper;
    expect(first).toMatchObject({
      id: 'arxiv:2407.21783',
      title: 'The Llama 3 Herd of Models',
      url: 'https://arxiv.org/abs/2407.21783',
      pdfUrl: 'https://arxiv.org/pdf/2407.21783',
      published: '2024-07-31',
      sourceUrl: DAILY_URL.href,
    });
    expect(first?.authors).toHaveLength(533);
    expect(first?.authors.slice(0, 3)).toEqual(['Abhimanyu Dubey', 'Abhinav Jauhri', 'Abhinav Pandey']);
    expect(first?.abstract).toMatch(
      /^Modern artificial intelligence \(AI\) systems are powered by foundation models\./,
    );
  });

  it('keeps hidden-profile authors (they are still authors)', () => {
    const p = page.entries.find((e) => e.paper.id === 'arxiv:2407.21781')?.paper;
    expect(p?.authors).toEqual([
      'Qiayuan Liao',
      'Bike Zhang',
      'Xuanyu Huang',
      'Xiaoyu Huang',
      'Zhongyu Li',
      'Koushil Sreenath',
    ]);
  });

  it('falls back to the cards (titles only) when the JSON is absent', () => {
    const d = fixtureDoc(DAILY);
    d.querySelector('[data-target="DailyPapers"]')?.removeAttribute('data-props');
    const p = parse(d, DAILY_URL);
    expect(p.entries).toHaveLength(13);
    expect(p.titleOnly).toBe(true);
    expect(p.expectedCount).toBeUndefined();
    expect(p.entries[0]?.paper).toMatchObject({
      id: 'arxiv:2407.21783',
      title: 'The Llama 3 Herd of Models',
      abstract: '',
    });
  });

  it('ignores stale JSON left from a client-side navigation (no paper in common with the cards)', () => {
    const d = fixtureDoc(DAILY);
    const el = d.querySelector('[data-target="DailyPapers"]');
    const props = JSON.parse(el?.getAttribute('data-props') ?? '{}');
    for (const item of props.dailyPapers)
      item.paper.id = `2301.${String(props.dailyPapers.indexOf(item)).padStart(5, '0')}`;
    el?.setAttribute('data-props', JSON.stringify(props));
    const p = parse(d, new URL('https://huggingface.co/papers/date/2024-08-01'));
    expect(p.entries.map((e) => e.paper.id)).toEqual(cardIds(d).map((id) => `arxiv:${id}`));
    expect(p.titleOnly).toBe(true);
    expect(p.warnings).toEqual([expect.stringContaining('another page')]);
  });

  it('keeps JSON papers that have no card, and says so', () => {
    const d = fixtureDoc(DAILY);
    d.querySelectorAll('article')[12]?.parentElement?.remove();
    const p = parse(d, DAILY_URL);
    expect(p.entries).toHaveLength(13);
    expect(p.entries[12]?.nodes).toEqual([]);
    expect(p.warnings).toEqual([expect.stringContaining('1 of the page')]);
  });

  it('throws LayoutNotRecognisedError when neither cards nor data are there', () => {
    const d = fixtureDoc(DAILY);
    d.querySelector('[data-target="DailyPapers"]')?.removeAttribute('data-props');
    for (const a of Array.from(d.querySelectorAll('article'))) a.remove();
    expect(() => parse(d, DAILY_URL)).toThrow(LayoutNotRecognisedError);
  });
});

describe('huggingface-papers on constructed pages', () => {
  it('trending: other data-target and props key "papers"', () => {
    const p = parse(
      fixtureDoc('hf-papers-trending-constructed.html'),
      new URL('https://huggingface.co/papers/trending'),
    );
    expect(p.kind).toBe('trending');
    expect(p.entries).toHaveLength(8);
    expect(p.expectedCount).toBe(8);
    expect(p.warnings).toEqual([]);
    expect(p.entries.every((e) => e.paper.abstract !== '' && e.nodes.length === 1)).toBe(true);
    expect(p.entries[0]?.paper.id).toBe('arxiv:2407.21783');
  });

  it('search: DOM-only, title-only, and an empty search does not throw', () => {
    const url = new URL('https://huggingface.co/papers?q=video');
    const p = parse(fixtureDoc('hf-papers-search-constructed.html'), url);
    expect(p.kind).toBe('search');
    expect(p.entries.map((e) => e.paper.id)).toEqual(['arxiv:2407.21705', 'arxiv:2407.21475']);
    expect(p.titleOnly).toBe(true);
    expect(p.entries[1]?.paper.title).toBe('Fine-gained Zero-shot Video Sampling');
    const empty = fixtureDoc('hf-papers-search-constructed.html');
    for (const a of Array.from(empty.querySelectorAll('article'))) a.remove();
    expect(parse(empty, url).entries).toEqual([]);
  });

  it('single paper page: props {paper}', () => {
    const url = new URL('https://huggingface.co/papers/2407.21783');
    const p = parse(fixtureDoc('hf-paper-single-constructed.html'), url);
    expect(p.kind).toBe('paper');
    expect(p.entries).toHaveLength(1);
    expect(p.entries[0]?.paper).toMatchObject({
      id: 'arxiv:2407.21783',
      title: 'The Llama 3 Herd of Models',
    });
    expect(p.entries[0]?.paper.abstract).toMatch(/^Modern artificial intelligence/);
    expect(p.entries[0]?.nodes[0]?.tagName).toBe('SECTION');
  });

  it('single paper page without JSON: title from the heading', () => {
    const d = fixtureDoc('hf-paper-single-constructed.html');
    for (const el of Array.from(d.querySelectorAll('[data-props]'))) el.removeAttribute('data-props');
    const p = parse(d, new URL('https://huggingface.co/papers/2407.21783'));
    expect(p.entries[0]?.paper).toMatchObject({
      id: 'arxiv:2407.21783',
      title: 'The Llama 3 Herd of Models',
      abstract: '',
    });
    expect(() =>
      parse(htmlDoc('<main></main>'), new URL('https://huggingface.co/papers/2407.21783')),
    ).toThrow(LayoutNotRecognisedError);
  });
});

describe('hfPapersKind', () => {
  it.each([
    ['https://huggingface.co/papers', 'daily'],
    ['https://huggingface.co/papers?date=2024-08-01', 'daily'],
    ['https://huggingface.co/papers/date/2024-08-01', 'daily'],
    ['https://huggingface.co/papers/week/2026-W31', 'weekly'],
    ['https://huggingface.co/papers/month/2026-07', 'monthly'],
    ['https://huggingface.co/papers/trending', 'trending'],
    ['https://huggingface.co/papers?q=moe', 'search'],
    ['https://huggingface.co/papers/2407.21783', 'paper'],
    ['https://huggingface.co/papers/submit', null],
    ['https://huggingface.co/papers/2407.21783/discussion', null],
    ['https://huggingface.co/models', null],
  ])('%s -> %s', (href, kind) => {
    expect(hfPapersKind(new URL(href))).toBe(kind);
  });
});

describe('huggingface-papers: embedded data from another page', () => {
  it('ignores props whose date differs from the URL date, even before the cards render (no throw mid-navigation)', () => {
    const d = fixtureDoc(DAILY);
    for (const a of Array.from(d.querySelectorAll('article'))) a.remove();
    // props.date is 2024-08-01: right for that URL, wrong after navigating to 2024-07-31
    expect(parse(d, new URL('https://huggingface.co/papers/date/2024-08-01')).entries).toHaveLength(13);
    const next = parse(d, new URL('https://huggingface.co/papers/date/2024-07-31'));
    expect(next.entries).toEqual([]);
    expect(next.warnings).toEqual([expect.stringContaining('another page')]);
  });

  it('ignores props of another period (periodType)', () => {
    const d = fixtureDoc(DAILY);
    const el = d.querySelector('[data-target="DailyPapers"]');
    const props = JSON.parse(el?.getAttribute('data-props') ?? '{}');
    el?.setAttribute('data-props', JSON.stringify({ ...props, periodType: 'day' }));
    const week = parse(d, new URL('https://huggingface.co/papers/week/2024-W31'));
    expect(week.titleOnly).toBe(true);
    expect(week.entries).toHaveLength(13);
    expect(week.warnings).toEqual([expect.stringContaining('another page')]);
    expect(parse(d, DAILY_URL).titleOnly).toBe(false);
  });
});
