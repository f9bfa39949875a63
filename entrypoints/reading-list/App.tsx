/**
 * Reading-list container: owns data access (liveQuery through storage/reading-list.ts) and the
 * page state; the components under components/reading-list only render props.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { topicNames } from '../../components/common/labels';
import { Toast, type ToastMessage } from '../../components/common/Toast';
import { applyTheme } from '../../components/common/theme';
import { Filters } from '../../components/reading-list/Filters';
import { PaperRow, ROW_HEIGHT } from '../../components/reading-list/PaperRow';
import {
  applyQuery,
  DEFAULT_QUERY,
  type ListQuery,
  SearchIndex,
  tagsInUse,
  topicsInUse,
} from '../../components/reading-list/query';
import { VirtualList } from '../../components/reading-list/VirtualList';
import type { PaperSiftDB, PaperStatus, SavedPaper, TopicRecord } from '../../storage/db';
import {
  editPaper,
  observePapers,
  observeTheme,
  observeTopics,
  removePapers,
  restorePapers,
} from '../../storage/reading-list';

const TOAST_MS = 10_000;

export function ReadingListApp({ db }: { db: PaperSiftDB }) {
  const [papers, setPapers] = useState<SavedPaper[] | null>(null);
  const [topicRecords, setTopicRecords] = useState<TopicRecord[]>([]);
  const [query, setQuery] = useState<ListQuery>(DEFAULT_QUERY);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [activeId, setActiveId] = useState<string | null>(null);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const index = useRef(new SearchIndex()).current;
  const searchRef = useRef<HTMLInputElement>(null);
  const lastClicked = useRef<number>(-1);
  const toastTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    const subs = [
      observePapers(db, (ps) => {
        index.prune(ps);
        setPapers(ps);
      }),
      observeTopics(db, setTopicRecords),
      observeTheme(db, (t) => applyTheme(t)),
    ];
    return () => {
      for (const un of subs) un();
    };
  }, [db, index]);

  const showToast = useCallback((text: string, undo?: () => Promise<void>) => {
    clearTimeout(toastTimer.current);
    const id = Date.now();
    setToast({
      id,
      text,
      ...(undo && {
        undo: () => {
          setToast(null);
          undo().catch((e) => setError(`Undo failed: ${String(e)}`));
        },
      }),
    });
    toastTimer.current = setTimeout(() => setToast((t) => (t?.id === id ? null : t)), TOAST_MS);
  }, []);

  useEffect(() => () => clearTimeout(toastTimer.current), []);

  const run = useCallback((what: string, write: () => Promise<unknown>) => {
    write().catch((e: unknown) =>
      setError(`Could not ${what}: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, []);

  const names = useMemo(() => topicNames(topicRecords), [topicRecords]);
  const all = papers ?? [];
  const shown = useMemo(() => applyQuery(all, query, index), [all, query, index]);
  const tags = useMemo(() => tagsInUse(all), [all]);
  const topics = useMemo(() => {
    const ids = new Set(topicsInUse(all));
    for (const t of topicRecords) if (t.enabled || !t.builtin) ids.add(t.id);
    return [...ids];
  }, [all, topicRecords]);
  const listed = useMemo(() => all.filter((p) => p.status !== 'dismissed').length, [all]);

  const remove = useCallback(
    (ids: readonly string[]) => {
      run('remove', async () => {
        const removed = await removePapers(db, ids);
        setSelected((s) => {
          const next = new Set(s);
          for (const id of ids) next.delete(id);
          return next;
        });
        if (activeId && ids.includes(activeId)) setActiveId(null);
        const first = removed[0];
        if (!first) return;
        showToast(
          removed.length === 1 ? `Removed “${first.title}”` : `Removed ${removed.length} papers`,
          () => restorePapers(db, removed),
        );
      });
    },
    [db, run, showToast, activeId],
  );

  const onSelect = useCallback(
    (id: string, on: boolean, range: boolean) => {
      const i = shown.findIndex((p) => p.id === id);
      setSelected((s) => {
        const next = new Set(s);
        if (range && lastClicked.current >= 0 && i >= 0) {
          const [a, b] = [Math.min(i, lastClicked.current), Math.max(i, lastClicked.current)];
          for (const p of shown.slice(a, b + 1)) on ? next.add(p.id) : next.delete(p.id);
        } else if (on) next.add(id);
        else next.delete(id);
        return next;
      });
      lastClicked.current = i;
    },
    [shown],
  );
  const onStar = useCallback(
    (id: string, starred: boolean) => run('star the paper', () => editPaper(db, id, { starred })),
    [db, run],
  );
  const onStatus = useCallback(
    (id: string, status: PaperStatus) => run('change the status', () => editPaper(db, id, { status })),
    [db, run],
  );
  const onRemove = useCallback((id: string) => remove([id]), [remove]);
  const onDetails = useCallback((id: string) => setActiveId((cur) => (cur === id ? null : id)), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (e.key === '/' && !typing && !e.metaKey && !e.ctrlKey && !e.altKey) {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <header class="page-header">
        <div class="brand">
          <h1>Reading list</h1>
          <span class="muted">PaperSift</span>
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
        <Filters
          query={query}
          onChange={setQuery}
          topics={topics}
          names={names}
          tags={tags}
          shown={shown.length}
          total={query.status === 'active' ? listed : all.length}
          searchRef={searchRef}
        />
        <section class="list-section" aria-labelledby="papers-heading">
          <h2 id="papers-heading" class="visually-hidden">
            Saved papers
          </h2>
          {papers === null ? (
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
      </main>
      <Toast message={toast} onDismiss={() => setToast(null)} />
    </>
  );
}
