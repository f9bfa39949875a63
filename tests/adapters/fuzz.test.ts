/**
 * Property-based robustness: real pages with random elements deleted, duplicated, emptied or
 * stripped of attributes. Whatever happens, parse either returns a well-formed page or throws
 * LayoutNotRecognisedError — never another error, a duplicate id, an empty title, or a hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAdapter } from '../../entrypoints/papers.content/adapters';
import { LayoutNotRecognisedError } from '../../entrypoints/papers.content/adapters/types';
import { fixtureDoc, htmlDoc } from './helpers';

interface Case {
  fixture: string;
  url: string;
  /** Keep only this many elements matching `trim` (large pages: keeps each run fast). */
  trim?: [string, number];
}

const CASES: Case[] = [
  { fixture: 'arxiv-list-new-2026-excerpt-1.html', url: 'https://arxiv.org/list/cs.AI/new' },
  { fixture: 'arxiv-list-new-old-1.html', url: 'https://arxiv.org/list/cs/new', trim: ['dt', 12] },
  {
    fixture: 'arxiv-list-new-2026-1.html',
    url: 'https://arxiv.org/list/cond-mat.mtrl-sci/new',
    trim: ['dt', 12],
  },
  {
    fixture: 'arxiv-list-recent-constructed.html',
    url: 'https://arxiv.org/list/cond-mat.mtrl-sci/recent',
    trim: ['dt', 12],
  },
  {
    fixture: 'arxiv-search-1.html',
    url: 'https://arxiv.org/search/?query=distributed+systems&searchtype=abstract',
    trim: ['li.arxiv-result', 10],
  },
  { fixture: 'arxiv-abs-2021-1.html', url: 'https://arxiv.org/abs/2106.09608' },
  { fixture: 'arxiv-abs-2026-1.html', url: 'https://arxiv.org/abs/2609.22268' },
  { fixture: 'hf-papers-daily-1.html', url: 'https://huggingface.co/papers' },
  { fixture: 'hf-papers-trending-constructed.html', url: 'https://huggingface.co/papers/trending' },
  { fixture: 'hf-paper-single-constructed.html', url: 'https://huggingface.co/papers/2407.21783' },
  {
    fixture: 'openreview-group-constructed.html',
    url: 'https://openreview.net/group?id=ICLR.cc/2025/Conference',
  },
];

type Op = { kind: 'delete' | 'duplicate' | 'empty' | 'strip' | 'unwrap'; at: number };
const op: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('delete', 'duplicate', 'empty', 'strip', 'unwrap'),
  at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
});

function mutate(doc: Document, ops: Op[]): void {
  for (const { kind, at } of ops) {
    const all = Array.from(doc.body?.querySelectorAll('*') ?? []);
    const el = all[Math.floor(at * all.length)];
    if (!el) continue;
    if (kind === 'delete') el.remove();
    // Only small subtrees: duplicating <body>-sized ones repeatedly grows the page exponentially.
    else if (kind === 'duplicate') {
      if (el.getElementsByTagName('*').length <= 300) el.after(el.cloneNode(true));
    } else if (kind === 'empty') el.textContent = '';
    else if (kind === 'strip') for (const name of el.getAttributeNames()) el.removeAttribute(name);
    else el.replaceWith(...Array.from(el.childNodes));
  }
}

describe('adapters survive mutated real pages', () => {
  for (const c of CASES) {
    it(`${c.fixture}`, () => {
      const url = new URL(c.url);
      const adapter = findAdapter(url);
      expect(adapter).toBeDefined();
      if (!adapter) return;
      const base = fixtureDoc(c.fixture);
      if (c.trim) {
        for (const el of Array.from(base.querySelectorAll(c.trim[0])).slice(c.trim[1])) {
          if (el.tagName === 'DT' && el.nextElementSibling?.tagName === 'DD') el.nextElementSibling.remove();
          el.remove();
        }
      }
      // Sanity: the unmutated page parses.
      expect(adapter.parse(base, url).entries.length).toBeGreaterThan(0);
      const html = base.documentElement.outerHTML;
      let parsedRuns = 0;

      fc.assert(
        fc.property(fc.array(op, { minLength: 1, maxLength: 8 }), (ops) => {
          const doc = htmlDoc(html);
          mutate(doc, ops);
          let page: ReturnType<typeof adapter.parse>;
          try {
            page = adapter.parse(doc, url);
          } catch (e) {
            expect(e).toBeInstanceOf(LayoutNotRecognisedError);
            return;
          }
          parsedRuns++;
          const ids = page.entries.map((e) => e.paper.id);
          expect(new Set(ids).size).toBe(ids.length);
          for (const { paper } of page.entries) {
            expect(paper.title.trim()).not.toBe('');
            expect(paper.title).toBe(paper.title.replace(/\s+/g, ' ').trim());
            expect(paper.id).toMatch(/^(arxiv|openreview):\S+$/);
          }
          expect(Array.isArray(page.warnings)).toBe(true);
        }),
        { numRuns: 40, seed: 20261201 },
      );
      // A property that only ever sees thrown errors would test nothing.
      expect(parsedRuns).toBeGreaterThan(5);
    });
  }
});
