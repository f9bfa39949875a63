import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  clearPrepared,
  FLAG,
  PaperRow,
  type PaperRowProps,
  prepareBlock,
  RowBlock,
  rowFlags,
  Sidebar,
  type SidebarProps,
} from '../../components/sidebar';
import { restingRowHtml } from '../../components/sidebar/PaperRow';
import type { RowPaper } from '../../components/sidebar/types';
import { buttonNamed, fakeClassify, nameOf, paper, TOPIC_OPTIONS } from './sidebar-fixtures';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const noop = () => {};

function row(i: number, title: string, abstract = '', over: Partial<RowPaper> = {}): RowPaper {
  const p = paper(i, { title, abstract });
  const classification = fakeClassify(p);
  return { paper: p, classification, topics: classification.topics, saved: false, dismissed: false, ...over };
}

/** Renders one RowBlock of these rows into the test root, as the list does. */
const renderBlock = (views: RowPaper[], flags: string) =>
  act(() =>
    render(
      <ul>
        <RowBlock views={views} flags={flags} topics={TOPIC_OPTIONS} />
      </ul>,
      root,
    ),
  );

function frame(over: Partial<SidebarProps> = {}, children?: preact.ComponentChildren) {
  const props: SidebarProps = {
    collapsed: false,
    onToggleCollapsed: noop,
    warnings: [],
    onDismissNotice: noop,
    status: [],
    total: 2,
    shown: 2,
    topics: TOPIC_OPTIONS,
    counts: new Map([['moe', 2]]),
    filter: [],
    onToggleTopic: noop,
    onClearFilter: noop,
    query: '',
    onQuery: noop,
    sort: 'page',
    onSort: noop,
    hideTriaged: false,
    onHideTriaged: noop,
    triagedCount: 0,
    onOpenReadingList: noop,
    helpOpen: false,
    onHelp: noop,
    ...over,
  };
  return <Sidebar {...props}>{children}</Sidebar>;
}

describe('Sidebar frame', () => {
  it('is one complementary landmark named PaperSift with one filter toggle per topic', async () => {
    const onToggleTopic = vi.fn();
    await act(() => render(frame({ onToggleTopic, filter: ['moe'] }), root));
    const aside = root.querySelector('aside');
    expect(aside?.getAttribute('aria-label')).toBe('PaperSift');
    expect(root.querySelectorAll('aside')).toHaveLength(1);

    const toggles = [...root.querySelectorAll('fieldset.filters button[aria-pressed]')];
    expect(toggles.map(nameOf)).toEqual(['MoE (2)', 'SAE (0)', 'Sparse attention (0)', 'Pruning (0)']);
    expect(toggles.map((b) => b.getAttribute('aria-pressed'))).toEqual(['true', 'false', 'false', 'false']);
    // The filter group is named for screen readers by its legend.
    expect(root.querySelector('fieldset.filters legend')?.textContent).toBe('Filter the page by topic');

    await act(() => (toggles[1] as HTMLButtonElement).click());
    expect(onToggleTopic).toHaveBeenCalledWith('sae');
  });

  it('has the reading-list button, search box, sort and "Hide triaged" with their names', async () => {
    const onOpenReadingList = vi.fn();
    const onHideTriaged = vi.fn();
    await act(() => render(frame({ onOpenReadingList, onHideTriaged, triagedCount: 3 }), root));
    const rl = buttonNamed(root, /^Reading list$/);
    expect(rl).toHaveLength(1);
    await act(() => rl[0]?.click());
    expect(onOpenReadingList).toHaveBeenCalled();
    const search = root.querySelector('input[type="search"]');
    expect(search?.getAttribute('aria-label')).toBe('Search this page');
    expect(root.querySelector('select')?.getAttribute('aria-label')).toBe('Sort');
    const hide = buttonNamed(root, /^Hide triaged/)[0];
    expect(hide?.getAttribute('aria-pressed')).toBe('false');
    await act(() => hide?.click());
    expect(onHideTriaged).toHaveBeenCalledWith(true);
  });

  it('shows the layout message instead of a list, and warnings visibly', async () => {
    await act(() =>
      render(
        frame({
          layoutMessage: "This page's layout is not recognised (arxiv, list-new)",
          warnings: ['Parsed 99 entries but the page says 101'],
        }),
        root,
      ),
    );
    expect(root.querySelector('[role="alert"]')?.textContent).toBe(
      "This page's layout is not recognised (arxiv, list-new)",
    );
    expect(root.querySelector('ul')).toBeNull();
    expect(root.querySelector('[role="note"]')?.textContent).toContain(
      'Parsed 99 entries but the page says 101',
    );
  });

  it('collapses to a small tab that keeps the landmark and can reopen it', async () => {
    const onToggleCollapsed = vi.fn();
    await act(() => render(frame({ collapsed: true, onToggleCollapsed }), root));
    expect(root.querySelector('aside')?.getAttribute('aria-label')).toBe('PaperSift');
    expect(root.querySelector('ul')).toBeNull();
    const open = buttonNamed(root, /^Open PaperSift/)[0];
    expect(open?.getAttribute('aria-expanded')).toBe('false');
    await act(() => open?.click());
    expect(onToggleCollapsed).toHaveBeenCalled();
    // Once opened, the panel is kept while collapsed, hidden (not shown, not in the a11y tree).
    await act(() => render(frame({ collapsed: true, keepPanel: true, onToggleCollapsed }), root));
    const panel = root.querySelector<HTMLElement>('.panel');
    expect(panel?.hidden).toBe(true);
    expect(panel?.querySelector('ul[aria-label="Papers on this page"]')).not.toBeNull();
    expect(buttonNamed(root, /^Open PaperSift/)).toHaveLength(1);
    await act(() => render(frame({ collapsed: false, keepPanel: true, onToggleCollapsed }), root));
    expect(root.querySelector<HTMLElement>('.panel')?.hidden).toBe(false);
    expect(buttonNamed(root, /^Open PaperSift/)).toHaveLength(0);
  });
});

describe('PaperRow', () => {
  const mountRow = (view: RowPaper, over: Partial<PaperRowProps> = {}) =>
    act(() =>
      render(
        <ul>
          <PaperRow
            view={view}
            hidden={false}
            expanded={false}
            engaged={false}
            adding={false}
            tabbable={false}
            topics={TOPIC_OPTIONS}
            {...over}
          />
        </ul>,
        root,
      ),
    );

  it('renders one listitem with the title, authors and exactly one chip per shown topic', async () => {
    await mountRow(row(1, 'Pruning a mixture of experts', 'We study sparse autoencoders.'), {
      tabbable: true,
    });
    const lis = root.querySelectorAll('li');
    expect(lis).toHaveLength(1);
    const li = lis[0] as HTMLLIElement;
    expect(li.textContent).toContain('Pruning a mixture of experts');
    expect(li.textContent).toContain('Ada Lovelace, Alan Turing');
    expect([...li.querySelectorAll('.chip')].map((c) => c.textContent)).toEqual(['MoE', 'SAE', 'Pruning']);
    expect(li.tabIndex).toBe(0);
  });

  it('a row the user is on gets interactive chips with "Not <topic>", Dismiss, Abstract and "Add topic…"', async () => {
    await mountRow(row(1, 'Pruning a mixture of experts'), { engaged: true });
    const li = root.querySelector('li') as HTMLLIElement;
    expect([...li.querySelectorAll('.chip-label')].map((c) => c.textContent)).toEqual(['MoE', 'Pruning']);
    // Chips do not compete with the filter toggles for names starting with the topic.
    expect(buttonNamed(li, /^(MoE|SAE|Pruning)/)).toHaveLength(0);
    expect(buttonNamed(li, /^Not MoE$/)[0]?.dataset.act).toBe('not');
    expect(buttonNamed(li, /^Not Pruning$/)[0]?.dataset.topic).toBe('pruning');
    expect(buttonNamed(li, /^Dismiss Pruning a mixture of experts$/)[0]?.getAttribute('aria-pressed')).toBe(
      'false',
    );
    expect(buttonNamed(li, /^Abstract of /)[0]?.getAttribute('aria-expanded')).toBe('false');
    expect(buttonNamed(li, /^Add topic…/)[0]?.getAttribute('aria-expanded')).toBe('false');
  });

  it('engaging a row (hover/focus) does not move Save: the controls fill a box that is always there', async () => {
    // The triage controls used to be appended after Save on mouseover, shifting Save left under
    // the pointer, so back-to-back clicks landed elsewhere (tests/e2e/sidebar-rapid-triage.spec.ts).
    const v = row(4, 'Pruning a mixture of experts');
    const shape = (li: HTMLLIElement) => {
      const meta = li.querySelector('.meta') as HTMLElement;
      const save = meta.querySelector('button[data-act="save"]') as HTMLElement;
      const kids = [...meta.children];
      return { afterSave: kids.slice(kids.indexOf(save) + 1).map((k) => k.className) };
    };
    await mountRow(v, { engaged: false });
    const idle = shape(root.querySelector('li') as HTMLLIElement);
    expect(root.querySelector('.acts')?.children).toHaveLength(0);
    await mountRow(v, { engaged: true });
    const engaged = shape(root.querySelector('li') as HTMLLIElement);
    expect(engaged).toEqual(idle);
    expect(idle.afterSave).toEqual(['acts']);
    expect(root.querySelector('.acts')?.children).toHaveLength(3);
  });

  it('a row at rest (markup, as its block sets it) shows what the full row shows, with every value escaped', async () => {
    const v = row(5, 'Pruning <i>MoE</i> & "friends"', '', {
      saved: true,
      dismissed: true,
      topics: ['moe', 'user:kv-cache'],
    });
    const topics = [...TOPIC_OPTIONS, { id: 'user:kv-cache', label: 'KV <cache>' }];
    await mountRow(v, { engaged: true, tabbable: true, topics });
    const full = root.querySelector('li') as HTMLLIElement;
    expect(full.classList.contains('engaged')).toBe(true);
    const facts = (li: HTMLLIElement) => ({
      id: li.dataset.id,
      tabIndex: li.tabIndex,
      saved: li.classList.contains('saved'),
      dismissed: li.classList.contains('dismissed'),
      title: li.querySelector('.title')?.textContent,
      href: li.querySelector('.title')?.getAttribute('href'),
      authors: li.querySelector('.authors')?.textContent,
      chips: [...li.querySelectorAll<HTMLElement>('.chip')].map((c) => [
        c.dataset.topic,
        c.querySelector('.chip-label')?.textContent ?? c.textContent,
      ]),
      save: buttonNamed(li, /^Save/).map((b) => [nameOf(b), b.getAttribute('aria-pressed')]),
      flag: li.querySelector('.flag')?.textContent,
    });
    const expected = facts(full);
    const ul = document.createElement('ul');
    ul.innerHTML = restingRowHtml(v, topics, { hidden: false, tabbable: true });
    root.append(ul);
    const rest = ul.querySelector('li') as HTMLLIElement;
    expect(rest.classList.contains('engaged')).toBe(false);
    expect(facts(rest)).toEqual(expected);
    expect(expected.title).toBe('Pruning <i>MoE</i> & "friends"');
    expect(expected.chips).toEqual([
      ['moe', 'MoE'],
      ['user:kv-cache', 'KV <cache>'],
    ]);
    expect(rest.querySelector('i')).toBeNull();
    // A user topic carries its hue inline (built-ins take theirs from the stylesheet).
    expect(ul.querySelector<HTMLElement>('[data-topic="user:kv-cache"]')?.getAttribute('style')).toMatch(
      /^--hue:\d+$/,
    );
  });

  it('a block of rows at rest keeps its elements when rows are added to it or one of them changes', async () => {
    const views = [1, 2, 3, 4, 5].map((i) => row(i, `Mixture of experts ${i}`));
    const block = (vs: RowPaper[], flags = vs.map(() => rowFlags(0)).join('')) => renderBlock(vs, flags);
    await block(views.slice(0, 3));
    const first = [...root.querySelectorAll('li[data-id]')];
    expect(first).toHaveLength(3);
    await block(views);
    const grown = [...root.querySelectorAll('li[data-id]')];
    expect(grown).toHaveLength(5);
    expect(grown.slice(0, 3)).toEqual(first);
    expect(grown.slice(0, 3).every((li, i) => li === first[i])).toBe(true);
    const saved = views.map((v, i) => (i === 1 ? { ...v, saved: true } : v));
    await block(saved);
    const after = [...root.querySelectorAll<HTMLElement>('li[data-id]')];
    expect(after.every((li, i) => li === grown[i])).toBe(true);
    expect(buttonNamed(after[1] as HTMLElement, /^Saved: /)).toHaveLength(1);
  });

  it('a block parsed ahead takes those rows when rendered with the same rows, flags and topics, and else its own', async () => {
    const views = [1, 2, 3].map((i) => row(i, `Mixture of experts ${i}`));
    const flags = [FLAG.tabbable, 0, 0].map(rowFlags).join('');
    const block = (f: string) => renderBlock(views, f);
    const ahead = prepareBlock({ views, flags, topics: TOPIC_OPTIONS });
    const parsed = [...(ahead?.children ?? [])];
    expect(parsed).toHaveLength(3);
    expect(prepareBlock({ views, flags, topics: TOPIC_OPTIONS })).toBe(ahead); // parsed once
    await block(flags);
    const shown = [...root.querySelectorAll('li[data-id]')];
    expect(shown).toHaveLength(3);
    expect(shown.every((li, i) => li === parsed[i])).toBe(true);
    expect(ahead?.children).toHaveLength(0);
    // The block keeps working as a block at rest (a new tab stop is patched in place).
    await block([0, FLAG.tabbable, 0].map(rowFlags).join(''));
    expect([...root.querySelectorAll<HTMLLIElement>('li[data-id]')].map((li) => li.tabIndex)).toEqual([
      -1, 0, -1,
    ]);
    await act(() => render(null, root));

    // Parsed with other flags than it is rendered with (the tab stop moved on meanwhile): not used.
    const stale = prepareBlock({ views, flags, topics: TOPIC_OPTIONS });
    const staleRows = [...(stale?.children ?? [])];
    await block([0, 0, FLAG.tabbable].map(rowFlags).join(''));
    const own = [...root.querySelectorAll<HTMLLIElement>('li[data-id]')];
    expect(own.some((li) => staleRows.includes(li))).toBe(false);
    expect(own.map((li) => li.tabIndex)).toEqual([-1, -1, 0]);
    expect(own.map((li) => li.querySelector('.title')?.textContent)).toEqual(views.map((v) => v.paper.title));
    clearPrepared();
  });

  it('a block of rows at rest shows other papers in its place (another sort order) in their order', async () => {
    const views = [1, 2, 3, 4].map((i) => row(i, `Paper ${i}`));
    const block = (vs: RowPaper[]) => renderBlock(vs, vs.map(() => rowFlags(0)).join(''));
    await block(views);
    await block([...views].reverse());
    const titles = [...root.querySelectorAll('li[data-id] .title')].map((t) => t.textContent);
    expect(titles).toEqual(['Paper 4', 'Paper 3', 'Paper 2', 'Paper 1']);
    expect(root.querySelector('.blk')?.classList.contains('live')).toBe(false);
    // …and the user getting to one of them still gets its controls.
    const v = [...views].reverse();
    await renderBlock(v, [FLAG.engaged, 0, 0, 0].map(rowFlags).join(''));
    const first = root.querySelector('li[data-id]') as HTMLElement;
    expect(first.querySelector('.title')?.textContent).toBe('Paper 4');
    expect(buttonNamed(first, /^Dismiss Paper 4$/)).toHaveLength(1);
  });

  it('a block of rows at rest takes a new roving tab stop and hidden rows in place', async () => {
    const views = [1, 2, 3].map((i) => row(i, `Paper ${i}`));
    const flags = (bits: number[]) => bits.map(rowFlags).join('');
    const block = (f: string) => renderBlock(views, f);
    await block(flags([FLAG.tabbable, 0, 0]));
    const lis = [...root.querySelectorAll<HTMLLIElement>('li[data-id]')];
    expect(lis.map((li) => li.tabIndex)).toEqual([0, -1, -1]);
    await block(flags([0, FLAG.hidden, FLAG.tabbable]));
    const now = [...root.querySelectorAll<HTMLLIElement>('li[data-id]')];
    expect(now.every((li, i) => li === lis[i])).toBe(true);
    expect(now.map((li) => li.tabIndex)).toEqual([-1, -1, 0]);
    expect(now.map((li) => li.hidden)).toEqual([false, true, false]);
  });

  it('links a paper only to an http(s) address', () => {
    const v = row(6, 'A title');
    const ul = document.createElement('ul');
    ul.innerHTML = restingRowHtml(
      { ...v, paper: { ...v.paper, url: 'javascript:alert(1)' } },
      TOPIC_OPTIONS,
      {
        hidden: true,
        tabbable: false,
      },
    );
    const li = ul.querySelector('li') as HTMLLIElement;
    expect(li.querySelector('.title')?.hasAttribute('href')).toBe(false);
    expect(li.hidden).toBe(true);
    expect(li.tabIndex).toBe(-1);
  });

  it('Save says what it does, then reports saved with aria-pressed and a "Saved" name', async () => {
    const v = row(2, 'A title');
    await mountRow(v);
    const save = buttonNamed(root, /^Save/);
    expect(save.map(nameOf)).toEqual(['Save A title']);
    expect(save[0]?.getAttribute('aria-pressed')).toBe('false');
    expect(save[0]?.dataset.act).toBe('save');

    await mountRow({ ...v, saved: true });
    const saved = buttonNamed(root, /^Save/);
    expect(saved.map(nameOf)).toEqual(['Saved: A title']);
    expect(saved[0]?.getAttribute('aria-pressed')).toBe('true');
  });

  it('the "Add topic…" menu offers the topics the paper lacks', async () => {
    await mountRow(row(3, 'Sparse attention kernels'), { adding: true });
    expect(buttonNamed(root, /^Add /).map(nameOf)).toEqual([
      'Add topic… to Sparse attention kernels',
      'Add MoE',
      'Add SAE',
      'Add Pruning',
    ]);
    expect(root.querySelector('fieldset legend')?.textContent).toBe(
      'Add a topic to Sparse attention kernels',
    );
    expect(root.querySelectorAll('li')).toHaveLength(1);
  });

  it('hovering or focusing a chip shows its score and evidence phrases', async () => {
    await mountRow(row(4, 'MoE routing', 'A mixture of experts with top-2 routing.'), { engaged: true });
    const chip = root.querySelector('.chip-label') as HTMLButtonElement;
    expect(nameOf(chip)).toBe('Evidence for MoE, score 0.93');
    expect(root.querySelector('[role="tooltip"]')).toBeNull();
    await act(() => {
      chip.dispatchEvent(new FocusEvent('focus'));
    });
    const tip = root.querySelector('[role="tooltip"]');
    expect(tip?.textContent).toContain('MoE · score 0.93');
    expect([...(tip?.querySelectorAll('.tip-phrase') ?? [])].map((e) => e.textContent)).toEqual([
      'MoE',
      'mixture of experts',
    ]);
    await act(() => {
      chip.dispatchEvent(new FocusEvent('blur'));
    });
    expect(root.querySelector('[role="tooltip"]')).toBeNull();
  });

  it('expanded: the abstract with evidence highlighted and the per-topic scores, still one listitem', async () => {
    await mountRow(row(5, 'On pruning', 'Structured pruning of a mixture of experts model.'), {
      expanded: true,
    });
    const abs = root.querySelector('.abstract p') as HTMLElement;
    expect(abs.textContent).toBe('Structured pruning of a mixture of experts model.');
    expect([...abs.querySelectorAll('mark')].map((m) => m.textContent)).toEqual([
      'pruning',
      'mixture of experts',
    ]);
    expect(root.querySelector('.scores')?.textContent).toBe(
      'Scores: MoE 0.93 · SAE 0.04 · Sparse attention 0.04 · Pruning 0.93',
    );
    expect(root.querySelectorAll('li')).toHaveLength(1);
    expect(buttonNamed(root, /^Abstract of/)[0]?.getAttribute('aria-expanded')).toBe('true');
  });

  it('hidden rows stay in the DOM but are hidden', async () => {
    await mountRow(row(6, 'x'), { hidden: true });
    expect((root.querySelector('li') as HTMLLIElement).hidden).toBe(true);
  });
});
