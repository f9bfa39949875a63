/**
 * Sidebar container: subscribes to the controller, owns UI-only state (collapsed, expanded rows,
 * roving focus, help) and keyboard triage (issue 5), and renders the presentational components.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  clearPrepared,
  FLAG,
  prepareBlock,
  type RowAct,
  RowBlock,
  type RowBlockProps,
  rowFlags,
  Sidebar,
} from '../../components/sidebar';
import { defaultYield, type SidebarController } from './controller';
import {
  listVisible,
  normaliseQuery,
  orderedViews,
  type PaperView,
  type SidebarState,
  topicCounts,
} from './view-model';

/**
 * While a page is classified the list shows its first rows, one block (they appear with the first
 * chunk; more than a screenful, ~10 rows); the rest appear once every paper is classified (issue
 * 6). The sidebar's first frame lays out these rows: 60 of them took twice as long as 25 (26 vs
 * 11 ms of layout, traced on the 2,000-entry page).
 */
export const ROWS_PER_TASK = 25;
/**
 * The rest of a long list is parsed ahead, this many rows per task, into detached elements
 * (prepareBlock), then put into the list in two renders (ROWS_PER_RENDER). 250 rows of markup
 * parse in ~4 ms on a quiet page and in 7-25 ms while a 2,000-entry page loads (traced); the
 * tasks change nothing on screen, so no frame is laid out and painted after each. Before, the
 * rows went into the list 300 per task, each task with a render of the whole sidebar and a frame:
 * seven of those on a 2,000-entry page.
 */
const ROWS_PER_PREP = 250;
/**
 * Rows put into the list per render once parsed ahead: moving in 2,000 rows and mounting their
 * 80 blocks in one render took 45-55 ms on a slow machine (traced), 1,000 take half.
 */
const ROWS_PER_RENDER = 1000;
/** While a page is classified, the sidebar renders (its progress) at most this often. */
const CLASSIFYING_RENDER_MS = 100;
/** Rows per RowBlock (re-render granularity, and the unit skipped offscreen). */
export const BLOCK_SIZE = 25;

export interface AppProps {
  controller: SidebarController;
  openReadingList(): void;
  openUrl(url: string): void;
  initialCollapsed?: boolean;
  onCollapsedChange?(collapsed: boolean): void;
  /** While a page is classified, render its progress at most this often (ms). */
  progressEveryMs?: number;
}

function useControllerState(c: SidebarController, progressEveryMs: number): SidebarState {
  const [state, setState] = useState(c.state);
  useEffect(() => {
    setState(c.state);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = c.subscribe((s) => {
      // A page being classified sends a state every chunk, and each render walks every row and
      // costs a frame (issue 6): while classifying, at most one render per `progressEveryMs` (the
      // status line's progress); the last chunk renders at once.
      if (s.phase === 'ready' && s.classified < s.views.length) {
        timer ||= setTimeout(() => {
          timer = undefined;
          setState(c.state);
        }, progressEveryMs);
        return;
      }
      clearTimeout(timer);
      timer = undefined;
      setState(s);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [c, progressEveryMs]);
  return state;
}

/** The API(s) a page's abstracts come from, as the rate-limited status names them. */
function sourceName(sources: readonly string[] | undefined): string {
  return sources?.length ? sources.join(' / ') : 'the abstract server';
}

export function statusLines(s: SidebarState): string[] {
  const out: string[] = [];
  const total = s.views.length;
  if (s.phase === 'ready' && total && s.classified < total) out.push(`Classifying ${s.classified}/${total}`);
  const a = s.abstracts;
  if (a) {
    const retry = a.retryInMs ? `retrying in ${Math.ceil(a.retryInMs / 1000)} s` : '';
    if (a.status === 'fetching')
      out.push(`Fetching abstracts ${a.done}/${a.total}${retry ? ` · ${retry}` : ''}`);
    else if (a.status === 'rate-limited')
      out.push(
        `Fetching abstracts ${a.done}/${a.total} · ${sourceName(a.sources)} asked to slow down${retry ? `, ${retry}` : ''}`,
      );
    else if (a.status === 'offline')
      out.push(`Offline · abstracts ${a.done}/${a.total}; chips use titles until you are back online`);
    else if (a.status.startsWith('error'))
      out.push(
        `Could not fetch abstracts (${a.status.replace(/^error:?\s*/, '') || 'error'}); chips use titles only`,
      );
    else if (a.status === 'done' && a.failed)
      out.push(`Abstracts: ${a.total - a.failed} of ${a.total} fetched; the rest use titles only`);
  } else if (s.titleOnly && total) {
    out.push('Titles only on this page');
  }
  if (s.phase === 'ready' && total && s.sort === 'relevance')
    out.push(
      s.readingList
        ? 'Sorted by relevance to your topics and reading list'
        : 'Sorted by relevance to your topics',
    );
  return out;
}

/**
 * How many rows of a long list to render so far: ROWS_PER_TASK at first; once `target` rows are
 * ready, the blocks still to come (`pending`, as the last render computed them) are parsed ahead
 * in tasks of ROWS_PER_PREP rows, then rendered ROWS_PER_RENDER more at a time (the blocks parsed
 * already are not parsed again). Starts over on a new page.
 */
function useRowSteps(
  target: number,
  pageKey: string,
  pending: { current: RowBlockProps[] },
  /** False while no list is on show (collapsed since the page opened): nothing to parse ahead for. */
  parseAhead: boolean,
): number {
  const [limit, setLimit] = useState(ROWS_PER_TASK);
  useEffect(() => {
    setLimit(ROWS_PER_TASK);
  }, [pageKey]);
  useEffect(() => {
    if (limit >= target) {
      clearPrepared();
      return;
    }
    if (!parseAhead) {
      setLimit(target);
      return;
    }
    let stopped = false;
    void (async () => {
      const blocks = pending.current;
      for (let at = 0; at < blocks.length; ) {
        await defaultYield();
        if (stopped) return;
        for (let rows = 0; at < blocks.length && rows < ROWS_PER_PREP; at++) {
          const b = blocks[at] as RowBlockProps;
          prepareBlock(b);
          rows += b.views.length;
        }
      }
      await defaultYield();
      if (!stopped) setLimit(Math.min(target, limit + ROWS_PER_RENDER));
    })();
    return () => {
      stopped = true;
    };
  }, [limit, target, parseAhead]);
  useEffect(() => clearPrepared, []);
  return limit;
}

const isField = (el: Element | null) => !!el?.matches('input, textarea, select, [contenteditable="true"]');

export function App({
  controller,
  openReadingList,
  openUrl,
  initialCollapsed = false,
  onCollapsedChange,
  progressEveryMs = CLASSIFYING_RENDER_MS,
}: AppProps) {
  const state = useControllerState(controller, progressEveryMs);
  const [collapsed, setCollapsed] = useState(initialCollapsed);
  /**
   * The panel has been on show (open now, or opened since the page loaded): it stays mounted while
   * collapsed (Sidebar keepPanel), and its rows are parsed ahead.
   */
  const [opened, setOpened] = useState(!initialCollapsed);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [focusId, setFocusId] = useState<string | undefined>(undefined);
  const [helpOpen, setHelpOpen] = useState(false);
  /** The row under the pointer, and the row holding focus: they render their full controls. */
  const [hoverId, setHoverId] = useState<string | undefined>(undefined);
  const [focusWithinId, setFocusWithinId] = useState<string | undefined>(undefined);
  const [addingId, setAddingId] = useState<string | undefined>(undefined);
  const listRef = useRef<HTMLUListElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  // A new page (SPA navigation, re-parse with other papers): start over.
  const firstView = state.views[0];
  const pageKey = `${state.views.length}:${firstView?.paper.id ?? ''}`;
  useEffect(() => {
    setExpanded(new Set());
    setFocusId(undefined);
    setAddingId(undefined);
  }, [pageKey]);

  // Rows are rendered once classified, in steps when more are ready than one task should render.
  const ready = Math.min(state.classified, state.views.length);
  const allReady = ready >= state.views.length;
  // While the page is being classified only the first step's rows appear; the rest wait for the
  // last chunk (each render step is a frame of the host page's size: ~37 frames for 2,000 rows
  // rendered as their chunks landed, issue 6).
  const pending = useRef<RowBlockProps[]>([]);
  const limit = useRowSteps(allReady ? ready : Math.min(ready, ROWS_PER_TASK), pageKey, pending, opened);
  // Every paper is classified and in the list (or no list is on show): what waited for that may
  // start (a title-only page's abstracts, SidebarController.listShown).
  const listed = state.phase === 'ready' && allReady && limit >= state.views.length;
  useEffect(() => {
    if (listed) controller.listShown();
  }, [listed, pageKey, controller]);

  const toggleAbstract = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const ordered = useMemo(
    () => orderedViews(state),
    [state.views, state.sort, state.filter, state.readingList],
  );
  const q = normaliseQuery(state.query);
  const visible = ordered.map((v) => listVisible(v, state, q));
  const visibleIds = new Set<string>();
  for (let i = 0; i < ordered.length; i++) if (visible[i]) visibleIds.add(ordered[i]?.paper.id ?? '');
  const shown = visible.reduce((n, v) => n + (v ? 1 : 0), 0);
  const counts = useMemo(() => topicCounts(state.views), [state.views]);
  const triagedCount = useMemo(() => state.views.filter((v) => v.saved || v.dismissed).length, [state.views]);
  let tabId = focusId && ordered.some((v, i) => v.paper.id === focusId && visible[i]) ? focusId : undefined;
  if (!tabId) tabId = ordered.find((_, i) => visible[i])?.paper.id;

  const rows = (): HTMLLIElement[] =>
    [...(listRef.current?.querySelectorAll<HTMLLIElement>('li[data-id]') ?? [])].filter((li) =>
      visibleIds.has(li.dataset.id ?? ''),
    );
  const focusRow = (li: HTMLLIElement | undefined) => {
    if (!li) return;
    li.focus();
    li.scrollIntoView?.({ block: 'nearest' });
    const id = li.dataset.id;
    if (id) setFocusId(id);
  };
  const currentRow = (target: Element | null): HTMLLIElement | undefined => {
    const li = target?.closest<HTMLLIElement>('li[data-id]');
    if (li) return li;
    return [...rows()].find((r) => r.dataset.id === tabId);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    // Collapsed, the list (kept, hidden) is not there for the keyboard either.
    if (collapsed) return;
    const target = (e.composedPath()[0] as Element | undefined) ?? null;
    if (isField(target)) {
      if (e.key === 'Escape') {
        (target as HTMLElement).blur();
        focusRow(currentRow(null));
      }
      return;
    }
    if (e.key === '?') {
      e.preventDefault();
      setHelpOpen(true);
      return;
    }
    if (helpOpen) return;
    if (e.key === '/') {
      e.preventDefault();
      searchRef.current?.focus();
      return;
    }
    const li = currentRow(target);
    const id = li?.dataset.id;
    const list = [...rows()];
    const at = li ? list.indexOf(li) : -1;
    const move = (to: number) => {
      e.preventDefault();
      focusRow(list[Math.max(0, Math.min(list.length - 1, to))]);
    };
    switch (e.key) {
      case 'j':
      case 'ArrowDown':
        if (e.key === 'ArrowDown' && target !== li) return;
        move(at < 0 ? 0 : at + 1);
        return;
      case 'k':
      case 'ArrowUp':
        if (e.key === 'ArrowUp' && target !== li) return;
        move(at < 0 ? 0 : at - 1);
        return;
      case 'Home':
        if (target === li) move(0);
        return;
      case 'End':
        if (target === li) move(list.length - 1);
        return;
    }
    if (!id) return;
    switch (e.key) {
      case 's':
        e.preventDefault();
        void controller.toggleSave(id);
        return;
      case 'x':
        e.preventDefault();
        void controller.toggleDismiss(id);
        return;
      case 'o': {
        e.preventDefault();
        const v = state.views.find((x) => x.paper.id === id);
        if (v) openUrl(v.paper.url);
        return;
      }
      case 'Enter':
      case ' ':
        if (target !== li) return; // buttons keep their own Enter/Space
        e.preventDefault();
        toggleAbstract(id);
        return;
    }
  };

  // Event delegation: one set of listeners on the list instead of several per row.
  const rowIdOf = (el: EventTarget | null) =>
    el instanceof Element ? el.closest<HTMLElement>('li[data-id]')?.dataset.id : undefined;
  const listProps = {
    onClick: (e: MouseEvent) => {
      const btn = (e.target as Element | null)?.closest<HTMLElement>('[data-act]');
      const id = rowIdOf(btn ?? null);
      if (!btn || !id) return;
      const topic = btn.dataset.topic ?? '';
      switch (btn.dataset.act as RowAct) {
        case 'save':
          void controller.toggleSave(id);
          return;
        case 'dismiss':
          void controller.toggleDismiss(id);
          return;
        case 'abstract':
          toggleAbstract(id);
          return;
        case 'add':
          setAddingId((cur) => (cur === id ? undefined : id));
          return;
        case 'not':
          controller.correct(id, topic, -1);
          return;
        case 'undo':
          controller.correct(id, topic, 0);
          return;
        case 'add-topic':
          controller.correct(id, topic, 1);
          setAddingId(undefined);
          return;
        case 'use-example':
          void controller.addExample(id, topic);
          setAddingId(undefined);
          return;
        case 'add-cancel':
          setAddingId(undefined);
          return;
      }
    },
    onMouseOver: (e: MouseEvent) => {
      const id = rowIdOf(e.target);
      if (id !== hoverId) setHoverId(id);
    },
    onMouseLeave: () => setHoverId(undefined),
    onFocusIn: (e: FocusEvent) => {
      const id = rowIdOf(e.target);
      setFocusWithinId(id);
      if (id && (e.target as Element).matches('li')) setFocusId(id);
    },
    onFocusOut: (e: FocusEvent) => {
      if (!rowIdOf(e.relatedTarget)) setFocusWithinId(undefined);
    },
  };

  const toggleCollapsed = () => {
    setCollapsed(!collapsed);
    setOpened(true);
    onCollapsedChange?.(!collapsed);
  };

  if (state.phase === 'inactive') return null;

  const topicOptions = state.topics;
  // Only classified rows (each renders once, with its chips), at most `limit` of them so far,
  // grouped in blocks that skip re-rendering when none of their rows changed. Once all are
  // classified, the blocks after `limit` are computed too: they are parsed ahead (useRowSteps).
  const filtering = state.filter.length > 0 || state.hideTriaged || q !== '';
  type Block = { views: PaperView[]; flags: string[] };
  const all: Block[] = [];
  const passing: Block[] = [];
  const push = (blocks: Block[], n: number, v: PaperView, bits: number) => {
    if (n % BLOCK_SIZE === 0) blocks.push({ views: [], flags: [] });
    const b = blocks[blocks.length - 1] as Block;
    b.views.push(v);
    b.flags.push(rowFlags(bits));
  };
  let count = 0;
  let passed = 0;
  /** Rows of the filtered list among the first `limit` rows. */
  let passedShown = 0;
  for (let i = 0; i < ordered.length && (allReady || count < limit); i++) {
    const v = ordered[i];
    if (!v || !(allReady || v.classification)) continue;
    const id = v.paper.id;
    let bits = 0;
    if (expanded.has(id)) bits |= FLAG.expanded;
    if (id === hoverId || id === focusWithinId) bits |= FLAG.engaged;
    if (id === addingId) bits |= FLAG.adding;
    if (id === tabId) bits |= FLAG.tabbable;
    // While a filter is active the full list is hidden: its rows keep their flags unchanged (no
    // re-render), the filtered list carries focus and hover.
    push(all, count++, v, filtering ? 0 : bits);
    if (filtering && visible[i]) {
      push(passing, passed++, v, bits);
      if (count <= limit) passedShown = passed;
    }
  }
  const shownRows = Math.min(count, limit);
  const props = (b: Block): RowBlockProps => ({
    views: b.views,
    flags: b.flags.join(''),
    topics: topicOptions,
  });
  /** The blocks holding the first `rows` rows (the last one cut short). */
  const shownOf = (blocks: Block[], rows: number): Block[] => {
    const out: Block[] = [];
    for (let i = 0; i * BLOCK_SIZE < rows && i < blocks.length; i++) {
      const b = blocks[i] as Block;
      const r = rows - i * BLOCK_SIZE;
      out.push(r >= b.views.length ? b : { views: b.views.slice(0, r), flags: b.flags.slice(0, r) });
    }
    return out;
  };
  /** The blocks that start after the first `rows` rows. */
  const laterOf = (blocks: Block[], rows: number): RowBlockProps[] =>
    blocks.slice(Math.ceil(rows / BLOCK_SIZE)).map(props);
  pending.current = [...laterOf(all, shownRows), ...(filtering ? laterOf(passing, passedShown) : [])];
  const rowsOf = (blocks: Block[]) =>
    blocks.map((b, i) => {
      const p = props(b);
      // A block is a position in the list; its rows carry their own keys.
      return <RowBlock key={i} views={p.views} flags={p.flags} topics={p.topics} />;
    });
  return (
    <Sidebar
      collapsed={collapsed}
      keepPanel={opened}
      onToggleCollapsed={toggleCollapsed}
      layoutMessage={state.phase === 'layout-error' ? state.layoutMessage : undefined}
      warnings={state.warnings}
      notice={state.notice}
      onDismissNotice={() => controller.dismissNotice()}
      status={statusLines(state)}
      // Still filling the list: classifying, or classified rows not all rendered yet.
      busy={state.phase === 'ready' && (state.classified < state.views.length || shownRows < count)}
      total={state.views.length}
      shown={shown}
      topics={topicOptions}
      counts={counts}
      filter={state.filter}
      onToggleTopic={(t) => controller.toggleTopic(t)}
      onClearFilter={() => controller.setFilter([])}
      query={state.query}
      onQuery={(q) => controller.setQuery(q)}
      searchRef={searchRef}
      sort={state.sort}
      onSort={(s) => controller.setSort(s)}
      hideTriaged={state.hideTriaged}
      onHideTriaged={(on) => controller.setHideTriaged(on)}
      triagedCount={triagedCount}
      onOpenReadingList={openReadingList}
      helpOpen={helpOpen}
      onHelp={setHelpOpen}
      onKeyDown={onKeyDown}
      listRef={listRef}
      listProps={listProps}
      filtered={filtering ? rowsOf(shownOf(passing, passedShown)) : undefined}
    >
      {rowsOf(shownOf(all, shownRows))}
    </Sidebar>
  );
}
