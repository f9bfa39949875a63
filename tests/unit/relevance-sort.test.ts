/**
 * Sort by relevance to the user's topics and reading list (issue 3): the background scores page
 * papers against the saved (non-dismissed) papers and caches the index until a write; the sidebar
 * combines those scores with topic scores.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as relevanceModule from '../../classifier/relevance';
import { statusLines } from '../../entrypoints/papers.content/app';
import { SidebarController } from '../../entrypoints/papers.content/controller';
import { EMPTY_STATE, orderedViews, type PaperView } from '../../entrypoints/papers.content/view-model';
import type { Result } from '../../lib/protocol';
import type { Paper } from '../../lib/types';
import { dismissPaper, savePaper } from '../../storage/papers';
import { backgroundHarness, contentScriptAt } from './background-harness';
import { fakeBackground, fakeClassify, hostListing, paper, TOPIC_OPTIONS } from './sidebar-fixtures';

afterEach(() => {
  vi.restoreAllMocks();
});

function setup() {
  const { db, attempt: send } = backgroundHarness({ now: 1, sender: contentScriptAt(undefined, 2) });
  const scores = async (papers: { id: string; title: string; abstract: string }[]) => {
    const r = (await send('papers.relevance', { papers })) as Result<{ scores: Record<string, number> }>;
    if (!r.ok) throw new Error(r.error);
    return r.value.scores;
  };
  return { db, send, scores };
}

const saved = (n: number, title: string, abstract: string): Paper => ({
  id: `arxiv:2609.${String(40000 + n)}`,
  title,
  abstract,
  authors: [],
  url: `https://arxiv.org/abs/2609.${String(40000 + n)}`,
  site: 'arxiv',
});

const PAGE = [
  { id: 'arxiv:2610.00001', title: 'Protein folding with diffusion', abstract: 'We fold proteins.' },
  {
    id: 'arxiv:2610.00002',
    title: 'Speculative decoding for faster inference',
    abstract: 'Draft models propose tokens that a target model verifies, speeding up decoding.',
  },
];

describe('papers.relevance (background)', () => {
  it('scores page papers by similarity to saved papers, ignoring dismissed ones; empty list = 0', async () => {
    const { db, scores } = setup();
    expect(await scores(PAGE)).toEqual({ [PAGE[0]?.id ?? '']: 0, [PAGE[1]?.id ?? '']: 0 });
    await dismissPaper(
      db,
      saved(1, 'Protein folding with diffusion models', 'We fold proteins with diffusion.'),
    );
    expect((await scores(PAGE))[PAGE[0]?.id ?? '']).toBe(0);
    await savePaper(
      db,
      saved(2, 'Faster speculative decoding', 'Draft models propose tokens; the target model verifies them.'),
      [],
    );
    const s = await scores(PAGE);
    expect(s[PAGE[1]?.id ?? '']).toBeGreaterThan(0.2);
    expect(s[PAGE[1]?.id ?? '']).toBeGreaterThan(s[PAGE[0]?.id ?? ''] ?? 1);
  });

  it('caches the index between requests and rebuilds it after a write', async () => {
    const { send, scores } = setup();
    const build = vi.spyOn(relevanceModule, 'buildReadingListIndex');
    await scores(PAGE);
    await scores(PAGE);
    expect(build).toHaveBeenCalledTimes(1);
    await send('papers.save', { paper: saved(3, 'Speculative decoding', 'Draft and verify.'), topics: [] });
    await scores(PAGE);
    expect(build).toHaveBeenCalledTimes(2);
  });

  it('validates the request: at most 5000 papers, each with an id and text', async () => {
    const { send } = setup();
    const many = Array.from({ length: 5001 }, (_, i) => ({
      id: `arxiv:2610.${String(i).padStart(5, '0')}`,
      title: 't',
      abstract: '',
    }));
    expect((await send('papers.relevance', { papers: many })).ok).toBe(false);
    expect((await send('papers.relevance', { papers: [{ id: 'x', title: 't', abstract: '' }] })).ok).toBe(
      false,
    );
  });
});

describe('Relevance sort in the sidebar', () => {
  const view = (i: number, over: Partial<PaperView> = {}): PaperView => ({
    index: i,
    paper: paper(i + 1),
    topics: [],
    saved: false,
    dismissed: false,
    ...over,
  });

  it('reading-list similarity orders papers within the same topic band; a chip still comes first', () => {
    const views = [view(0), view(1), view(2, { topics: ['moe'] })];
    const readingList = new Map([
      [views[1]?.paper.id ?? '', 0.8],
      [views[0]?.paper.id ?? '', 0.1],
    ]);
    const state = { ...EMPTY_STATE, phase: 'ready' as const, views, sort: 'relevance' as const, readingList };
    expect(orderedViews(state).map((v) => v.index)).toEqual([2, 1, 0]);
    expect(orderedViews({ ...state, readingList: undefined }).map((v) => v.index)).toEqual([2, 0, 1]);
    expect(statusLines({ ...state, classified: 3 })).toContain(
      'Sorted by relevance to your topics and reading list',
    );
  });

  it('the controller asks the background for the page papers when Relevance is chosen', async () => {
    const papers = [1, 2, 3].map((i) => paper(i, { title: `Paper ${i}`, abstract: `Abstract ${i}` }));
    const { entries } = hostListing(papers);
    const bg = fakeBackground({
      'papers.relevance': ({ papers: ps }) => ({
        scores: Object.fromEntries(ps.map((p, i) => [p.id, i === 2 ? 0.9 : 0])),
      }),
    });
    const c = new SidebarController({
      doc: document,
      send: bg.send,
      classify: fakeClassify,
      topics: TOPIC_OPTIONS,
      yieldToMain: async () => {},
    });
    c.load({ site: 'arxiv', kind: 'list-new', entries, warnings: [], titleOnly: false });
    await c.idle();
    expect(bg.of('papers.relevance')).toHaveLength(0);
    c.setSort('relevance');
    await new Promise((r) => setTimeout(r, 0));
    expect(bg.of('papers.relevance')[0]?.payload).toEqual({
      papers: papers.map((p) => ({ id: p.id, title: p.title, abstract: p.abstract })),
    });
    expect(orderedViews(c.state)[0]?.paper.id).toBe(papers[2]?.id);
  });
});
