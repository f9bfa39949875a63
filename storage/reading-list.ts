/**
 * Queries and writes of the extension pages (reading list, options, popup). They run in the
 * extension origin, so they use the one database directly; every multi-record write is one
 * transaction (CONVENTIONS.md "Data"): it all lands or nothing changes.
 */
import { liveQuery } from 'dexie';
import type { BackupData } from '../lib/export/backup';
import type { SkippedEntry } from '../lib/export/bibtex-parse';
import { parseImportFile } from '../lib/export/files';
import { correctionKey, mergeFromBackup, mergeFromBibtex, stableJson } from '../lib/export/merge';
import { normaliseTags } from '../lib/export/tags';
import type { Result } from '../lib/protocol';
import type { SiteId, TopicId } from '../lib/types';
import type { Correction, PaperSiftDB, PaperStatus, SavedPaper, SettingRecord, TopicRecord } from './db';

export type Unsubscribe = () => void;

/**
 * Calls `onValue` with the result of `query` now and after every change to the tables it read,
 * in this tab or any other context of the extension (Dexie liveQuery).
 */
export function observe<T>(
  query: () => Promise<T>,
  onValue: (value: T) => void,
  onError: (error: unknown) => void = (e) => console.error('PaperSift live query failed', e),
): Unsubscribe {
  const sub = liveQuery(query).subscribe({ next: onValue, error: onError });
  return () => sub.unsubscribe();
}

/** Every paper record (saved and dismissed), in no particular order. */
export function allPapers(db: PaperSiftDB): Promise<SavedPaper[]> {
  return db.papers.toArray();
}

export function observePapers(db: PaperSiftDB, onValue: (papers: SavedPaper[]) => void): Unsubscribe {
  return observe(() => allPapers(db), onValue);
}

export interface ListCounts {
  /** Papers in the reading list (every status but dismissed). */
  saved: number;
  toRead: number;
}

export async function listCounts(db: PaperSiftDB): Promise<ListCounts> {
  const [all, dismissed, toRead] = await Promise.all([
    db.papers.count(),
    db.papers.where('status').equals('dismissed').count(),
    db.papers.where('status').equals('to-read').count(),
  ]);
  return { saved: all - dismissed, toRead };
}

export type PaperEdit = Partial<Pick<SavedPaper, 'status' | 'tags' | 'notes' | 'starred'>>;

/** Edits one paper's reading-list fields. Returns false when the paper is gone (removed elsewhere). */
export async function editPaper(db: PaperSiftDB, id: string, edit: PaperEdit): Promise<boolean> {
  const changes: PaperEdit & { updatedAt: number } = { ...edit, updatedAt: Date.now() };
  if (edit.tags) changes.tags = normaliseTags(edit.tags);
  return (await db.papers.update(id, changes)) === 1;
}

/** Removes papers and returns the removed records, so the caller can offer undo. */
export function removePapers(db: PaperSiftDB, ids: readonly string[]): Promise<SavedPaper[]> {
  return db.transaction('rw', db.papers, async () => {
    const found = (await db.papers.bulkGet([...ids])).filter((p): p is SavedPaper => p !== undefined);
    await db.papers.bulkDelete(found.map((p) => p.id));
    return found;
  });
}

/**
 * Puts removed records back (undo). A paper saved again in the meantime (from a sidebar) is kept
 * as it is now, and the undone copy is dropped: the newer write wins.
 */
export function restorePapers(db: PaperSiftDB, papers: readonly SavedPaper[]): Promise<void> {
  return db.transaction('rw', db.papers, async () => {
    const now = await db.papers.bulkGet(papers.map((p) => p.id));
    await db.papers.bulkPut(papers.filter((_, i) => now[i] === undefined));
  });
}

/** Snapshot of papers before a bulk edit, for undo. */
export interface BulkUndo {
  before: SavedPaper[];
}

async function bulkModify(
  db: PaperSiftDB,
  ids: readonly string[],
  change: (p: SavedPaper) => SavedPaper,
): Promise<BulkUndo> {
  return db.transaction('rw', db.papers, async () => {
    const before = (await db.papers.bulkGet([...ids])).filter((p): p is SavedPaper => p !== undefined);
    const now = Date.now();
    await db.papers.bulkPut(before.map((p) => ({ ...change(p), updatedAt: now })));
    return { before };
  });
}

export function bulkSetStatus(
  db: PaperSiftDB,
  ids: readonly string[],
  status: PaperStatus,
): Promise<BulkUndo> {
  return bulkModify(db, ids, (p) => ({ ...p, status }));
}

export function bulkAddTags(
  db: PaperSiftDB,
  ids: readonly string[],
  tags: readonly string[],
): Promise<BulkUndo> {
  return bulkModify(db, ids, (p) => ({ ...p, tags: normaliseTags([...p.tags, ...tags]) }));
}

export function bulkRemoveTags(
  db: PaperSiftDB,
  ids: readonly string[],
  tags: readonly string[],
): Promise<BulkUndo> {
  const drop = new Set(tags.map((t) => t.toLowerCase()));
  return bulkModify(db, ids, (p) => ({ ...p, tags: p.tags.filter((t) => !drop.has(t.toLowerCase())) }));
}

/** Undoes a bulk edit: the records as they were before it (papers removed since stay removed). */
export function undoBulk(db: PaperSiftDB, undo: BulkUndo): Promise<void> {
  return db.transaction('rw', db.papers, async () => {
    const now = await db.papers.bulkGet(undo.before.map((p) => p.id));
    await db.papers.bulkPut(undo.before.filter((_, i) => now[i] !== undefined));
  });
}

// ---------------------------------------------------------------- topics

export function allTopics(db: PaperSiftDB): Promise<TopicRecord[]> {
  return db.topics.toArray();
}

export function observeTopics(db: PaperSiftDB, onValue: (topics: TopicRecord[]) => void): Unsubscribe {
  return observe(() => allTopics(db), onValue);
}

export async function putTopic(db: PaperSiftDB, topic: TopicRecord): Promise<void> {
  await db.topics.put(topic);
}

/** Deletes a user topic. Papers keep the topic id in their history; it just shows by id. */
export async function deleteTopic(db: PaperSiftDB, id: TopicId): Promise<void> {
  await db.transaction('rw', db.topics, db.models, async () => {
    await db.topics.delete(id);
    await db.models.delete(id);
  });
}

// ---------------------------------------------------------------- settings

export type Theme = 'light' | 'dark' | 'system';
export const THEME_KEY = 'theme';
export const SITES_KEY = 'sites';
/** settings['sites']: which sites the content script runs its sidebar on (missing = on). */
export type SiteSwitches = Partial<Record<SiteId, boolean>>;

export async function getSetting<T>(db: PaperSiftDB, key: string): Promise<T | undefined> {
  return (await db.settings.get(key))?.value as T | undefined;
}

export async function setSetting(db: PaperSiftDB, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value } satisfies SettingRecord);
}

export function parseTheme(v: unknown): Theme {
  return v === 'light' || v === 'dark' ? v : 'system';
}

export function observeTheme(db: PaperSiftDB, onValue: (theme: Theme) => void): Unsubscribe {
  return observe(async () => parseTheme(await getSetting(db, THEME_KEY)), onValue);
}

/** Deletes every record of every table, in one transaction. */
export async function deleteEverything(db: PaperSiftDB): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    await Promise.all(db.tables.map((t) => t.clear()));
  });
}

// ---------------------------------------------------------------- backup and import

/** Everything a JSON backup holds (the abstracts cache is left out: it can be fetched again). */
export async function readBackupData(db: PaperSiftDB): Promise<BackupData> {
  return db.transaction('r', [db.papers, db.topics, db.corrections, db.models, db.settings], async () => {
    const [papers, topics, corrections, models, settings] = await Promise.all([
      db.papers.toArray(),
      db.topics.toArray(),
      db.corrections.toArray(),
      db.models.toArray(),
      db.settings.toArray(),
    ]);
    return { papers, topics, corrections, models, settings };
  });
}

export type ImportSource = 'backup' | 'bibtex';

export interface ImportSummary {
  added: number;
  merged: number;
  unchanged: number;
  topics: number;
  corrections: number;
  models: number;
  settings: number;
}

/**
 * Applies validated import data in ONE transaction: all of it lands or, on any failure (quota,
 * a worker killed mid-way), nothing changes. Papers merge by canonical id; a backup's topics,
 * models and settings replace the stored ones with the same key; corrections are added once.
 */
export async function applyImport(
  db: PaperSiftDB,
  data: Partial<BackupData> & { papers: SavedPaper[] },
  source: ImportSource,
): Promise<ImportSummary> {
  const summary: ImportSummary = {
    added: 0,
    merged: 0,
    unchanged: 0,
    topics: 0,
    corrections: 0,
    models: 0,
    settings: 0,
  };
  const merge = source === 'backup' ? mergeFromBackup : mergeFromBibtex;
  await db.transaction('rw', [db.papers, db.topics, db.corrections, db.models, db.settings], async () => {
    // Duplicates inside the file merge with each other first.
    const incoming = new Map<string, SavedPaper>();
    for (const p of data.papers) {
      const dup = incoming.get(p.id);
      incoming.set(p.id, dup ? merge(dup, p) : p);
    }
    const ids = [...incoming.keys()];
    const stored = await db.papers.bulkGet(ids);
    const writes: SavedPaper[] = [];
    ids.forEach((id, i) => {
      const next = incoming.get(id) as SavedPaper;
      const cur = stored[i];
      if (!cur) {
        summary.added++;
        writes.push(next);
        return;
      }
      const merged = merge(cur, next);
      if (stableJson(merged) === stableJson(cur)) summary.unchanged++;
      else {
        summary.merged++;
        writes.push(merged);
      }
    });
    if (writes.length) await db.papers.bulkPut(writes);

    if (data.topics?.length) {
      await db.topics.bulkPut(data.topics);
      summary.topics = data.topics.length;
    }
    if (data.models?.length) {
      const cur = await db.models.bulkGet(data.models.map((m) => m.topic));
      const newer = data.models.filter((m, i) => !cur[i] || (cur[i]?.updatedAt ?? 0) <= m.updatedAt);
      await db.models.bulkPut(newer);
      summary.models = newer.length;
    }
    if (data.settings?.length) {
      await db.settings.bulkPut(data.settings);
      summary.settings = data.settings.length;
    }
    if (data.corrections?.length) {
      const existing = await db.corrections.toArray();
      const known = new Set(existing.map(correctionKey));
      const usedSeq = new Set(existing.map((c) => c.seq));
      const fresh: Correction[] = [];
      for (const c of data.corrections) {
        const key = correctionKey(c);
        if (known.has(key)) continue;
        known.add(key);
        // Keep the backup's seq when it is free (a restore into an empty database is exact);
        // otherwise let the database number it.
        if (c.seq !== undefined && !usedSeq.has(c.seq)) {
          usedSeq.add(c.seq);
          fresh.push(c);
        } else {
          const { seq: _drop, ...rest } = c;
          fresh.push(rest);
        }
      }
      // seq-less records after numbered ones, so auto-increment continues past the kept numbers
      fresh.sort((a, b) => Number(a.seq === undefined) - Number(b.seq === undefined));
      if (fresh.length) await db.corrections.bulkAdd(fresh);
      summary.corrections = fresh.length;
    }
  });
  return summary;
}

export interface ImportOutcome {
  kind: ImportSource;
  summary: ImportSummary;
  /** BibTeX entries that could not be keyed (no arXiv id or OpenReview link). */
  skipped: SkippedEntry[];
}

/**
 * Parses a chosen file and, only when all of it is valid, applies it in one transaction.
 * An invalid, truncated, foreign or too-new file is reported and the database is not touched.
 */
export async function importFile(
  db: PaperSiftDB,
  name: string,
  text: string,
  now: number = Date.now(),
): Promise<Result<ImportOutcome>> {
  const parsed = parseImportFile(name, text, now);
  if (!parsed.ok) return parsed;
  const { kind, data } = parsed.value;
  try {
    const summary = await guardQuota('import this file', () => applyImport(db, data, kind));
    return {
      ok: true,
      value: { kind, summary, skipped: kind === 'bibtex' ? parsed.value.data.skipped : [] },
    };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

async function guardQuota<T>(action: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
      const err = cur as { name?: unknown; inner?: unknown; cause?: unknown };
      if (err.name === 'QuotaExceededError') {
        throw new Error(
          `PaperSift could not ${action}: the browser's storage for this extension is full. Nothing was changed.`,
        );
      }
      cur = err.inner ?? err.cause;
    }
    throw e;
  }
}
