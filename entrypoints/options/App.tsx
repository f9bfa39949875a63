/** Options container: topics, sites, theme, data. Reads Dexie live; topic writes go through a TopicWriter. */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { TOPIC_DESCRIPTIONS } from '../../classifier/model';
import { parseTopicsJson, serialiseTopicsFile } from '../../classifier/topics-json';
import { ConfirmDialog } from '../../components/common/ConfirmDialog';
import { DataControls, type DataMessage } from '../../components/common/DataControls';
import { downloadFile } from '../../components/common/download';
import { pluralise, topicLabel, topicNames } from '../../components/common/labels';
import { applyTheme } from '../../components/common/theme';
import type { SearchPapers } from '../../components/options/ExamplePicker';
import { SitesSection, ThemeSection, TopicsSection } from '../../components/options/sections';
import type { TopicDraft } from '../../components/options/TopicForm';
import type { ExportFormat } from '../../lib/export/files';
import type { TopicInput } from '../../lib/protocol';
import { buildTopicsFile, importSummary, topicsFileName, topicsImportOf } from '../../lib/topics-file';
import {
  BUILTIN_TOPIC_LABELS,
  BUILTIN_TOPICS,
  type BuiltinTopicId,
  type SiteId,
  type TopicId,
} from '../../lib/types';
import type { Correction, PaperSiftDB, TopicRecord } from '../../storage/db';
import { loadTitleIndex, searchTitles, type TitleEntry } from '../../storage/paper-titles';
import {
  observe,
  observeTopics,
  parseTheme,
  SITES_KEY,
  type SiteSwitches,
  THEME_KEY,
  type Theme,
} from '../../storage/reading-list';
import { getSetting, setSetting } from '../../storage/settings';
import { type LearnedSummary, learnedSummary, listModels, listTopics } from '../../storage/topics';
import { deleteAllData, exportData, importData } from '../reading-list/data-actions';
import { type Notify, notifyNobody, withAliasesOf } from '../reading-list/notify';
import { TopicLearned } from './TopicLearned';
import type { TopicWriter } from './topic-writer';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** `user:<slug>`, unique among the given ids, valid as a protocol topic id. */
export function userTopicId(name: string, taken: ReadonlySet<string>): string {
  const slug =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'topic';
  let id = `user:${slug}`;
  for (let i = 2; taken.has(id); i++) id = `user:${slug}-${i}`;
  return id;
}

/**
 * Saved-paper search for a topic's example papers: the titles are read on the first keystroke of
 * each form opened (so papers saved meanwhile are found) and searched in memory after that.
 */
function titleSearch(db: PaperSiftDB): SearchPapers {
  let index: Promise<TitleEntry[]> | undefined;
  return async (query) => {
    index ??= loadTitleIndex(db);
    return searchTitles(await index, query, 8).map((e) => ({
      paperId: e.id,
      title: e.title,
      abstract: e.abstract,
    }));
  };
}

function toInput(t: TopicRecord): TopicInput {
  const { builtin: _b, createdAt: _c, ...rest } = t;
  return rest;
}

export interface OptionsAppProps {
  db: PaperSiftDB;
  topics: TopicWriter;
  notify?: Notify;
}

export function OptionsApp({ db, topics: writer, notify = notifyNobody }: OptionsAppProps) {
  const [records, setRecords] = useState<TopicRecord[]>([]);
  const [sites, setSites] = useState<SiteSwitches>({});
  const [theme, setTheme] = useState<Theme>('system');
  const [paperCount, setPaperCount] = useState(0);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dataMessage, setDataMessage] = useState<DataMessage | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [topicToDelete, setTopicToDelete] = useState<TopicRecord | null>(null);
  const [fileBusy, setFileBusy] = useState(false);
  const [fileMessage, setFileMessage] = useState<DataMessage | null>(null);
  const [learned, setLearned] = useState<LearnedSummary>({ corrections: new Map(), models: new Set() });
  const [resetTarget, setResetTarget] = useState<{ topic: TopicId; name: string } | null>(null);
  const [resetBusy, setResetBusy] = useState(false);
  const [learnedMessage, setLearnedMessage] = useState<string | null>(null);

  useEffect(() => {
    const subs = [
      observeTopics(db, setRecords),
      observe(
        () => learnedSummary(db),
        setLearned,
        (e) => setError(`Could not read the corrections: ${errorText(e)}`),
      ),
      observe(
        async () => ({
          sites: await getSetting<unknown>(db, SITES_KEY, {}),
          theme: parseTheme(await getSetting<unknown>(db, THEME_KEY, 'system')),
          papers: await db.papers.count(),
        }),
        (v) => {
          setSites(v.sites && typeof v.sites === 'object' ? (v.sites as SiteSwitches) : {});
          setTheme(v.theme);
          applyTheme(v.theme);
          setPaperCount(v.papers);
        },
      ),
    ];
    return () => {
      for (const un of subs) un();
    };
  }, [db]);

  const run = useCallback((what: string, write: () => Promise<unknown>) => {
    setError(null);
    write().catch((e: unknown) => setError(`Could not ${what}: ${errorText(e)}`));
  }, []);

  const onLearnedError = useCallback(
    (e: unknown) => setError(`Could not read the corrections: ${errorText(e)}`),
    [],
  );
  const correctionsTotal = useMemo(
    () => [...learned.corrections.values()].reduce((a, n) => a + n, 0),
    [learned],
  );
  const undoCorrection = (c: Correction) => {
    setError(null);
    setLearnedMessage(null);
    return writer
      .undo(c.seq ?? 0)
      .catch((e: unknown) =>
        setError(`Could not undo the correction of “${c.title}”: ${errorText(e)}. Nothing was changed.`),
      );
  };
  const resetCount = resetTarget ? (learned.corrections.get(resetTarget.topic) ?? 0) : 0;
  const resetTopic = () => {
    const t = resetTarget;
    if (!t) return;
    setResetBusy(true);
    setError(null);
    setLearnedMessage(null);
    writer
      .reset(t.topic)
      .then((n) => setLearnedMessage(`Reset ${t.name}: ${pluralise(n, 'correction')} removed`))
      .catch((e: unknown) => setError(`Could not reset ${t.name}: ${errorText(e)}. Nothing was removed.`))
      .finally(() => {
        setResetBusy(false);
        setResetTarget(null);
      });
  };
  const renderLearned = (topic: TopicId, name: string) => (
    <TopicLearned
      db={db}
      topic={topic}
      name={name}
      count={learned.corrections.get(topic) ?? 0}
      hasModel={learned.models.has(topic)}
      onUndo={undoCorrection}
      onReset={() => setResetTarget({ topic, name })}
      onError={onLearnedError}
    />
  );

  const byId = useMemo(() => new Map(records.map((r) => [r.id, r])), [records]);
  const builtinEnabled = useMemo(
    () =>
      Object.fromEntries(BUILTIN_TOPICS.map((t) => [t, byId.get(t)?.enabled ?? true])) as Record<
        BuiltinTopicId,
        boolean
      >,
    [byId],
  );
  const userTopics = useMemo(
    () =>
      records.filter((r) => !r.builtin && r.id.startsWith('user:')).sort((a, b) => a.createdAt - b.createdAt),
    [records],
  );
  const names = useMemo(() => topicNames(records), [records]);
  // A fresh title index for every form opened.
  const searchPapers = useMemo(() => (editing === null ? undefined : titleSearch(db)), [db, editing]);

  const toggleBuiltin = (id: BuiltinTopicId, enabled: boolean) =>
    run('switch the topic', () => {
      const cur = byId.get(id);
      return writer.save(
        cur
          ? { ...toInput(cur), enabled }
          : {
              id,
              name: BUILTIN_TOPIC_LABELS[id],
              description: TOPIC_DESCRIPTIONS[id],
              include: [],
              exclude: [],
              enabled,
              examples: [],
            },
      );
    });

  const saveTopic = async (id: string | 'new', d: TopicDraft) => {
    const cur = id === 'new' ? undefined : byId.get(id);
    const topicId = cur?.id ?? userTopicId(d.name, new Set(byId.keys()));
    await writer.save({
      ...(cur ? toInput(cur) : { enabled: true, examples: [] }),
      id: topicId,
      name: d.name,
      description: d.description,
      include: d.include,
      exclude: d.exclude,
      examples: d.examples,
    });
    setEditing(null);
  };

  const exportTopicsFile = () => {
    setFileBusy(true);
    setFileMessage(null);
    (async () => {
      const [topics, models] = await Promise.all([listTopics(db), listModels(db)]);
      const file = buildTopicsFile(topics, models, (m, e) => console.warn(`PaperSift: ${m}`, e));
      const filename = topicsFileName();
      downloadFile({ filename, mime: 'application/json', text: serialiseTopicsFile(file) });
      setFileMessage({
        kind: 'ok',
        text: `Saved ${filename} with ${pluralise(file.topics.length, 'topic')} of your own.`,
      });
    })()
      .catch((e) => setFileMessage({ kind: 'error', text: `Could not export the topics: ${errorText(e)}` }))
      .finally(() => setFileBusy(false));
  };
  const importTopicsFile = (f: File) => {
    setFileBusy(true);
    setFileMessage(null);
    (async () => {
      const parsed = parseTopicsJson(await f.text());
      const result = await writer.importTopics(topicsImportOf(parsed));
      setFileMessage({ kind: 'ok', text: importSummary(result) });
    })()
      .catch((e) =>
        setFileMessage({
          kind: 'error',
          text: `Could not import ${f.name}: ${errorText(e).replace(/\.$/, '')}. Nothing was changed.`,
        }),
      )
      .finally(() => setFileBusy(false));
  };

  const setSite = (site: SiteId, on: boolean) =>
    run('save the sites', () =>
      setSetting(db, SITES_KEY, { arxiv: true, huggingface: true, openreview: true, ...sites, [site]: on }),
    );

  const onExport = (format: ExportFormat) => {
    setBusy(true);
    exportData(db, format, null, (t) => topicLabel(names, t))
      .then(setDataMessage)
      .catch((e) => setDataMessage({ kind: 'error', text: `Export failed: ${errorText(e)}` }))
      .finally(() => setBusy(false));
  };
  const onImport = (file: File) => {
    setBusy(true);
    setDataMessage(null);
    importData(db, file, withAliasesOf(db, notify))
      .then(setDataMessage)
      .finally(() => setBusy(false));
  };
  const deleteAll = () => {
    setBusy(true);
    (async () => {
      await deleteAllData(db, notify);
      setDataMessage({ kind: 'ok', text: 'Everything was deleted. PaperSift starts afresh.' });
    })()
      .catch((e) =>
        setDataMessage({ kind: 'error', text: `Could not delete: ${errorText(e)}. Nothing was deleted.` }),
      )
      .finally(() => {
        setBusy(false);
        setConfirmDelete(false);
      });
  };

  return (
    <>
      <header class="page-header">
        <div class="brand">
          <h1>Options</h1>
          <span class="muted">PaperSift</span>
        </div>
        <nav aria-label="PaperSift pages">
          <a href="/reading-list.html">Reading list</a>
        </nav>
      </header>
      <main class="options-main">
        {error && (
          <p class="alert" role="alert">
            {error}
          </p>
        )}
        <TopicsSection
          builtinEnabled={builtinEnabled}
          descriptions={TOPIC_DESCRIPTIONS}
          userTopics={userTopics}
          editing={editing}
          onToggleBuiltin={toggleBuiltin}
          onToggleUser={(t, enabled) =>
            run('switch the topic', () => writer.save({ ...toInput(t), enabled }))
          }
          onEdit={setEditing}
          onSave={saveTopic}
          onDelete={setTopicToDelete}
          searchPapers={searchPapers}
          onExportTopics={exportTopicsFile}
          onImportTopics={importTopicsFile}
          fileBusy={fileBusy}
          fileMessage={fileMessage}
          correctionsTotal={correctionsTotal}
          learnedMessage={learnedMessage}
          renderLearned={renderLearned}
        />
        <SitesSection sites={sites} onChange={setSite} />
        <ThemeSection
          theme={theme}
          onChange={(t) => run('save the theme', () => setSetting(db, THEME_KEY, t))}
        />
        <section class="card options-section" aria-labelledby="data-heading">
          <h2 id="data-heading">Data</h2>
          <p class="muted small">
            Everything stays in this browser. Export a JSON backup to keep it safe or move it; importing
            merges papers by id and never doubles them.
          </p>
          <DataControls onExport={onExport} onImport={onImport} busy={busy} message={dataMessage} />
          <div class="danger-zone">
            <p class="small">
              Delete all {pluralise(paperCount, 'paper')}, tags, notes, your topics, corrections and settings.
            </p>
            <button type="button" class="danger" onClick={() => setConfirmDelete(true)} disabled={busy}>
              Delete everything…
            </button>
          </div>
        </section>
      </main>
      <ConfirmDialog
        open={confirmDelete}
        title="Delete everything?"
        confirmLabel="Delete everything"
        busy={busy}
        onConfirm={deleteAll}
        onCancel={() => setConfirmDelete(false)}
      >
        <p>
          This removes {pluralise(paperCount, 'saved paper')} with their tags and notes, your topics,
          corrections, learned models and settings from this browser. It cannot be undone.
        </p>
        <p>Export a JSON backup first if you may want them back.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={resetTarget !== null}
        title={`Reset ${resetTarget?.name ?? ''} to defaults?`}
        confirmLabel="Reset topic"
        busy={resetBusy}
        onConfirm={resetTopic}
        onCancel={() => setResetTarget(null)}
      >
        <p>
          This removes {pluralise(resetCount, 'correction')} and what PaperSift learned for{' '}
          {resetTarget?.name ?? ''} from them. The topic's switch, threshold
          {resetTarget?.topic.startsWith('user:') ? ', phrases and example papers' : ''} stay as they are.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={topicToDelete !== null}
        title={`Delete the topic “${topicToDelete?.name ?? ''}”?`}
        confirmLabel="Delete topic"
        onConfirm={() => {
          const t = topicToDelete;
          setTopicToDelete(null);
          if (t) run('delete the topic', () => writer.remove(t.id));
        }}
        onCancel={() => setTopicToDelete(null)}
      >
        <p>
          Its corrections and what PaperSift learned for it are deleted too. Papers keep their other topics.
        </p>
      </ConfirmDialog>
    </>
  );
}
