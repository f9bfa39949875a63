/**
 * Queries and writes of the extension pages (reading list, options, popup). They run in the
 * extension origin, so they use the one database directly; every multi-record write is one
 * transaction (CONVENTIONS.md "Data"): it all lands or nothing changes.
 */
import { Dexie, liveQuery, type ObservabilitySet, RangeSet, type Table } from 'dexie';
import { type BackupData, withoutDerived } from '../lib/export/backup';
import type { SkippedEntry } from '../lib/export/bibtex-parse';
import { parseImportFile } from '../lib/export/files';
import { correctionKey, mergeFromBackup, mergeFromBibtex, stableJson } from '../lib/export/merge';
import type { Result } from '../lib/protocol';
import type { SiteId } from '../lib/types';
import type { Correction, PaperSiftDB, SavedPaper, TopicRecord } from './db';
import { guardWrite } from './errors';
import { findSamePapersByTitle, linkAlias, memoTitleKey, resolveIds, withTitleKey } from './identity';
import { editPapers, type PaperEdit } from './papers';
import { getSetting } from './settings';

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

/**
 * Calls `onValue` with every paper now and after each change, from this page or any other
 * context (sidebar saves in the background, other tabs).
 *
 * A plain liveQuery over `toArray()` re-reads and re-clones the whole table on every write:
 * about a second of main-thread work at 10,000 papers. Instead this keeps the records in a Map
 * and listens to Dexie's `storagemutated` event (fired locally and relayed across contexts
 * by Dexie over BroadcastChannel), which names the primary keys each transaction wrote or
 * deleted; only those are read again. Anything it cannot attribute to keys (a clear(), a range
 * delete, a bfcache restore) triggers one full reload.
 */
export function observePapers(
  db: PaperSiftDB,
  onValue: (papers: SavedPaper[], complete: boolean) => void,
  options: {
    firstScreen?: number;
    /**
     * Each chunk of a whole-table read as it arrives, before the list is complete: work per
     * paper (search haystacks) spread over the load instead of all at its end.
     */
    onChunk?: (papers: readonly SavedPaper[]) => void;
  } = {},
): Unsubscribe {
  const base = `idb://${db.name}/papers/`;
  const cache = new Map<string, SavedPaper>();
  const pending = new Set<string>();
  let full = true;
  let running = false;
  let stopped = false;
  let firstScreen = options.firstScreen ?? 0;

  const sync = async () => {
    if (running || stopped) return;
    running = true;
    try {
      if (firstScreen > 0) {
        // The first screen first (newest saved, by the savedAt index): a large table takes a
        // while to read and clone whole, and the page can show these meanwhile.
        const n = firstScreen;
        firstScreen = 0;
        full = false; // a change from here on asks for the whole table again
        const head = await readHead(db, n);
        if (head.complete) {
          // A short list (or none): the head was all of it, in one snapshot, so nothing more to
          // read, and an empty list says so at once instead of "Loading…" until a second read.
          if (!full) for (const p of head.papers) cache.set(p.id, p);
          if (!full && !pending.size && !stopped) onValue([...cache.values()], true);
        } else {
          full = true;
          if (!stopped) {
            onValue(head.papers, false);
            // Let the page paint those before the whole table is read and cloned on this thread.
            await afterPaint();
          }
        }
      }
      while ((full || pending.size) && !stopped) {
        if (full) {
          full = false;
          pending.clear();
          const all = await readAllInChunks(db, () => stopped || full, options.onChunk);
          if (!all) continue; // stopped, or a whole-table change meanwhile: read again
          cache.clear();
          for (const p of all) cache.set(p.id, p);
        } else {
          const ids = [...pending];
          pending.clear();
          // Records this page has just written itself (an import) need no read back.
          const reuse = takeOwnWrites(db, ids);
          const missing = reuse ? ids.filter((id) => !reuse.has(id)) : ids;
          if (missing.length > REREAD_ALL_FROM) {
            // Thousands of changed records (an import in another tab): one chunked read of the
            // table beats one request per id.
            full = true;
            continue;
          }
          const found = missing.length ? await db.papers.bulkGet(missing) : [];
          missing.forEach((id, i) => {
            const p = found[i];
            if (p) cache.set(id, p);
            else cache.delete(id);
          });
          if (reuse) for (const [id, p] of reuse) cache.set(id, p);
        }
        if (!full && !pending.size && !stopped) onValue([...cache.values()], true);
      }
    } catch (e) {
      console.error('PaperSift: could not read the reading list', e);
    } finally {
      running = false;
    }
  };

  const onMutated = (parts: ObservabilitySet) => {
    let touched = false;
    // A written key is named twice in one event (the table's part and its `:dels` part, when Dexie
    // does not know the old value): counted once, or the own-writes entry is claimed then dropped.
    const named = new Set<string>();
    for (const [part, tree] of Object.entries(parts)) {
      if (part === 'all' || part === `idb://${db.name}/`) {
        full = true;
        touched = true;
        continue;
      }
      if (part !== base && part !== `${base}:dels`) continue;
      touched = true;
      for (const node of RangeSet(tree)) {
        if (typeof node.from === 'string' && node.from === node.to) {
          if (named.has(node.from)) continue;
          named.add(node.from);
          pending.add(node.from);
          noteMutated(db, node.from);
        } else full = true;
      }
    }
    if (touched) void sync();
  };

  Dexie.on('storagemutated', onMutated);
  void sync();
  return () => {
    stopped = true;
    Dexie.on.storagemutated.unsubscribe(onMutated);
  };
}

/**
 * The newest `n` papers, and whether they are the whole table. Counting is only asked of a head
 * shorter than `n` (a large table is never counted: that walks every key), in the same read
 * transaction, so a write in between cannot make a partial list look whole.
 */
async function readHead(db: PaperSiftDB, n: number): Promise<{ papers: SavedPaper[]; complete: boolean }> {
  return db.transaction('r', db.papers, async () => {
    const papers = await db.papers.orderBy('savedAt').reverse().limit(n).toArray();
    // Records without a savedAt are not in that index: only the count can tell.
    const complete = papers.length < n && (await db.papers.count()) === papers.length;
    return { papers, complete };
  });
}

/** Records per read of the whole table (about 3 MB of real papers). */
const CHUNK = 2000;
/** Past this many changed ids, reading the table again is cheaper than reading each. */
const REREAD_ALL_FROM = 2000;

/**
 * Every paper, read in primary-key order a chunk at a time with a task break between chunks:
 * one `toArray()` of 50,000 papers is ~75 MB cloned in one go, which keeps the main thread busy
 * (typing waits) and, when the user leaves or reloads the page, keeps the database busy with
 * a read nobody wants (the next page's first screen waited ~0.8 s behind it). Returns null when
 * `abandon()` says to stop; writes made meanwhile are caught up by the caller's change events.
 */
async function readAllInChunks(
  db: PaperSiftDB,
  abandon: () => boolean,
  onChunk?: (papers: readonly SavedPaper[]) => void,
): Promise<SavedPaper[] | null> {
  const out: SavedPaper[] = [];
  let last: string | undefined;
  for (;;) {
    const from = last;
    const chunk = await (from === undefined ? db.papers.orderBy(':id') : db.papers.where(':id').above(from))
      .limit(CHUNK)
      .toArray();
    if (abandon()) return null;
    for (const p of chunk) out.push(p);
    onChunk?.(chunk);
    if (chunk.length < CHUNK) return out;
    last = chunk[chunk.length - 1]?.id;
    await nextTask();
    if (abandon()) return null;
  }
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Records this context has just written in a transaction (an import), by database name then
 * id, so the live view takes them instead of reading them back. Safe against races: the first
 * change event naming an id after it was remembered claims the entry (normally the writing
 * transaction's own); any later event naming it drops the entry, and a dropped or unclaimed
 * record is simply read from the database as before.
 */
const ownWrites = new Map<string, Map<string, { record: SavedPaper; claimed: boolean }>>();

function rememberOwnWrites(db: PaperSiftDB, records: readonly SavedPaper[]): () => void {
  const m = ownWrites.get(db.name) ?? new Map<string, { record: SavedPaper; claimed: boolean }>();
  ownWrites.set(db.name, m);
  const entries = records.map((record) => ({ record, claimed: false }));
  for (const e of entries) m.set(e.record.id, e);
  /** Forgets these entries (the transaction failed, or nobody claimed them in time). */
  return () => {
    for (const e of entries) if (m.get(e.record.id) === e) m.delete(e.record.id);
  };
}

function noteMutated(db: PaperSiftDB, id: string): void {
  const m = ownWrites.get(db.name);
  const e = m?.get(id);
  if (!e) return;
  if (e.claimed) m?.delete(id);
  else e.claimed = true;
}

/** The claimed records among `ids` (each handed out once), or null when there are none. */
function takeOwnWrites(db: PaperSiftDB, ids: readonly string[]): Map<string, SavedPaper> | null {
  const m = ownWrites.get(db.name);
  if (!m?.size) return null;
  const out = new Map<string, SavedPaper>();
  for (const id of ids) {
    const e = m.get(id);
    if (e?.claimed) {
      out.set(id, e.record);
      m.delete(id);
    }
  }
  return out.size ? out : null;
}

/** Resolves after the next frame has been produced (a macrotask later where there are no frames). */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    // A hidden tab produces no frames: the timeout goes on without one.
    const fallback = setTimeout(resolve, 100);
    if (typeof requestAnimationFrame === 'function')
      requestAnimationFrame(() =>
        setTimeout(() => {
          clearTimeout(fallback);
          resolve();
        }, 0),
      );
  });
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

/** Snapshot of papers before a bulk edit, for undo. */
export interface BulkUndo {
  before: SavedPaper[];
}

/**
 * Applies one edit (storage/papers.ts) to the papers that still exist and returns them as they
 * were, for undo, all in one transaction. Papers removed meanwhile (another tab) are skipped.
 */
export function editWithUndo(db: PaperSiftDB, ids: readonly string[], edit: PaperEdit): Promise<BulkUndo> {
  // Every table in scope: editPapers opens its own (nested) transaction over whatever tables it
  // needs (aliases, title keys …), and a nested transaction may only use its parent's tables.
  return db.transaction('rw', db.tables, async () => {
    const before = (await db.papers.bulkGet([...new Set(ids)])).filter((p): p is SavedPaper => !!p);
    if (before.length)
      await editPapers(
        db,
        before.map((p) => p.id),
        edit,
      );
    return { before };
  });
}

/** Undoes a bulk edit: the records as they were before it (papers removed since stay removed). */
export function undoEdit(db: PaperSiftDB, undo: BulkUndo): Promise<void> {
  return guardWrite('undo the change', () =>
    db.transaction('rw', db.papers, async () => {
      const now = await db.papers.bulkGet(undo.before.map((p) => p.id));
      await db.papers.bulkPut(undo.before.filter((_, i) => now[i] !== undefined));
    }),
  );
}

// ---------------------------------------------------------------- topics

export function allTopics(db: PaperSiftDB): Promise<TopicRecord[]> {
  return db.topics.toArray();
}

export function observeTopics(db: PaperSiftDB, onValue: (topics: TopicRecord[]) => void): Unsubscribe {
  return observe(() => allTopics(db), onValue);
}

// ---------------------------------------------------------------- settings

export type Theme = 'light' | 'dark' | 'system';
export const THEME_KEY = 'theme';
export const SITES_KEY = 'sites';
/** settings['sites']: which sites the content script runs its sidebar on (missing = on). */
export type SiteSwitches = Partial<Record<SiteId, boolean>>;

export function parseTheme(v: unknown): Theme {
  return v === 'light' || v === 'dark' ? v : 'system';
}

export function observeTheme(db: PaperSiftDB, onValue: (theme: Theme) => void): Unsubscribe {
  return observe(async () => parseTheme(await getSetting<unknown>(db, THEME_KEY, 'system')), onValue);
}

/** Deletes every record of every table, in one transaction. */
export async function deleteEverything(db: PaperSiftDB): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    await Promise.all(db.tables.map((t) => t.clear()));
  });
}

// ---------------------------------------------------------------- backup and import

/**
 * Everything a JSON backup holds. Left out, as they are rebuilt: the abstracts cache (fetched
 * again) and the papers' title keys (recomputed from the titles on import; toJsonBackup drops them).
 */
export async function readBackupData(db: PaperSiftDB): Promise<BackupData> {
  const tables = [db.papers, db.topics, db.corrections, db.models, db.settings, db.aliases];
  return db.transaction('r', tables, async () => {
    const [papers, topics, corrections, models, settings, aliases] = await Promise.all([
      db.papers.toArray(),
      db.topics.toArray(),
      db.corrections.toArray(),
      db.models.toArray(),
      db.settings.toArray(),
      db.aliases.toArray(),
    ]);
    return { papers: papers.map(withoutDerived), topics, corrections, models, settings, aliases };
  });
}

export type ImportSource = 'backup' | 'bibtex';

export interface ImportSummary {
  /** Ids of the papers written (added or merged), for telling open sidebars. */
  changedIds: string[];
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
    changedIds: [],
    added: 0,
    merged: 0,
    unchanged: 0,
    topics: 0,
    corrections: 0,
    models: 0,
    settings: 0,
  };
  const merge = source === 'backup' ? mergeFromBackup : mergeFromBibtex;
  const tables = [db.papers, db.topics, db.corrections, db.models, db.settings, db.aliases];
  let forgetOwn = () => {};
  try {
    await applyImportTx(db, tables, data, merge, summary, (f) => {
      forgetOwn = f;
    });
  } catch (e) {
    forgetOwn();
    throw e;
  }
  // Entries the live view has not claimed by now are of no use (it reads those records instead).
  setTimeout(forgetOwn, 5000);
  return summary;
}

function applyImportTx(
  db: PaperSiftDB,
  tables: Table[],
  data: Partial<BackupData> & { papers: SavedPaper[] },
  merge: typeof mergeFromBackup,
  summary: ImportSummary,
  setForget: (f: () => void) => void,
): Promise<void> {
  return db.transaction('rw', tables, async () => {
    // Duplicates inside the file merge with each other first.
    const incoming = new Map<string, SavedPaper>();
    for (const p of data.papers) {
      const dup = incoming.get(p.id);
      incoming.set(p.id, dup ? merge(dup, p) : p);
    }
    if (data.aliases?.length) await db.aliases.bulkPut(data.aliases);
    const ids = [...incoming.keys()];
    // One paper, one record (storage/identity.ts): an id may be an alias of a stored record, or an
    // OpenReview copy of a stored arXiv paper recognised by its title (and the other way round).
    // Chromium's IndexedDB costs ~0.1 ms per request, so 10,000 `get`s of ids that are not stored
    // cost a second: the alias table (small: only papers known under two ids) and the stored
    // paper ids are read whole, in one request each, and only stored records are fetched.
    const targets = await resolveIdsBulk(db, ids);
    const direct = await getStored(db, targets);
    const untitled = new Map(
      ids.filter((_, i) => !direct[i]).map((id) => [id, incoming.get(id)?.title ?? '']),
    );
    // Each title is normalised once: to look it up here and to store its key below.
    const keyOf = memoTitleKey();
    const byTitle = untitled.size
      ? await findSamePapersByTitle(db, untitled, keyOf)
      : new Map<string, SavedPaper>();

    const state = new Map<string, SavedPaper>(); // final id -> record as it will be written
    const origin = new Map<string, SavedPaper>(); // final id -> the stored record it came from
    const dropped: string[] = [];
    const links: [alias: string, paperId: string][] = [];
    ids.forEach((id, i) => {
      const next = incoming.get(id) as SavedPaper;
      const found = direct[i] ?? byTitle.get(id);
      let finalId = found?.id ?? id;
      if (found && id !== found.id) {
        // arXiv ids are canonical: an OpenReview record found for an arXiv paper is re-keyed.
        if (id.startsWith('arxiv:') && found.id.startsWith('openreview:')) {
          finalId = id;
          dropped.push(found.id);
          links.push([found.id, id]);
        } else links.push([id, found.id]);
      }
      if (found && !origin.has(finalId)) origin.set(finalId, found);
      let base = state.get(finalId) ?? (found ? { ...found, id: finalId } : undefined);
      if (base && found && finalId !== found.id) {
        // re-keyed to arXiv: its home-site links replace the OpenReview ones
        base = {
          ...base,
          url: next.url,
          site: next.site,
          sites: [...new Set([...base.sites, ...next.sites])],
        };
        if (next.pdfUrl) base.pdfUrl = next.pdfUrl;
      }
      state.set(finalId, base ? merge(base, { ...next, id: finalId }) : next);
    });
    const writes: SavedPaper[] = [];
    for (const [id, rec] of state) {
      // The derived key as it will be stored, so an unchanged record compares equal.
      withTitleKey(rec, keyOf);
      const before = origin.get(id);
      if (!before) summary.added++;
      else if (before.id === id && stableJson(before) === stableJson(rec)) {
        summary.unchanged++;
        continue;
      } else summary.merged++;
      writes.push(rec);
    }
    if (dropped.length) await db.papers.bulkDelete(dropped);
    if (writes.length > TRACK_KEYS_UP_TO) await db.papers.bulkPut(writes);
    else if (writes.length) {
      setForget(rememberOwnWrites(db, writes));
      await putTracked(db, writes);
    }
    for (const [alias, paperId] of links) await linkAlias(db, alias, paperId);
    summary.changedIds = [...writes.map((p) => p.id), ...dropped];

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
}

/** `resolveIds` for many ids: one read of the alias table instead of one `get` per id. */
async function resolveIdsBulk(db: PaperSiftDB, ids: readonly string[]): Promise<string[]> {
  if (ids.length < BULK_READ_FROM) return resolveIds(db, ids);
  const aliases = new Map((await db.aliases.toArray()).map((a) => [a.id, a.paperId]));
  return ids.map((id) => aliases.get(id) ?? id);
}

/** `db.papers.bulkGet(ids)`, reading only the ids that are stored (their keys come in one request). */
async function getStored(db: PaperSiftDB, ids: readonly string[]): Promise<(SavedPaper | undefined)[]> {
  if (ids.length < BULK_READ_FROM) return db.papers.bulkGet([...ids]);
  const stored = new Set(await db.papers.toCollection().primaryKeys());
  const present = ids.filter((id) => stored.has(id));
  const records = new Map<string, SavedPaper>();
  for (const p of await db.papers.bulkGet(present)) if (p) records.set(p.id, p);
  return ids.map((id) => records.get(id));
}

/** Below this many ids, per-id reads are cheaper than reading a whole key list. */
const BULK_READ_FROM = 100;

/**
 * Imports of up to this many records are written with their keys named in the change event
 * (`putTracked`); larger ones in one `bulkPut`, reported as a whole-table change. Naming keys has
 * a price paid on this thread while the user waits: Dexie merges every key into the
 * transaction's range tree (one per index too) and, at commit, each live query of the page and
 * the cross-context broadcast copy it; for 10,000 records that was ~0.5-1 s of a ~3.5 s import.
 * And it buys nothing past REREAD_ALL_FROM: a page told about that many changed ids reads the
 * whole table again anyway (observePapers), so this page does the same, after the import.
 */
const TRACK_KEYS_UP_TO = REREAD_ALL_FROM;

/**
 * Dexie names the written keys in its change events only for writes of fewer than 50 records
 * (larger ones are reported as "the whole table changed"), and a whole-table change makes every
 * open reading list read all papers again. Writing in slices of 49 (no await between them, same
 * transaction) keeps the keys, so the live view here takes its own records and other pages
 * read back only what changed.
 */
async function putTracked(db: PaperSiftDB, records: readonly SavedPaper[]): Promise<void> {
  const SLICE = 49;
  const puts: Promise<unknown>[] = [];
  for (let i = 0; i < records.length; i += SLICE) puts.push(db.papers.bulkPut(records.slice(i, i + SLICE)));
  await Promise.all(puts);
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
    const summary = await guardWrite('import this file', () => applyImport(db, data, kind));
    return {
      ok: true,
      value: { kind, summary, skipped: kind === 'bibtex' ? parsed.value.data.skipped : [] },
    };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** The ids plus every alias of them (`openreview:<forum>` for an arXiv record), for broadcasts. */
export async function withAliases(db: PaperSiftDB, ids: readonly string[]): Promise<string[]> {
  const aliases = ids.length
    ? await db.aliases
        .where('paperId')
        .anyOf([...ids])
        .primaryKeys()
    : [];
  return [...new Set([...ids, ...aliases.map(String)])];
}
