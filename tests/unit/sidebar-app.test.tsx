import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App, ROWS_PER_TASK, statusLines } from '../../entrypoints/papers.content/app';
import { SidebarController } from '../../entrypoints/papers.content/controller';
import { EMPTY_STATE, type SidebarState } from '../../entrypoints/papers.content/view-model';
import {
  buttonNamed,
  fakeBackground,
  fakeClassify,
  hostListing,
  nameOf,
  paper,
  TOPIC_OPTIONS,
} from './sidebar-fixtures';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
});
afterEach(async () => {
  await act(() => render(null, root));
  root.remove();
});

async function waitFor(check: () => void, timeout = 10_000) {
  const t0 = Date.now();
  for (;;) {
    try {
      check();
      return;
    } catch (e) {
      if (Date.now() - t0 > timeout) throw e;
      await act(() => new Promise((r) => setTimeout(r, 10)));
    }
  }
}

async function mount(
  n: number,
  titles: (i: number) => string = (i) => `Paper ${i}`,
  initialCollapsed = false,
) {
  const papers = Array.from({ length: n }, (_, i) => paper(i + 1, { title: titles(i + 1) }));
  const { entries, dl } = hostListing(papers);
  document.body.append(root);
  const bg = fakeBackground();
  const controller = new SidebarController({
    doc: document,
    send: bg.send,
    classify: fakeClassify,
    topics: TOPIC_OPTIONS,
    yieldToMain: () => new Promise((r) => setTimeout(r, 0)),
  });
  const openUrl = vi.fn();
  const openReadingList = vi.fn();
  controller.load({ site: 'arxiv', kind: 'list-new', entries, warnings: [], titleOnly: false });
  await act(() =>
    render(
      <App
        controller={controller}
        openUrl={openUrl}
        openReadingList={openReadingList}
        initialCollapsed={initialCollapsed}
      />,
      root,
    ),
  );
  return { controller, bg, openUrl, openReadingList, dl };
}

/** Rows of the list on show (while a filter is on, the full list is hidden and a filtered one shown). */
const items = () => [...root.querySelectorAll<HTMLLIElement>('ul.list:not([hidden]) li[data-id]')];
const shownItems = () => items().filter((li) => !li.hidden);
const key = (target: Element, k: string) =>
  act(() => {
    target.dispatchEvent(
      new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, composed: true }),
    );
  });

describe('sidebar container', () => {
  it('renders one listitem per paper, in batches, with the topic counts as filter names', async () => {
    const n = 600;
    await mount(n, (i) => (i % 4 === 0 ? `Mixture of experts ${i}` : `Other ${i}`));
    expect(items().length).toBeLessThanOrEqual(ROWS_PER_TASK);
    // The list says it is still being filled until its last row is in (screen readers wait):
    // every time the list changes, it is either aria-busy or complete.
    const list = () => root.querySelector('ul.list:not([hidden])');
    expect(list()?.getAttribute('aria-busy')).toBe('true');
    const idleWith: number[] = [];
    const watch = new MutationObserver(() => {
      if (!list()?.hasAttribute('aria-busy')) idleWith.push(items().length);
    });
    watch.observe(root, { subtree: true, childList: true, attributes: true });
    await waitFor(() => expect(items()).toHaveLength(n));
    await waitFor(() => expect(list()?.hasAttribute('aria-busy')).toBe(false));
    watch.disconnect();
    expect(idleWith.length).toBeGreaterThan(0);
    expect(idleWith.every((c) => c === n)).toBe(true);
    await waitFor(() => expect(nameOf(buttonNamed(root, /^MoE/)[0] as Element)).toBe(`MoE (${n / 4})`));
    expect(root.querySelector('.count')?.textContent).toBe(`${n} papers`);
  });

  it('a long page with a filter already on lists every paper, and the matching ones in the filtered list', async () => {
    const n = 600;
    const { controller } = await mount(n, (i) => (i % 3 === 0 ? `Pruning ${i}` : `Other ${i}`));
    await act(() => controller.toggleTopic('pruning'));
    const all = () => root.querySelectorAll('ul.list[hidden] li[data-id]');
    await waitFor(() => expect(all()).toHaveLength(n));
    await waitFor(() => expect(shownItems()).toHaveLength(n / 3));
    expect(shownItems().every((li) => li.querySelector('.title')?.textContent?.startsWith('Pruning'))).toBe(
      true,
    );
    await waitFor(() =>
      expect(root.querySelector('ul.list:not([hidden])')?.hasAttribute('aria-busy')).toBe(false),
    );
  });

  it('collapsing keeps the list as it is, out of sight and out of the keyboard, and opening shows the same rows', async () => {
    const { bg } = await mount(120);
    await waitFor(() => expect(items()).toHaveLength(120));
    const before = items();
    await act(() => buttonNamed(root, /^Collapse PaperSift/)[0]?.click());
    const panel = root.querySelector<HTMLElement>('.panel');
    expect(panel?.hidden).toBe(true);
    expect(buttonNamed(root, /^Open PaperSift/)).toHaveLength(1);
    // Triage keys do nothing while collapsed (the roving row is hidden).
    const saves = bg.of('papers.save').length;
    await key(buttonNamed(root, /^Open PaperSift/)[0] as Element, 's');
    await act(() => new Promise((r) => setTimeout(r, 10)));
    expect(bg.of('papers.save')).toHaveLength(saves);
    await act(() => buttonNamed(root, /^Open PaperSift/)[0]?.click());
    expect(root.querySelector<HTMLElement>('.panel')?.hidden).toBe(false);
    const after = items();
    expect(after).toHaveLength(120);
    expect(after.every((li, i) => li === before[i])).toBe(true);
  });

  it('a sidebar that starts collapsed lists nothing until opened, then every paper', async () => {
    const { controller } = await mount(300, undefined, true);
    await waitFor(() => expect(controller.state.classified).toBe(300));
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(root.querySelector('.panel')).toBeNull();
    await act(() => buttonNamed(root, /^Open PaperSift/)[0]?.click());
    await waitFor(() => expect(items()).toHaveLength(300));
  });

  it('filtering hides the same papers in the list as on the host page', async () => {
    const { dl } = await mount(8, (i) => (i % 2 ? `Pruning ${i}` : `Other ${i}`));
    await waitFor(() => expect(items()).toHaveLength(8));
    await act(() => buttonNamed(root, /^Pruning \(4\)/)[0]?.click());
    const shown = shownItems();
    expect(shown.map((li) => li.querySelector('.title')?.textContent)).toEqual([
      'Pruning 1',
      'Pruning 3',
      'Pruning 5',
      'Pruning 7',
    ]);
    expect(dl.querySelectorAll('dd.papersift-hidden')).toHaveLength(4);
    expect(root.querySelector('.count')?.textContent).toBe('4 of 8 papers');
  });

  it('keyboard triage: j/k move a roving focus, s saves, x dismisses, o opens, Enter toggles the abstract', async () => {
    const { bg, openUrl } = await mount(5);
    await waitFor(() => expect(items()).toHaveLength(5));
    // Rows are re-rendered when the user gets to them (RowBlock): look them up each time.
    const row = (i: number) => items()[i] as HTMLLIElement;
    const focusedId = () => (document.activeElement as HTMLElement | null)?.dataset.id;
    expect(items().map((li) => li.tabIndex)).toEqual([0, -1, -1, -1, -1]);
    await act(() => row(0).focus());
    expect(focusedId()).toBe('arxiv:2609.00001'); // still focused after its block re-rendered
    await key(document.activeElement as Element, 'j');
    await key(document.activeElement as Element, 'j');
    expect(document.activeElement).toBe(row(2));
    expect(items().map((li) => li.tabIndex)).toEqual([-1, -1, 0, -1, -1]);
    await key(row(2), 'k');
    expect(document.activeElement).toBe(row(1));

    await key(row(1), 's');
    await waitFor(() => expect(bg.of('papers.save')).toHaveLength(1));
    expect(bg.of('papers.save')[0]?.payload).toMatchObject({ paper: { id: 'arxiv:2609.00002' } });
    await waitFor(() => expect(buttonNamed(row(1), /^Saved: Paper 2$/)).toHaveLength(1));

    await key(row(1), 'x');
    expect(row(1).classList.contains('dismissed')).toBe(true);

    await key(row(1), 'o');
    expect(openUrl).toHaveBeenCalledWith('https://arxiv.org/abs/2609.00002');

    await key(row(1), 'Enter');
    expect(row(1).querySelector('.abstract')).not.toBeNull();
    await key(row(1), ' ');
    expect(row(1).querySelector('.abstract')).toBeNull();
    expect(focusedId()).toBe('arxiv:2609.00002');
  });

  it('/ focuses the search box (which filters the list), Escape leaves it, ? opens the help', async () => {
    await mount(3, (i) => ['Alpha', 'Beta', 'Gamma'][i - 1] ?? '');
    await waitFor(() => expect(items()).toHaveLength(3));
    await key(items()[0] as Element, '/');
    const search = root.querySelector('input[type="search"]') as HTMLInputElement;
    expect(document.activeElement).toBe(search);
    await act(() => {
      search.value = 'bet';
      search.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(shownItems().map((li) => li.querySelector('.title')?.textContent)).toEqual(['Beta']);
    await key(search, 'j'); // typing in the box is not a shortcut
    expect(document.activeElement).toBe(search);
    await key(search, 'Escape');
    expect(document.activeElement).not.toBe(search);

    await key(items()[0] as Element, '?');
    const dialog = root.querySelector('[role="dialog"]');
    expect(dialog?.getAttribute('aria-label')).toBe('Keyboard shortcuts');
    expect(dialog?.textContent).toContain('Next paper');
    expect(root.querySelectorAll('[role="dialog"] li')).toHaveLength(0); // the help is a table, not more listitems
    await key(dialog as Element, 'Escape');
    expect(root.querySelector('[role="dialog"]')).toBeNull();
  });

  it('row buttons work through the list: Save, "Not <topic>", "Add topic…", Dismiss, Abstract', async () => {
    const { bg, controller } = await mount(3, (i) => `Mixture of experts ${i}`);
    await waitFor(() => expect(items()).toHaveLength(3));
    // Rows are re-rendered when the user gets to them (RowBlock): look the row up each time.
    const li = () => items()[1] as HTMLLIElement;
    await act(() => buttonNamed(li(), /^Save /)[0]?.click());
    await waitFor(() => expect(bg.of('papers.save')).toHaveLength(1));
    expect(buttonNamed(li(), /^Saved: /)[0]?.getAttribute('aria-pressed')).toBe('true');

    // Hovering the row brings its full controls.
    expect(buttonNamed(li(), /^Not MoE$/)).toHaveLength(0);
    await act(() => {
      li().dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    });
    await act(() => buttonNamed(li(), /^Not MoE$/)[0]?.click());
    expect(controller.state.views[1]?.topics).toEqual([]);
    expect(li().querySelectorAll('.chip')).toHaveLength(0);

    await act(() => buttonNamed(li(), /^Add topic…/)[0]?.click());
    await act(() => buttonNamed(li(), /^Add SAE$/)[0]?.click());
    expect(controller.state.views[1]?.topics).toEqual(['sae']);
    expect([...li().querySelectorAll('.chip-label')].map((c) => c.textContent)).toEqual(['SAE']);
    expect(buttonNamed(li(), /^Add SAE$/)).toHaveLength(0); // menu closed

    await act(() => buttonNamed(li(), /^Dismiss /)[0]?.click());
    expect(li().classList.contains('dismissed')).toBe(true);
    await act(() => buttonNamed(li(), /^Abstract of /)[0]?.click());
    expect(li().querySelector('.abstract')).not.toBeNull();
  });

  it('the reading-list button asks the background to open it', async () => {
    const { openReadingList } = await mount(1);
    await act(() => buttonNamed(root, /^Reading list$/)[0]?.click());
    expect(openReadingList).toHaveBeenCalled();
  });

  /** Five papers classified one per chunk, each chunk released by `nextChunk()`. */
  async function mountChunked(progressEveryMs: number) {
    const papers = Array.from({ length: 5 }, (_, i) => paper(i + 1));
    const { entries } = hostListing(papers);
    document.body.append(root);
    const turns: (() => void)[] = [];
    const controller = new SidebarController({
      doc: document,
      send: fakeBackground().send,
      classify: fakeClassify,
      topics: TOPIC_OPTIONS,
      budgetMs: 0, // one paper per chunk
      yieldToMain: () => new Promise<void>((r) => turns.push(r)),
    });
    controller.load({ site: 'arxiv', kind: 'list-new', entries, warnings: [], titleOnly: false });
    await act(() =>
      render(
        <App
          controller={controller}
          openUrl={vi.fn()}
          openReadingList={vi.fn()}
          progressEveryMs={progressEveryMs}
        />,
        root,
      ),
    );
    const classifying = () =>
      /Classifying (\d)\/5/.exec(root.querySelector('[role="status"]')?.textContent ?? '')?.[1];
    const nextChunk = async () => {
      await waitFor(() => expect(turns.length).toBeGreaterThan(0));
      await act(async () => {
        turns.shift()?.();
        await new Promise((r) => setTimeout(r, 0));
      });
    };
    return { controller, classifying, nextChunk };
  }

  it('while a page is classified it does not render every chunk, and renders the last one at once', async () => {
    const { controller, classifying, nextChunk } = await mountChunked(60_000);
    expect(classifying()).toBe('0');
    await nextChunk(); // the yield before the first chunk, then chunk 1
    await nextChunk();
    await nextChunk();
    expect(controller.state.classified).toBe(3);
    expect(classifying()).toBe('0'); // three chunks, no render
    await nextChunk();
    await nextChunk(); // the last chunk: shown without waiting
    expect(controller.state.classified).toBe(5);
    expect(classifying()).toBeUndefined();
    expect(items()).toHaveLength(5);
  });

  it('while a page is classified it shows the progress every progressEveryMs', async () => {
    const { controller, classifying, nextChunk } = await mountChunked(20);
    await nextChunk();
    await nextChunk();
    await nextChunk();
    expect(controller.state.classified).toBe(3);
    await waitFor(() => expect(classifying()).toBe('3'));
  });

  it('on a long page every row has its title, authors, chips and Save, and the rows the user is not on are plain markup', async () => {
    const n = 180; // several blocks past the first ones shown
    await mount(n, (i) => (i % 2 === 0 ? `Mixture of experts ${i}` : `Other ${i} <b>&amp; "quoted"</b>`));
    await waitFor(() => expect(items()).toHaveLength(n));
    const last = items()[n - 1] as HTMLLIElement;
    expect(last.querySelector('.title')?.textContent).toBe(`Mixture of experts ${n}`);
    expect(last.querySelector('.title')?.getAttribute('href')).toBe(
      `https://arxiv.org/abs/2609.${String(n).padStart(5, '0')}`,
    );
    expect(last.querySelector('.authors')?.textContent).toBe('Ada Lovelace, Alan Turing');
    expect(last.querySelector('[data-topic="moe"]')?.textContent).toBe('MoE');
    expect(buttonNamed(last, /^Save Mixture of experts/)).toHaveLength(1);
    expect(buttonNamed(root, /^Save /)).toHaveLength(n);
    // Markup in a title is text, never elements (rows at rest are set as one string per block).
    const odd = items()[n - 2] as HTMLLIElement;
    expect(odd.querySelector('.title')?.textContent).toBe(`Other ${n - 1} <b>&amp; "quoted"</b>`);
    expect(odd.querySelector('b')).toBeNull();
    expect(buttonNamed(odd, /^Save Other/)[0]?.getAttribute('aria-label')).toBe(
      `Save Other ${n - 1} <b>&amp; "quoted"</b>`,
    );
    // The list's only listitems are the papers; rows come in blocks that are not items.
    const blocks = root.querySelectorAll('ul.list > li');
    expect(blocks.length).toBeGreaterThan(1);
    for (const b of blocks) expect(b.getAttribute('role')).toBe('none');
    expect(root.querySelectorAll('[role="listitem"]')).toHaveLength(n);
  });

  it('a row under the pointer renders its full controls at once, and the rest of the list stays as it was', async () => {
    const n = ROWS_PER_TASK * 6;
    await mount(n);
    await waitFor(() => expect(items()).toHaveLength(n));
    const first = items()[0] as HTMLLIElement;
    const target = items()[n - 1] as HTMLLIElement;
    const id = target.dataset.id as string;
    const save = buttonNamed(target, /^Save /)[0];
    expect(buttonNamed(target, /^Dismiss /)).toHaveLength(0);
    await act(() => {
      target.dispatchEvent(new MouseEvent('mouseover', { bubbles: true, composed: true }));
    });
    const row = items().find((li) => li.dataset.id === id) as HTMLLIElement;
    // The same elements, filled in: nothing under the pointer is replaced (a click in flight lands).
    expect(row).toBe(target);
    expect(buttonNamed(row, /^Save /)[0]).toBe(save);
    expect(row.classList.contains('engaged')).toBe(true);
    expect(buttonNamed(row, /^Dismiss /)).toHaveLength(1);
    expect(buttonNamed(row, /^Save /)).toHaveLength(1);
    expect(row.closest('.blk')?.classList.contains('live')).toBe(true);
    // Blocks the pointer is not on are not re-rendered.
    expect(items()[0]).toBe(first);
    expect(first.closest('.blk')?.classList.contains('live')).toBe(false);
  });

  it('a row that changes while nobody is on it keeps its elements (saved from the keyboard elsewhere, new chips)', async () => {
    const { controller } = await mount(120);
    await waitFor(() => expect(items()).toHaveLength(120));
    const li = items()[90] as HTMLLIElement;
    const save = buttonNamed(li, /^Save /)[0];
    await act(() => controller.toggleSave(li.dataset.id as string));
    await waitFor(() => expect(buttonNamed(li, /^Saved: /)).toHaveLength(1));
    expect(items()[90]).toBe(li);
    expect(buttonNamed(li, /^Saved: /)[0]).toBe(save);
    expect(li.classList.contains('saved')).toBe(true);
  });

  it('focus stays where it is when the block of the focused row turns into components (Tab to Save)', async () => {
    await mount(120);
    await waitFor(() => expect(items()).toHaveLength(120));
    const id = (items()[70] as HTMLLIElement).dataset.id;
    const save = buttonNamed(items()[70] as HTMLLIElement, /^Save /)[0] as HTMLElement;
    await act(() => save.focus());
    const active = document.activeElement as HTMLElement;
    expect(active).toBe(save);
    expect(active.isConnected).toBe(true);
    expect(active.dataset.act).toBe('save');
    expect(active.closest<HTMLElement>('li[data-id]')?.dataset.id).toBe(id);
    expect(active.closest('.blk')?.classList.contains('live')).toBe(true);
  });
});

describe('statusLines', () => {
  const views = Array.from({ length: 2000 }, (_, i) => ({
    index: i,
    paper: paper(i),
    topics: [],
    saved: false,
    dismissed: false,
  }));
  const base: SidebarState = { ...EMPTY_STATE, phase: 'ready', views, classified: 2000, titleOnly: true };

  it('says what is going on: classifying, fetching abstracts with progress, waiting, offline, partial', () => {
    expect(statusLines({ ...base, classified: 400, titleOnly: false })).toEqual(['Classifying 400/2000']);
    expect(statusLines(base)).toEqual(['Titles only on this page']);
    expect(statusLines({ ...base, abstracts: { done: 400, total: 2000, status: 'fetching' } })).toEqual([
      'Fetching abstracts 400/2000',
    ]);
    expect(
      statusLines({ ...base, abstracts: { done: 0, total: 2000, status: 'fetching', retryInMs: 10_400 } }),
    ).toEqual(['Fetching abstracts 0/2000 · retrying in 11 s']);
    expect(statusLines({ ...base, abstracts: { done: 100, total: 2000, status: 'offline' } })).toEqual([
      'Offline · abstracts 100/2000; chips use titles until you are back online',
    ]);
    expect(
      statusLines({ ...base, abstracts: { done: 2000, total: 2000, status: 'done', failed: 3 } }),
    ).toEqual(['Abstracts: 1997 of 2000 fetched; the rest use titles only']);
    expect(statusLines({ ...base, abstracts: { done: 2000, total: 2000, status: 'done' } })).toEqual([]);
  });
});

describe('title-only pages in the sidebar', () => {
  it('ask for their abstracts once every paper is in the list, not while its rows are made', async () => {
    const papers = Array.from({ length: 3 * ROWS_PER_TASK }, (_, i) => paper(i + 1, { abstract: '' }));
    const { entries } = hostListing(papers);
    document.body.append(root);
    const requestAbstracts = vi.fn(async () => ({ cached: [], queued: papers.length, total: papers.length }));
    const controller = new SidebarController({
      doc: document,
      send: fakeBackground().send,
      classify: fakeClassify,
      topics: TOPIC_OPTIONS,
      yieldToMain: () => new Promise((r) => setTimeout(r, 0)),
      api: { requestAbstracts },
      listShownWaitMs: 60_000,
    });
    const shownWhenAsked: number[] = [];
    requestAbstracts.mockImplementation(async () => {
      shownWhenAsked.push(items().length);
      return { cached: [], queued: papers.length, total: papers.length };
    });
    controller.load({ site: 'arxiv', kind: 'list-pastweek', entries, warnings: [], titleOnly: true });
    await act(() =>
      render(<App controller={controller} openUrl={vi.fn()} openReadingList={vi.fn()} />, root),
    );
    await waitFor(() => expect(requestAbstracts).toHaveBeenCalledTimes(1));
    expect(shownWhenAsked).toEqual([papers.length]);
  });
});
