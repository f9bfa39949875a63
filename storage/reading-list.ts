/**
 * Queries and writes of the extension pages (reading list, options, popup). They run in the
 * extension origin, so they use the one database directly; every multi-record write is one
 * transaction (CONVENTIONS.md "Data"): it all lands or nothing changes.
 */
import { liveQuery } from 'dexie';
import type { SiteId, TopicId } from '../lib/types';
import type { PaperSiftDB, PaperStatus, SavedPaper, SettingRecord, TopicRecord } from './db';

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

export const MAX_TAG_LENGTH = 64;

/** Trimmed, single-spaced, non-empty, at most 64 chars, no case-insensitive duplicates. */
export function normaliseTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of tags) {
    const tag = raw.replace(/\s+/g, ' ').trim().slice(0, MAX_TAG_LENGTH);
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
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
