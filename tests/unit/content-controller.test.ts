import { describe, expect, it, vi } from 'vitest';
import type { ClassifierInput } from '../../classifier';
import type { ParsedPage } from '../../entrypoints/papers.content/adapters/types';
import {
  type ControllerDeps,
  firstAnswers,
  SidebarController,
} from '../../entrypoints/papers.content/controller';
import { HIDDEN_CLASS } from '../../entrypoints/papers.content/host-page';
import { fakeBackground, fakeClassify, hostListing, paper, TOPIC_OPTIONS } from './sidebar-fixtures';

const TITLES = [
  'Routing in a mixture of experts',
  'Crystal growth of perovskites',
  'Sparse autoencoders on residual streams',
  'Pruning an MoE',
  'Weather forecasting',
];

function setup(
  opts: {
    titleOnly?: boolean;
    bg?: ReturnType<typeof fakeBackground>;
    budgetMs?: number;
    classifyBatch?: ControllerDeps['classifyBatch'];
    listShownWaitMs?: number;
  } = {},
) {
  const papers = TITLES.map((title, i) => paper(i + 1, { title }));
  const { dl, entries } = hostListing(papers);
  const bg = opts.bg ?? fakeBackground();
  const classify = vi.fn(fakeClassify);
  let clock = 0;
  const yields = vi.fn(async () => {});
  const requestAbstracts = vi.fn(async () => ({
    cached: [{ id: 'arxiv:2609.00002', abstract: 'Pruning a mixture of experts.' }],
    queued: 4,
    total: 5,
  }));
  const c = new SidebarController({
    doc: document,
    send: bg.send,
    classify,
    classifyBatch: opts.classifyBatch,
    topics: TOPIC_OPTIONS,
    yieldToMain: yields,
    // Each classify call "costs" 1 ms of the fake clock.
    now: () => clock++,
    budgetMs: opts.budgetMs ?? 100,
    api: { requestAbstracts },
    // No sidebar here to say its list is shown (listShown): title-only pages ask at once.
    listShownWaitMs: opts.listShownWaitMs ?? 0,
  });
  const page: ParsedPage = {
    site: 'arxiv',
    kind: opts.titleOnly ? 'list-pastweek' : 'list-new',
    entries,
    warnings: [],
    titleOnly: opts.titleOnly ?? false,
  };
  return { c, dl, entries, page, bg, classify, yields, requestAbstracts };
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
};
const hiddenTitles = (dl: Element) =>
  [...dl.querySelectorAll(`dd.${HIDDEN_CLASS}`)].map((dd) => dd.textContent);

describe('SidebarController', () => {
  it('classifies every paper locally, in chunks that yield to the page', async () => {
    const { c, page, classify, yields } = setup({ budgetMs: 2 });
    c.load(page);
    await c.idle();
    expect(classify).toHaveBeenCalledTimes(5);
    expect(yields.mock.calls.length).toBeGreaterThanOrEqual(2); // 5 papers, ~2 per chunk
    expect(c.state.classified).toBe(5);
    expect(c.state.views.map((v) => v.topics)).toEqual([['moe'], [], ['sae'], ['moe', 'pruning'], []]);
  });

  it('with classifyBatch, papers are classified elsewhere and only the unanswered ones here', async () => {
    const asked: string[][] = [];
    const classifyBatch = vi.fn(async (inputs: ClassifierInput[]) => {
      asked.push(inputs.map((i) => i.title));
      return inputs.map((i) => fakeClassify(i));
    });
    const { c, page, classify } = setup({ classifyBatch });
    c.load(page);
    await c.idle();
    expect(asked).toEqual([TITLES]);
    expect(classify).not.toHaveBeenCalled();
    expect(c.state.classified).toBe(5);
    expect(c.state.views.map((v) => v.topics)).toEqual([['moe'], [], ['sae'], ['moe', 'pruning'], []]);
  });

  it('answers already in are applied together; later ones as each arrives', async () => {
    const papers = Array.from({ length: 700 }, (_, i) =>
      paper(i + 1, { title: `Mixture of experts ${i + 1}` }),
    );
    const { entries } = hostListing(papers);
    const page: ParsedPage = { site: 'arxiv', kind: 'list-new', entries, warnings: [], titleOnly: false };
    const run = async (
      answer: (inputs: ClassifierInput[], n: number) => Promise<ReturnType<typeof fakeClassify>[]>,
    ) => {
      let n = 0;
      const c = new SidebarController({
        doc: document,
        send: fakeBackground().send,
        classify: vi.fn(fakeClassify),
        classifyBatch: (inputs) => answer(inputs, n++),
        topics: TOPIC_OPTIONS,
        yieldToMain: () => new Promise((r) => setTimeout(r, 0)),
      });
      const steps: number[] = [];
      c.subscribe((st) => {
        if (st.classified !== steps[steps.length - 1]) steps.push(st.classified);
      });
      c.load(page);
      await c.idle();
      expect(c.state.views.every((v) => v.topics.includes('moe'))).toBe(true);
      return steps.filter((x) => x > 0);
    };
    // Three batches (250, 250, 200), all answered at once: one update.
    expect(await run(async (inputs) => inputs.map((i) => fakeClassify(i)))).toEqual([700]);
    // The second answer comes late: the first is applied without waiting for it.
    let release = () => {};
    const late = new Promise<void>((r) => {
      release = r;
    });
    const steps = run(async (inputs, n) => {
      if (n === 1) await late;
      return inputs.map((i) => fakeClassify(i));
    });
    await new Promise((r) => setTimeout(r, 50)); // the first answer has long been applied
    release();
    expect(await steps).toEqual([250, 700]);
  });

  it('a batch answered with another config, failed or missing is classified here instead', async () => {
    for (const answer of [
      async () => undefined,
      async () => {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
      async () => [], // not one result per text
    ]) {
      const { c, page, classify } = setup({ classifyBatch: vi.fn(answer) });
      c.load(page);
      await c.idle();
      expect(classify).toHaveBeenCalledTimes(5);
      expect(c.state.classified).toBe(5);
      expect(c.state.views.map((v) => v.topics)).toEqual([['moe'], [], ['sae'], ['moe', 'pruning'], []]);
    }
  });

  it('asks for saved state of exactly the page papers and the site filter, and applies both', async () => {
    const bg = fakeBackground({ 'settings.get': () => ({ filter: ['moe', 'no-such-topic'] }) });
    bg.saved.add('arxiv:2609.00003');
    const { c, dl, page } = setup({ bg });
    c.load(page);
    await c.idle();
    await flush();
    expect(bg.of('papers.state')[0]?.payload).toEqual({ ids: page.entries.map((e) => e.paper.id) });
    expect(bg.of('settings.get')[0]?.payload).toEqual({ site: 'arxiv' });
    expect(c.state.views.map((v) => v.saved)).toEqual([false, false, true, false, false]);
    expect(c.state.filter).toEqual(['moe']);
    expect(hiddenTitles(dl)).toEqual([TITLES[1], TITLES[2], TITLES[4]]);
  });

  it('a topic toggle hides host entries without that topic, remembers it per site, and undoes cleanly', async () => {
    const { c, dl, page, bg } = setup();
    c.load(page);
    await c.idle();
    await flush();
    const order = [...dl.children];
    c.toggleTopic('sae');
    expect(hiddenTitles(dl)).toEqual([TITLES[0], TITLES[1], TITLES[3], TITLES[4]]);
    c.toggleTopic('pruning'); // any of the chosen topics keeps an entry
    expect(hiddenTitles(dl)).toEqual([TITLES[0], TITLES[1], TITLES[4]]);
    expect(bg.of('settings.setFilter').map((m) => m.payload)).toEqual([
      { site: 'arxiv', filter: ['sae'] },
      { site: 'arxiv', filter: ['sae', 'pruning'] },
    ]);
    c.setFilter([]);
    expect(hiddenTitles(dl)).toEqual([]);
    expect([...dl.children]).toEqual(order);
  });

  it('"Hide triaged" hides saved and dismissed papers on the host page', async () => {
    const { c, dl, page } = setup();
    c.load(page);
    await c.idle();
    await flush();
    await c.toggleSave('arxiv:2609.00001');
    await c.toggleDismiss('arxiv:2609.00005');
    c.setHideTriaged(true);
    expect(hiddenTitles(dl)).toEqual([TITLES[0], TITLES[4]]);
    c.setHideTriaged(false);
    expect(hiddenTitles(dl)).toEqual([]);
  });

  it('saves with the shown topics, removes when saved, and reverts with a notice when the background fails', async () => {
    let fail = false;
    const bg = fakeBackground({
      'papers.save': () => {
        if (fail) throw new Error('disk full');
        return { ok: true };
      },
    });
    const { c, page } = setup({ bg });
    c.load(page);
    await c.idle();
    await c.toggleSave('arxiv:2609.00004');
    expect(bg.of('papers.save')[0]?.payload).toMatchObject({
      paper: { id: 'arxiv:2609.00004', title: TITLES[3] },
      topics: ['moe', 'pruning'],
    });
    expect(c.state.views[3]?.saved).toBe(true);
    await c.toggleSave('arxiv:2609.00004');
    expect(bg.of('papers.remove')[0]?.payload).toEqual({ id: 'arxiv:2609.00004' });
    expect(c.state.views[3]?.saved).toBe(false);

    fail = true;
    await c.toggleSave('arxiv:2609.00001');
    expect(c.state.views[0]?.saved).toBe(false);
    expect(c.state.notice).toMatch(/Could not save .*disk full/);
  });

  it('papers.changed from another tab re-queries only the ids on this page', async () => {
    const { c, page, bg } = setup();
    c.load(page);
    await c.idle();
    await flush();
    bg.saved.add('arxiv:2609.00002');
    c.handleMessage({ type: 'papers.changed', ids: ['arxiv:2609.00002', 'arxiv:2501.99999'] });
    await flush();
    expect(bg.of('papers.state').at(-1)?.payload).toEqual({ ids: ['arxiv:2609.00002'] });
    expect(c.state.views[1]?.saved).toBe(true);
    c.handleMessage({ type: 'papers.changed', ids: ['arxiv:2501.99999'] });
    await flush();
    expect(bg.of('papers.state')).toHaveLength(2); // not on this page: no request
  });

  it('corrections apply at once: "Not MoE" drops the chip, "Add topic" adds one, 0 undoes', async () => {
    const { c, page } = setup();
    c.load(page);
    await c.idle();
    c.correct('arxiv:2609.00001', 'moe', -1);
    expect(c.state.views[0]?.topics).toEqual([]);
    c.correct('arxiv:2609.00001', 'sparse_attention', 1);
    expect(c.state.views[0]?.topics).toEqual(['sparse_attention']);
    c.correct('arxiv:2609.00001', 'moe', 0);
    expect(c.state.views[0]?.topics).toEqual(['moe', 'sparse_attention']);
  });

  it('title-only pages ask for their abstracts once the sidebar shows every paper, or after the wait if it never says so', async () => {
    const { c, page, requestAbstracts } = setup({ titleOnly: true, listShownWaitMs: 60_000 });
    c.load(page);
    await new Promise((r) => setTimeout(r, 20));
    expect(c.state.classified).toBe(page.entries.length); // title chips are in
    expect(requestAbstracts).not.toHaveBeenCalled(); // the rows are still being made
    c.listShown();
    await c.idle();
    expect(requestAbstracts).toHaveBeenCalledTimes(1);

    const late = setup({ titleOnly: true, listShownWaitMs: 30 });
    late.c.load(late.page);
    await new Promise((r) => setTimeout(r, 10));
    expect(late.requestAbstracts).not.toHaveBeenCalled();
    await late.c.idle();
    expect(late.requestAbstracts).toHaveBeenCalledTimes(1);
  });

  it('title-only pages: title chips first, then abstracts from the background refine them', async () => {
    const { c, page, requestAbstracts, classify } = setup({ titleOnly: true });
    c.load(page);
    await c.idle();
    expect(requestAbstracts).toHaveBeenCalledTimes(1);
    expect(requestAbstracts.mock.calls[0]).toBeDefined();
    // The cached abstract came back with the answer and re-classified paper 2.
    expect(c.state.views[1]?.paper.abstract).toBe('Pruning a mixture of experts.');
    expect(c.state.views[1]?.topics).toEqual(['moe', 'pruning']);
    expect(c.state.abstracts).toEqual({ done: 1, total: 5, status: 'fetching' });

    c.handleMessage({ type: 'abstracts.progress', done: 3, total: 5, failed: 0, status: 'fetching' });
    expect(c.state.abstracts).toMatchObject({ done: 3, total: 5, status: 'fetching' });
    c.handleMessage({
      type: 'abstracts.result',
      papers: [{ id: 'arxiv:2609.00005', abstract: 'Sparse attention for weather models.' }],
    });
    await c.idle();
    expect(c.state.views[4]?.topics).toEqual(['sparse_attention']);
    expect(classify).toHaveBeenCalledTimes(7);
    c.handleMessage({
      type: 'abstracts.progress',
      done: 5,
      total: 5,
      failed: 0,
      status: 'offline',
      retryInMs: 5000,
    });
    expect(c.state.abstracts).toMatchObject({ status: 'offline', retryInMs: 5000 });
  });

  it('a re-parse with the same papers keeps the state; other papers start over', async () => {
    const { c, page } = setup();
    c.load(page);
    await c.idle();
    await c.toggleSave('arxiv:2609.00001');
    c.load({ ...page, warnings: ['Parsed 5 entries but the page says 6'] });
    expect(c.state.views[0]?.saved).toBe(true);
    expect(c.state.warnings).toEqual(['Parsed 5 entries but the page says 6']);
    c.load({ ...page, entries: page.entries.slice(0, 2) });
    expect(c.state.views).toHaveLength(2);
    expect(c.state.views[0]?.saved).toBe(false);
  });

  it('a layout that is not recognised is said in words, and the host page is left as it was', async () => {
    const { c, dl, page } = setup();
    c.load(page);
    await c.idle();
    c.toggleTopic('moe');
    c.showLayoutError('arxiv', 'list-new');
    expect(c.state.phase).toBe('layout-error');
    expect(c.state.layoutMessage).toBe("This page's layout is not recognised (arxiv, list-new)");
    expect(c.state.views).toEqual([]);
    expect(hiddenTitles(dl)).toEqual([]);
  });
});

describe('firstAnswers (the sidebar mounts with its first rows)', () => {
  it('resolves once papers are classified, at once when there is nothing to wait for, and else after its time', async () => {
    const { c } = setup();
    let done = false;
    const waiting = firstAnswers(c, 60_000).then(() => {
      done = true;
    });
    // Nothing loaded yet: the controller is inactive, so there is nothing to wait for.
    await waiting;
    expect(done).toBe(true);

    const { c: c2, page: page2 } = setup();
    c2.load(page2);
    const answered = firstAnswers(c2, 60_000);
    await flush();
    await answered;
    expect(c2.state.classified).toBeGreaterThan(0);

    // A classifier that never answers: the wait ends after its time.
    const { c: c3, page: page3 } = setup({ classifyBatch: () => new Promise(() => {}) });
    c3.load(page3);
    const t0 = Date.now();
    await firstAnswers(c3, 30);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    expect(c3.state.classified).toBe(0);
  });
});
