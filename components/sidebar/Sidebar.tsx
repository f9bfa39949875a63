/**
 * The sidebar frame: an `<aside aria-label="PaperSift">` (role complementary, issue 2) with the
 * topic summary/filter, search, sort, "Hide triaged", status, and the list of papers. Props in,
 * JSX out: the container in entrypoints/papers.content/app.tsx owns the data.
 */
import type { ComponentChildren, HTMLAttributes, Ref } from 'preact';
import type { TopicId } from '../../lib/types';
import { HelpOverlay } from './HelpOverlay';
import { TopicFilter } from './TopicFilter';
import type { TopicOption } from './types';

export type SortOrder = 'page' | 'relevance';

export interface SidebarProps {
  collapsed: boolean;
  /**
   * While collapsed, keep the panel (hidden) instead of taking it away: opening the sidebar again
   * then shows the list as it was, where rendering 2,000 rows anew took 50-100 ms (issue 6).
   */
  keepPanel?: boolean;
  onToggleCollapsed(): void;
  /** Layout-not-recognised text; replaces the list when set. */
  layoutMessage?: string;
  warnings: readonly string[];
  notice?: string;
  onDismissNotice(): void;
  /** Status line, e.g. "Classifying 400/2000", "Fetching abstracts 400/2000". */
  status: readonly string[];
  /** The list is still being filled (classification running, or rows still being added):
   * aria-busy, and the per-chunk "Classifying n/N" count is shown but not announced on every
   * chunk. */
  busy?: boolean;
  total: number;
  shown: number;
  topics: readonly TopicOption[];
  counts: ReadonlyMap<TopicId, number>;
  filter: readonly TopicId[];
  onToggleTopic(topic: TopicId): void;
  onClearFilter(): void;
  query: string;
  onQuery(q: string): void;
  searchRef?: Ref<HTMLInputElement>;
  sort: SortOrder;
  onSort(s: SortOrder): void;
  hideTriaged: boolean;
  onHideTriaged(on: boolean): void;
  triagedCount: number;
  onOpenReadingList(): void;
  helpOpen: boolean;
  onHelp(open: boolean): void;
  onKeyDown?(e: KeyboardEvent): void;
  /** The rows (PaperRow elements). */
  children?: ComponentChildren;
  listRef?: Ref<HTMLUListElement>;
  /**
   * Rows that pass the filters (topic filter, "Hide triaged", search) while one is active. The
   * full list (`children`) then stays mounted but hidden as a whole: hiding one `ul` is cheap,
   * hiding 1,900 of 2,000 rows one by one is not (content-visibility rows, issue 6).
   */
  filtered?: ComponentChildren;
  /** Delegated handlers of the rows (click, hover, focus) on the list element. */
  listProps?: HTMLAttributes<HTMLUListElement>;
}

export function Sidebar(p: SidebarProps) {
  return (
    <aside aria-label="PaperSift" class={p.collapsed ? 'ps collapsed' : 'ps'} onKeyDown={p.onKeyDown}>
      {p.collapsed && (
        <button
          type="button"
          class="tab"
          aria-expanded={false}
          aria-label={`Open PaperSift sidebar (${p.shown} of ${p.total} papers shown)`}
          onClick={p.onToggleCollapsed}
        >
          <span class="tab-logo" aria-hidden="true">
            PS
          </span>
          <span class="tab-n">{p.filter.length ? `${p.shown}/${p.total}` : p.total}</span>
        </button>
      )}
      {(!p.collapsed || p.keepPanel) && (
        <div class="panel" hidden={p.collapsed}>
          <header class="head">
            <span class="brand">PaperSift</span>
            <span class="count">
              {p.total === 0
                ? ''
                : p.shown === p.total
                  ? `${p.total} papers`
                  : `${p.shown} of ${p.total} papers`}
            </span>
            <span class="spacer" />
            <button type="button" class="link" onClick={p.onOpenReadingList}>
              Reading list
            </button>
            <button
              type="button"
              class="icon"
              aria-label="Keyboard shortcuts"
              title="Keyboard shortcuts (?)"
              onClick={() => p.onHelp(true)}
            >
              ?
            </button>
            <button
              type="button"
              class="icon"
              aria-expanded={true}
              aria-label="Collapse PaperSift sidebar"
              title="Collapse"
              onClick={p.onToggleCollapsed}
            >
              »
            </button>
          </header>

          {p.layoutMessage ? (
            <p class="problem" role="alert">
              {p.layoutMessage}
            </p>
          ) : (
            <>
              <TopicFilter
                topics={p.topics}
                counts={p.counts}
                active={p.filter}
                onToggle={p.onToggleTopic}
                onClear={p.onClearFilter}
              />
              <div class="tools">
                <input
                  ref={p.searchRef}
                  type="search"
                  class="search"
                  aria-label="Search this page"
                  placeholder="Search  /"
                  value={p.query}
                  onInput={(e) => p.onQuery((e.currentTarget as HTMLInputElement).value)}
                />
                <select
                  class="sort"
                  aria-label="Sort"
                  value={p.sort}
                  onChange={(e) => p.onSort((e.currentTarget as HTMLSelectElement).value as SortOrder)}
                >
                  <option value="page">Page order</option>
                  <option value="relevance">Relevance</option>
                </select>
                <button
                  type="button"
                  class={p.hideTriaged ? 'pill on' : 'pill'}
                  aria-pressed={p.hideTriaged}
                  title="Hide saved and dismissed papers on the page"
                  onClick={() => p.onHideTriaged(!p.hideTriaged)}
                >
                  Hide triaged{p.triagedCount ? ` (${p.triagedCount})` : ''}
                </button>
              </div>
            </>
          )}

          <div class="status" role="status" aria-live="polite">
            {p.status.map((s) =>
              s.startsWith('Classifying') ? (
                <span key="classifying">
                  <span class="sr">Classifying the papers on this page</span>
                  <span aria-hidden="true">{s}</span>
                </span>
              ) : (
                <span key={s}>{s}</span>
              ),
            )}
          </div>
          {p.warnings.map((w) => (
            <p key={w} class="warn" role="note">
              ⚠ {w}
            </p>
          ))}
          {p.notice && (
            <p class="notice" role="alert">
              {p.notice}{' '}
              <button type="button" class="link" onClick={p.onDismissNotice}>
                Close message
              </button>
            </p>
          )}

          {!p.layoutMessage && (
            <ul
              class="list"
              aria-label="Papers on this page"
              aria-busy={p.busy ? 'true' : undefined}
              hidden={p.filtered !== undefined}
              ref={p.filtered === undefined ? p.listRef : undefined}
              {...p.listProps}
            >
              {p.children}
            </ul>
          )}
          {!p.layoutMessage && p.filtered !== undefined && (
            <ul
              class="list"
              aria-label="Papers on this page"
              aria-busy={p.busy ? 'true' : undefined}
              ref={p.listRef}
              {...p.listProps}
            >
              {p.filtered}
            </ul>
          )}
          {!p.layoutMessage && p.total > 0 && p.shown === 0 && (
            <p class="empty">No paper on this page matches the filter.</p>
          )}
          {p.helpOpen && <HelpOverlay onClose={() => p.onHelp(false)} />}
        </div>
      )}
    </aside>
  );
}
