/**
 * Sidebar container: subscribes to the controller, owns UI-only state (collapsed, expanded rows,
 * roving focus, help) and keyboard triage (issue 5), and renders the presentational components.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { PaperRow, type RowActions, Sidebar } from '../../components/sidebar';
import type { SidebarController } from './controller';
import { listVisible, normaliseQuery, orderedViews, type SidebarState, topicCounts } from './view-model';

/** Rows rendered in the first task, then per following task (issue 6: no long task). */
export const FIRST_ROWS = 150;
export const MORE_ROWS = 250;

export interface AppProps {
  controller: SidebarController;
  openReadingList(): void;
  openUrl(url: string): void;
  initialCollapsed?: boolean;
  onCollapsedChange?(collapsed: boolean): void;
}

function useControllerState(c: SidebarController): SidebarState {
  const [state, setState] = useState(c.state);
  useEffect(() => {
    setState(c.state);
    return c.subscribe(setState);
  }, [c]);
  return state;
}

export function statusLines(s: SidebarState): string[] {
  const out: string[] = [];
  const total = s.views.length;
  if (s.phase === 'ready' && total && s.classified < total) out.push(`Classifying ${s.classified}/${total}`);
  const a = s.abstracts;
  if (a) {
    const retry = a.retryInMs ? `, retrying in ${Math.ceil(a.retryInMs / 1000)} s` : '';
    if (a.status === 'fetching') out.push(`Fetching abstracts ${a.done}/${a.total}`);
    else if (a.status === 'rate-limited')
      out.push(`Fetching abstracts ${a.done}/${a.total} (arXiv asked us to slow down${retry})`);
    else if (a.status === 'offline')
      out.push(
        `Offline: abstracts ${a.done}/${a.total}; chips use titles only until the connection is back${retry}`,
      );
    else if (a.status.startsWith('error'))
      out.push(
        `Could not fetch abstracts (${a.status.replace(/^error:?\s*/, '') || 'error'}); chips use titles only`,
      );
    else if (a.status === 'done' && a.failed)
      out.push(`Abstracts fetched for ${a.total - a.failed} of ${a.total}; the rest use titles only`);
  } else if (s.titleOnly && total) {
    out.push('Titles only on this page');
  }
  return out;
}

const isField = (el: Element | null) => !!el?.matches('input, textarea, select, [contenteditable="true"]');

export function App({
  controller,
  openReadingList,
  openUrl,
  initialCollapsed = false,
  onCollapsedChange,
}: AppProps) {
  const state = useControllerState(controller);
  const [collapsed, setCollapsed] = useState(initialCollapsed);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [focusId, setFocusId] = useState<string | undefined>(undefined);
  const [helpOpen, setHelpOpen] = useState(false);
  const [limit, setLimit] = useState(FIRST_ROWS);
  const listRef = useRef<HTMLUListElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  // A new page (SPA navigation, re-parse with other papers): start over.
  const firstView = state.views[0];
  const pageKey = `${state.views.length}:${firstView?.paper.id ?? ''}`;
  useEffect(() => {
    setLimit(FIRST_ROWS);
    setExpanded(new Set());
    setFocusId(undefined);
  }, [pageKey]);

  // Render the rows in batches, one task each, so a 2,000-entry page never blocks for long.
  useEffect(() => {
    if (limit >= state.views.length) return;
    const t = setTimeout(() => setLimit((l) => l + MORE_ROWS), 0);
    return () => clearTimeout(t);
  }, [limit, state.views.length]);

  const actions = useMemo<RowActions>(
    () => ({
      onSave: (id) => void controller.toggleSave(id),
      onDismiss: (id) => void controller.toggleDismiss(id),
      onToggleAbstract: (id) =>
        setExpanded((prev) => {
          const next = new Set(prev);
          if (!next.delete(id)) next.add(id);
          return next;
        }),
      onCorrect: (id, topic, label) => controller.correct(id, topic, label),
      onFocusRow: (id) => setFocusId(id),
    }),
    [controller],
  );

  const ordered = useMemo(() => orderedViews(state), [state.views, state.sort, state.filter]);
  const q = normaliseQuery(state.query);
  const visible = ordered.map((v) => listVisible(v, state, q));
  const shown = visible.reduce((n, v) => n + (v ? 1 : 0), 0);
  const counts = useMemo(() => topicCounts(state.views), [state.views]);
  const triagedCount = useMemo(() => state.views.filter((v) => v.saved || v.dismissed).length, [state.views]);
  let tabId = focusId && ordered.some((v, i) => v.paper.id === focusId && visible[i]) ? focusId : undefined;
  if (!tabId) tabId = ordered.find((_, i) => visible[i])?.paper.id;

  const rows = () => listRef.current?.querySelectorAll<HTMLLIElement>(':scope > li:not([hidden])') ?? [];
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
        actions.onToggleAbstract(id);
        return;
    }
  };

  const toggleCollapsed = () => {
    setCollapsed(!collapsed);
    onCollapsedChange?.(!collapsed);
  };

  if (state.phase === 'inactive') return null;

  const topicOptions = state.topics;
  return (
    <Sidebar
      collapsed={collapsed}
      onToggleCollapsed={toggleCollapsed}
      layoutMessage={state.phase === 'layout-error' ? state.layoutMessage : undefined}
      warnings={state.warnings}
      notice={state.notice}
      onDismissNotice={() => controller.dismissNotice()}
      status={statusLines(state)}
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
    >
      {ordered.slice(0, limit).map((v, i) => (
        <PaperRow
          key={v.paper.id}
          view={v}
          hidden={!visible[i]}
          expanded={expanded.has(v.paper.id)}
          tabbable={v.paper.id === tabId}
          topics={topicOptions}
          actions={actions}
        />
      ))}
    </Sidebar>
  );
}
