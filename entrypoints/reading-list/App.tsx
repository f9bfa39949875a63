/**
 * Reading-list container: owns data access (liveQuery through storage/) and page state; the
 * components under components/reading-list only render props.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { DataControls, type DataMessage, type ExportScope } from '../../components/common/DataControls';
import { pluralise, STATUS_LABELS, topicLabel, topicNames } from '../../components/common/labels';
import { Toast, type ToastMessage } from '../../components/common/Toast';
import { applyTheme } from '../../components/common/theme';
import { BulkBar } from '../../components/reading-list/BulkBar';
import { DetailsPanel } from '../../components/reading-list/DetailsPanel';
import { Filters } from '../../components/reading-list/Filters';
import { Overview } from '../../components/reading-list/Overview';
import { computeOverview } from '../../components/reading-list/overview';
import { PaperRow, ROW_HEIGHT } from '../../components/reading-list/PaperRow';
import {
  DEFAULT_QUERY,
  type ListQuery,
  QueryRunner,
  SearchIndex,
  tagsInUse,
  topicsInUse,
} from '../../components/reading-list/query';
import { VirtualList } from '../../components/reading-list/VirtualList';
import type { ExportFormat } from '../../lib/export/files';
import type { PaperSiftDB, PaperStatus, SavedPaper, TopicRecord } from '../../storage/db';
import { editPapers, removePapers, restorePapers } from '../../storage/papers';
import {
  editWithUndo,
  observePapers,
  observeTheme,
  observeTopics,
  undoEdit,
} from '../../storage/reading-list';
import { exportData, importData } from './data-actions';
import { type Notify, notifyNobody, withAliasesOf } from './notify';

const TOAST_MS = 10_000;
/**
 * Papers read and shown first, before the whole list has loaded: the rows a window can show (even
 * with the list at its top), plus one. Each row is ~30 elements to build, style and lay out, and
 * the 40 rendered before (most of them below the fold) made up most of the first paint's work.
 */
function firstScreenRows(): number {
  return Math.ceil((window.innerHeight || 800) / ROW_HEIGHT) + 1;
}
const OVERVIEW_KEY = 'papersift.reading-list.overview';
const NO_PAPERS: readonly SavedPaper[] = [];

function readOverviewPref(): boolean {
  try {
    return localStorage.getItem(OVERVIEW_KEY) !== 'hidden';
  } catch {
    return true;
  }
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function ReadingListApp({
  db,
  notify: notifyIds = notifyNobody,
}: {
  db: PaperSiftDB;
  notify?: Notify;
}) {
  const notify = useMemo(() => withAliasesOf(db, notifyIds), [db, notifyIds]);
  const [papers, setPapers] = useState<SavedPaper[] | null>(null);
  /** false while only the first screen (newest saved) is loaded. */
  const [complete, setComplete] = useState(false);
  const [topicRecords, setTopicRecords] = useState<TopicRecord[]>([]);
  const [query, setQuery] = useState<ListQuery>(DEFAULT_QUERY);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [activeId, setActiveId] = useState<string | null>(null);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [showOverview, setShowOverview] = useState(readOverviewPref);
  const [scope, setScope] = useState<ExportScope>('all');
  const [busy, setBusy] = useState(false);
  const [dataMessage, setDataMessage] = useState<DataMessage | null>(null);
  const index = useRef(new SearchIndex()).current;
  const runner = useRef(new QueryRunner(index)).current;
  const searchRef = useRef<HTMLInputElement>(null);
  const lastClicked = useRef<number>(-1);
  const toastTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const focusAfterRemove = useRef<number | null>(null);

  // A layout effect, not an effect: the first-screen query starts before the first paint instead
  // of a frame after it.
  useLayoutEffect(() => {
    const subs = [
      observePapers(
        db,
        (ps, done) => {
          setPapers(ps);
          setComplete(done);
        },
        // A search typed while the list loads then finds the haystacks ready instead of building
        // 50,000 of them in one long task when the last chunk arrives.
        { firstScreen: firstScreenRows(), onChunk: (ps) => index.warmNow(ps) },
      ),
      observeTopics(db, setTopicRecords),
      observeTheme(db, (t) => applyTheme(t)),
    ];
    return () => {
      for (const un of subs) un();
    };
  }, [db, index]);

  const showToast = useCallback((text: string, undo?: () => Promise<void>) => {
    clearTimeout(toastTimer.current);
    const id = Date.now() + Math.random();
    setToast({
      id,
      text,
      ...(undo && {
        undo: () => {
          setToast(null);
          undo().catch((e) => setError(`Undo failed: ${errorText(e)}`));
        },
      }),
    });
    toastTimer.current = setTimeout(() => setToast((t) => (t?.id === id ? null : t)), TOAST_MS);
  }, []);
  useEffect(() => () => clearTimeout(toastTimer.current), []);

  const run = useCallback((what: string, write: () => Promise<unknown>) => {
    write().catch((e: unknown) => setError(`Could not ${what}: ${errorText(e)}`));
  }, []);

  const all = papers ?? [];
  const names = useMemo(() => topicNames(topicRecords), [topicRecords]);
  const shown = useMemo(() => runner.run(all, query), [all, query, runner]);
  // Search haystacks are built between tasks once everything is loaded, ready for the first key.
  useEffect(() => (complete && papers ? index.warm(papers) : undefined), [complete, papers, index]);
  // The facets and the overview describe the whole list: computed once it has all loaded (from
  // the first screen they would be wrong, and they would cost the first paint its time).
  const loaded = complete ? all : NO_PAPERS;
  const tags = useMemo(() => tagsInUse(loaded), [loaded]);
  const topics = useMemo(() => {
    const ids = new Set(topicsInUse(loaded));
    for (const t of topicRecords) if (!t.builtin) ids.add(t.id);
    return [...ids];
  }, [loaded, topicRecords]);
  const listed = useMemo(() => all.filter((p) => p.status !== 'dismissed'), [all]);
  const overview = useMemo(
    () => (showOverview && complete ? computeOverview(all) : null),
    [all, showOverview, complete],
  );
  const byId = useMemo(() => new Map(all.map((p) => [p.id, p])), [all]);
  // Selection only ever holds papers that still exist (others may be removed in another tab).
  const selectedIds = useMemo(() => [...selected].filter((id) => byId.has(id)), [selected, byId]);
  const active = activeId ? byId.get(activeId) : undefined;
  // Nothing selected (the usual case while typing a search) needs no pass over 50,000 papers.
  const allShownSelected = selected.size > 0 && shown.length > 0 && shown.every((p) => selected.has(p.id));
  const someShownSelected = selected.size > 0 && !allShownSelected && shown.some((p) => selected.has(p.id));

  useEffect(() => {
    if (scope === 'selected' && selectedIds.length === 0) setScope('all');
  }, [scope, selectedIds.length]);

  const forget = useCallback((ids: readonly string[]) => {
    setSelected((s) => {
      const next = new Set(s);
      for (const id of ids) next.delete(id);
      return next;
    });
    setActiveId((cur) => (cur && ids.includes(cur) ? null : cur));
  }, []);

  const remove = useCallback(
    (ids: readonly string[]) => {
      const at = shown.findIndex((p) => ids.includes(p.id));
      run('remove', async () => {
        const removed = await removePapers(db, ids);
        notify(ids);
        forget(ids);
        focusAfterRemove.current = at;
        const first = removed[0];
        if (!first) return;
        showToast(
          removed.length === 1 ? `Removed “${first.title}”` : `Removed ${pluralise(removed.length, 'paper')}`,
          async () => {
            await restorePapers(db, removed);
            notify(removed.map((p) => p.id));
          },
        );
      });
    },
    [db, run, showToast, forget, shown, notify],
  );

  // Keyboard users keep their place: after a removal, focus moves to the row that took its spot.
  useLayoutEffect(() => {
    const at = focusAfterRemove.current;
    if (at === null) return;
    focusAfterRemove.current = null;
    const target = shown[Math.min(at, shown.length - 1)];
    const el =
      target &&
      document.querySelector<HTMLElement>(`[data-paper-id="${CSS.escape(target.id)}"] .row-title a`);
    (el ?? searchRef.current)?.focus();
  }, [shown]);

  const bulk = useCallback(
    (what: string, edit: Parameters<typeof editWithUndo>[2]) => {
      const ids = selectedIds;
      run(what, async () => {
        const undo = await editWithUndo(db, ids, edit);
        showToast(
          `${what[0]?.toUpperCase()}${what.slice(1)}: ${pluralise(undo.before.length, 'paper')}`,
          () => undoEdit(db, undo),
        );
      });
    },
    [db, run, showToast, selectedIds],
  );

  const onSelect = useCallback(
    (id: string, on: boolean, range: boolean) => {
      const i = shown.findIndex((p) => p.id === id);
      setSelected((s) => {
        const next = new Set(s);
        if (range && lastClicked.current >= 0 && i >= 0) {
          const [a, b] = [Math.min(i, lastClicked.current), Math.max(i, lastClicked.current)];
          for (const p of shown.slice(a, b + 1)) {
            if (on) next.add(p.id);
            else next.delete(p.id);
          }
        } else if (on) next.add(id);
        else next.delete(id);
        return next;
      });
      lastClicked.current = i;
    },
    [shown],
  );
  const editOne = useCallback(
    (what: string, id: string, edit: Parameters<typeof editPapers>[2]) =>
      run(what, async () => {
        await editPapers(db, [id], edit);
        notify([id]);
      }),
    [db, run, notify],
  );
  const onStar = useCallback(
    (id: string, starred: boolean) => editOne('star the paper', id, { starred }),
    [editOne],
  );
  const onStatus = useCallback(
    (id: string, status: PaperStatus) => editOne('change the status', id, { status }),
    [editOne],
  );
  const onAddTags = useCallback(
    (id: string, tags: string[]) => editOne('add the tag', id, { addTags: tags }),
    [editOne],
  );
  const onRemoveTag = useCallback(
    (id: string, tag: string) => editOne('remove the tag', id, { removeTags: [tag] }),
    [editOne],
  );
  const onNotes = useCallback(
    async (id: string, notes: string) => {
      try {
        await editPapers(db, [id], { notes });
        notify([id]);
      } catch (e) {
        setError(`Could not save the notes: ${errorText(e)}`);
        throw e;
      }
    },
    [db, notify],
  );
  const onRemove = useCallback((id: string) => remove([id]), [remove]);
  const onDetails = useCallback((id: string) => setActiveId((cur) => (cur === id ? null : id)), []);

  const onExport = useCallback(
    (format: ExportFormat) => {
      const list =
        scope === 'all'
          ? null
          : scope === 'shown'
            ? shown
            : selectedIds.map((id) => byId.get(id) as SavedPaper);
      setBusy(true);
      exportData(db, format, list, (t) => topicLabel(names, t))
        .then(setDataMessage)
        .catch((e) => setDataMessage({ kind: 'error', text: `Export failed: ${errorText(e)}` }))
        .finally(() => setBusy(false));
    },
    [db, scope, shown, selectedIds, byId, names],
  );
  const onImport = useCallback(
    (file: File) => {
      setBusy(true);
      setDataMessage(null);
      importData(db, file, notify)
        .then(setDataMessage)
        .finally(() => setBusy(false));
    },
    [db, notify],
  );

  // Keyboard: "/" search, j/k move between papers, x select, s star, Escape closes details.
  const keyState = useRef({ shown, selected, activeId });
  keyState.current = { shown, selected, activeId };
  const [scrollTo, setScrollTo] = useState<number | undefined>(undefined);
  const focusRow = useCallback((index: number) => {
    setScrollTo(index);
    let tries = 0;
    const attempt = () => {
      const el = document.querySelector<HTMLElement>(`.paper-row[aria-posinset="${index + 1}"] .row-title a`);
      if (el) el.focus();
      else if (tries++ < 10) requestAnimationFrame(attempt);
    };
    requestAnimationFrame(attempt);
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      const typing =
        t &&
        (t.isContentEditable ||
          /^(TEXTAREA|SELECT)$/.test(t.tagName) ||
          (t instanceof HTMLInputElement && !/^(checkbox|radio|button|submit)$/.test(t.type)));
      if (typing) return;
      const { shown: list, activeId: open } = keyState.current;
      const row = t?.closest<HTMLElement>('.paper-row');
      const at = row ? Number(row.getAttribute('aria-posinset')) - 1 : -1;
      const current = at >= 0 ? list[at] : undefined;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'Escape' && open) {
        setActiveId(null);
      } else if ((e.key === 'j' || e.key === 'k') && list.length) {
        e.preventDefault();
        const next = at < 0 ? 0 : Math.max(0, Math.min(list.length - 1, at + (e.key === 'j' ? 1 : -1)));
        focusRow(next);
      } else if (e.key === 'x' && current) {
        e.preventDefault();
        onSelect(current.id, !keyState.current.selected.has(current.id), false);
      } else if (e.key === 's' && current) {
        e.preventDefault();
        onStar(current.id, !current.starred);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [focusRow, onSelect, onStar]);

  const toggleOverview = () => {
    const next = !showOverview;
    setShowOverview(next);
    try {
      localStorage.setItem(OVERVIEW_KEY, next ? 'shown' : 'hidden');
    } catch {
      /* private mode: the preference just isn't remembered */
    }
  };

  return (
    <>
      <header class="page-header">
        <div class="brand">
          <h1>Reading list</h1>
          <span class="muted">PaperSift · {complete ? pluralise(listed.length, 'paper') : 'loading…'}</span>
        </div>
        <nav aria-label="PaperSift pages">
          <a href="/options.html">Options</a>
        </nav>
      </header>
      <main class="page-main">
        {error && (
          <div class="alert" role="alert">
            {error}{' '}
            <button type="button" class="quiet" onClick={() => setError(null)}>
              Dismiss
            </button>
          </div>
        )}
        <section class="overview-section card" aria-labelledby="overview-heading">
          <div class="section-head">
            <h2 id="overview-heading">Overview</h2>
            <button type="button" class="quiet" aria-expanded={showOverview} onClick={toggleOverview}>
              {showOverview ? 'Hide overview' : 'Show overview'}
            </button>
          </div>
          {overview ? (
            <Overview data={overview} names={names} />
          ) : (
            showOverview && <p class="muted">Loading…</p>
          )}
        </section>
        <Filters
          query={query}
          onChange={setQuery}
          topics={topics}
          names={names}
          tags={tags}
          shown={shown.length}
          total={query.status === 'active' ? listed.length : all.length}
          searchRef={searchRef}
        />
        <section class="data-section" aria-label="Export and import">
          <DataControls
            counts={{ all: listed.length, shown: shown.length, selected: selectedIds.length }}
            scope={scope}
            onScope={setScope}
            onExport={onExport}
            onImport={onImport}
            busy={busy}
            message={dataMessage}
          />
        </section>
        <div class={`layout${active ? ' with-details' : ''}`}>
          <section class="list-section" aria-labelledby="papers-heading">
            <div class="list-head">
              <label class="check">
                <input
                  type="checkbox"
                  checked={allShownSelected}
                  indeterminate={someShownSelected}
                  disabled={shown.length === 0}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setSelected((s) => {
                      const next = new Set(s);
                      for (const p of shown) {
                        if (on) next.add(p.id);
                        else next.delete(p.id);
                      }
                      return next;
                    });
                  }}
                />
                Select all shown
              </label>
              <h2 id="papers-heading" class="visually-hidden">
                Saved papers
              </h2>
              <p class="keys muted small" id="keys-hint">
                Keys: <kbd>/</kbd> search · <kbd>j</kbd> <kbd>k</kbd> next, previous · <kbd>x</kbd> select ·{' '}
                <kbd>s</kbd> star
              </p>
            </div>
            {selectedIds.length > 0 && (
              <BulkBar
                count={selectedIds.length}
                allTags={tags}
                onStatus={(status) => bulk(`marked ${STATUS_LABELS[status].toLowerCase()}`, { status })}
                onAddTag={(tag) => bulk(`tagged “${tag}”`, { addTags: [tag] })}
                onRemoveTag={(tag) => bulk(`removed tag “${tag}”`, { removeTags: [tag] })}
                onDelete={() => remove(selectedIds)}
                onClear={() => setSelected(new Set())}
              />
            )}
            {papers === null || (!complete && shown.length === 0) ? (
              <p class="muted">Loading…</p>
            ) : shown.length === 0 ? (
              <p class="empty muted">
                {all.length === 0
                  ? 'No saved papers yet. Save papers from the PaperSift sidebar on arXiv, Hugging Face or OpenReview.'
                  : 'No saved paper matches these filters.'}
              </p>
            ) : (
              <VirtualList
                items={shown}
                rowHeight={ROW_HEIGHT}
                scrollToIndex={scrollTo}
                label="Saved papers"
                renderRow={(p, i) => (
                  <PaperRow
                    key={p.id}
                    paper={p}
                    names={names}
                    selected={selected.has(p.id)}
                    active={activeId === p.id}
                    posInSet={i + 1}
                    setSize={shown.length}
                    onSelect={onSelect}
                    onStar={onStar}
                    onStatus={onStatus}
                    onRemove={onRemove}
                    onDetails={onDetails}
                  />
                )}
              />
            )}
          </section>
          {active && (
            <DetailsPanel
              paper={active}
              names={names}
              allTags={tags}
              onStatus={onStatus}
              onStar={onStar}
              onAddTags={onAddTags}
              onRemoveTag={onRemoveTag}
              onNotes={onNotes}
              onRemove={onRemove}
              onClose={() => setActiveId(null)}
            />
          )}
        </div>
      </main>
      <Toast message={toast} onDismiss={() => setToast(null)} />
    </>
  );
}
