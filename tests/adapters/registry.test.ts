import { describe, expect, it } from 'vitest';
import { ADAPTERS, findAdapter } from '../../entrypoints/papers.content/adapters';

/** Pages on supported hosts that PaperSift does not handle, and other sites. */
const UNSUPPORTED = [
  'https://arxiv.org/',
  'https://arxiv.org/help',
  'https://arxiv.org/help/api/user-manual',
  'https://arxiv.org/pdf/2401.01234',
  'https://arxiv.org/html/2401.01234v1',
  'https://arxiv.org/list/cs.LG',
  'https://arxiv.org/archive/cs',
  'https://export.arxiv.org/api/query?id_list=2401.01234',
  'https://huggingface.co/',
  'https://huggingface.co/models',
  'https://huggingface.co/papers/submit',
  'https://huggingface.co/api/daily_papers',
  'https://openreview.net/',
  'https://openreview.net/profile?id=~Someone1',
  'https://api2.openreview.net/notes?forum=abc',
  'https://example.org/list/cs.LG/new',
  'https://scholar.google.com/scholar?q=moe',
];

describe('adapter registry', () => {
  it('has unique ids, each with examples', () => {
    const ids = ADAPTERS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of ADAPTERS) expect(a.examples.length).toBeGreaterThan(0);
  });

  for (const adapter of ADAPTERS) {
    describe(adapter.id, () => {
      it.each(adapter.examples.map((u) => [u]))('matches its own example %s', (href) => {
        expect(adapter.matches(new URL(href))).toBe(true);
        expect(findAdapter(new URL(href))?.id).toBe(adapter.id);
      });

      const others = ADAPTERS.filter((a) => a !== adapter).flatMap((a) => a.examples);
      if (others.length > 0) {
        it.each(others.map((u) => [u]))("does not match another adapter's example %s", (href) => {
          expect(adapter.matches(new URL(href))).toBe(false);
        });
      }
    });
  }

  it.each(UNSUPPORTED.map((u) => [u]))('no adapter matches %s', (href) => {
    expect(findAdapter(new URL(href))).toBeUndefined();
  });
});
