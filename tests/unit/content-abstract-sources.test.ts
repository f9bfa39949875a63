/** Title-only pages ask for arXiv and OpenReview abstracts, and the status names the API that is slow. */
import { describe, expect, it, vi } from 'vitest';
import type { ParsedPage } from '../../entrypoints/papers.content/adapters/types';
import { statusLines } from '../../entrypoints/papers.content/app';
import { SidebarController } from '../../entrypoints/papers.content/controller';
import { EMPTY_STATE, fetchableAbstracts } from '../../entrypoints/papers.content/view-model';
import { fakeBackground, fakeClassify, hostListing, paper, TOPIC_OPTIONS } from './sidebar-fixtures';

const orPaper = (forum: string) =>
  paper(1, {
    id: `openreview:${forum}`,
    url: `https://openreview.net/forum?id=${forum}`,
    site: 'openreview',
  });

describe('fetchableAbstracts', () => {
  it('keeps versionless arXiv ids and OpenReview forum ids, and names the APIs', () => {
    expect(fetchableAbstracts([orPaper('C8dHy1ZeR6'), orPaper('x')])).toEqual({
      ids: ['openreview:C8dHy1ZeR6'],
      sources: ['OpenReview'],
    });
    expect(fetchableAbstracts([paper(1), orPaper('AbCdE_12-z')])).toEqual({
      ids: ['arxiv:2609.00001', 'openreview:AbCdE_12-z'],
      sources: ['arXiv', 'OpenReview'],
    });
    expect(fetchableAbstracts([paper(1, { id: 'arxiv:2609.00001v2' })])).toEqual({ ids: [], sources: [] });
  });
});

describe('rate-limited status', () => {
  const base = { ...EMPTY_STATE, phase: 'ready' as const, titleOnly: true };
  it('names OpenReview on an OpenReview page and arXiv on an arXiv page', () => {
    const a = { done: 3, total: 40, status: 'rate-limited', retryInMs: 8_000 };
    expect(statusLines({ ...base, abstracts: { ...a, sources: ['OpenReview'] } })).toEqual([
      'Fetching abstracts 3/40 · OpenReview asked to slow down, retrying in 8 s',
    ]);
    expect(statusLines({ ...base, abstracts: { ...a, sources: ['arXiv'] } })).toEqual([
      'Fetching abstracts 3/40 · arXiv asked to slow down, retrying in 8 s',
    ]);
  });

  it('the controller keeps the sources the request named through later progress events', async () => {
    const papers = ['C8dHy1ZeR6', 'Zz9Yy8Xx7W'].map(orPaper).map((p, i) => ({ ...p, title: `T${i}` }));
    const { entries } = hostListing(papers);
    const requestAbstracts = vi.fn(async () => ({
      cached: [],
      queued: 2,
      total: 2,
      sources: ['OpenReview' as const],
    }));
    const c = new SidebarController({
      doc: document,
      send: fakeBackground().send,
      classify: fakeClassify,
      topics: TOPIC_OPTIONS,
      yieldToMain: async () => {},
      api: { requestAbstracts },
      listShownWaitMs: 0, // no sidebar here to say its list is shown
    });
    const page: ParsedPage = { site: 'openreview', kind: 'group', entries, warnings: [], titleOnly: true };
    c.load(page);
    await c.idle();
    c.handleMessage({
      type: 'abstracts.progress',
      done: 0,
      total: 2,
      failed: 0,
      status: 'rate-limited',
      retryInMs: 5_000,
    });
    expect(statusLines(c.state)).toContain(
      'Fetching abstracts 0/2 · OpenReview asked to slow down, retrying in 5 s',
    );
  });
});
