/**
 * Reading-list queries. Every function takes the database as a parameter (tests pass a fresh
 * `new PaperSiftDB(name)`), and every write that touches more than one row runs in one
 * transaction: it all lands or nothing changes (CONVENTIONS.md "Data").
 */
import { normaliseTags } from '../lib/export/tags';
import type { SavedState } from '../lib/protocol';
import type { Paper, SiteId, TopicId } from '../lib/types';
import { PAPER_STATUSES, type PaperSiftDB, type PaperStatus, type SavedPaper } from './db';
import { guardWrite, PaperNotFoundError } from './errors';
import {
  findSamePaperByTitle,
  findSamePapersByTitle,
  knownIds,
  linkAlias,
  resolveIds,
  withTitleKey,
} from './identity';

/** The site an id belongs to: its metadata there is the authoritative one. */
function homeSite(id: string): SiteId | undefined {
  if (id.startsWith('arxiv:')) return 'arxiv';
  if (id.startsWith('openreview:')) return 'openreview';
  return undefined;
}

const uniq = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/**
 * A stored record as this module writes it. `dismissedFrom` is the status a reading-list paper
 * had when it was dismissed from a listing, so un-dismissing gives it back (with its notes and
 * tags) instead of deleting it. Not indexed, so no schema version is needed.
 */
type StoredPaper = SavedPaper & { dismissedFrom?: Exclude<PaperStatus, 'dismissed'> };

/**
 * Merges a newly seen copy of a paper into the stored record (issue 4: "one paper, one record").
 * The user's data (status, tags, notes, star, savedAt) is kept; metadata is taken from the new copy
 * where it is better: non-empty beats empty, the paper's home site beats a mirror, higher version wins.
 */
export function mergePaper(
  stored: SavedPaper,
  seen: Paper,
  topics: readonly TopicId[],
  now: number,
): SavedPaper {
  const home = homeSite(stored.id);
  const seenIsHome = seen.site === home;
  const storedIsHome = stored.site === home;
  const prefer = (a: string | undefined, b: string | undefined): string | undefined => {
    // a = stored, b = seen. Seen wins when non-empty, unless stored came from the home site and seen did not.
    if (!b) return a;
    if (!a) return b;
    return storedIsHome && !seenIsHome ? a : b;
  };
  // Topics computed from a full abstract beat topics computed from a title alone or a truncated
  // abstract; and a caller that sends no topics (a dismiss from the sidebar) has not re-classified.
  const abstract = betterAbstract(stored.abstract, seen.abstract);
  const keepStoredTopics =
    stored.topics.length > 0 && (topics.length === 0 || seen.abstract.length < abstract.length);
  const merged: SavedPaper = {
    ...stored,
    title: prefer(stored.title, seen.title.trim()) ?? stored.title,
    authors:
      !seen.authors.length || (stored.authors.length && storedIsHome && !seenIsHome)
        ? stored.authors
        : seen.authors,
    abstract,
    url: prefer(stored.url, seen.url) ?? stored.url,
    site: storedIsHome || !seenIsHome ? stored.site : seen.site,
    sites: uniq([...stored.sites, seen.site]),
    topics: keepStoredTopics ? stored.topics : uniq(topics),
    updatedAt: now,
  };
  const pdfUrl = prefer(stored.pdfUrl, seen.pdfUrl);
  if (pdfUrl) merged.pdfUrl = pdfUrl;
  const version = Math.max(stored.version ?? 0, seen.version ?? 0);
  if (version > 0) merged.version = version;
  const categories = uniq([...(stored.categories ?? []), ...(seen.categories ?? [])]);
  if (categories.length) merged.categories = categories;
  if (seen.sourceUrl) merged.sourceUrl = seen.sourceUrl;
  const published = stored.published || seen.published;
  if (published) merged.published = published;
  return merged;
}

/**
 * A non-empty abstract beats an empty one; a clearly shorter one (arXiv search pages show a
 * truncated "short" abstract) does not replace a full one; otherwise the newest copy wins.
 */
function betterAbstract(stored: string, seen: string): string {
  if (!seen) return stored;
  if (!stored) return seen;
  return seen.length >= stored.length * 0.8 ? seen : stored;
}

function newRecord(paper: Paper, topics: readonly TopicId[], status: PaperStatus, now: number): SavedPaper {
  return {
    ...paper,
    title: paper.title.trim(),
    topics: uniq(topics),
    sites: [paper.site],
    savedAt: now,
    updatedAt: now,
    status,
    tags: [],
    notes: '',
    starred: false,
  };
}

/** Fills an empty abstract from the abstracts cache (fetched earlier for a title-only page). */
async function withCachedAbstract(db: PaperSiftDB, rec: SavedPaper, seenId: string): Promise<SavedPaper> {
  if (rec.abstract) return rec;
  const cached = (await db.abstracts.bulkGet([rec.id, seenId])).find((c) => c?.abstract);
  return cached?.abstract ? { ...rec, abstract: cached.abstract } : rec;
}

/**
 * The stored record this sighting belongs to: by id, by a known alias, or (arXiv <-> OpenReview)
 * by normalised title. A record found by title under an OpenReview id is re-keyed to the arXiv id
 * (ids are canonical: arXiv's wins), and the other id becomes an alias.
 */
async function findStored(db: PaperSiftDB, paper: Paper): Promise<SavedPaper | undefined> {
  const [target = paper.id] = await resolveIds(db, [paper.id]);
  const direct = await db.papers.get(target);
  if (direct) return direct;
  const match = await findSamePaperByTitle(db, paper.id, paper.title);
  if (!match) return undefined;
  if (paper.id.startsWith('arxiv:') && match.id.startsWith('openreview:')) {
    await db.papers.delete(match.id);
    await linkAlias(db, match.id, paper.id);
    return { ...match, id: paper.id };
  }
  await linkAlias(db, paper.id, match.id);
  return match;
}

const TABLES = (db: PaperSiftDB) => [db.papers, db.abstracts, db.aliases];

async function upsert(
  db: PaperSiftDB,
  paper: Paper,
  topics: readonly TopicId[],
  status: PaperStatus,
  now: number,
): Promise<SavedPaper> {
  const stored = await findStored(db, paper);
  let rec: SavedPaper;
  if (!stored) {
    rec = newRecord(paper, topics, status, now);
  } else {
    rec = mergePaper(stored, paper, topics, now);
    if (status === 'dismissed') {
      if (stored.status !== 'dismissed') (rec as StoredPaper).dismissedFrom = stored.status;
      rec.status = 'dismissed';
    } else if (stored.status === 'dismissed') {
      // Saving a paper triaged away earlier brings it back as new (top of the reading list).
      rec.status = status;
      rec.savedAt = now;
    }
  }
  if (rec.status !== 'dismissed') delete (rec as StoredPaper).dismissedFrom;
  rec = await withCachedAbstract(db, rec, paper.id);
  await db.papers.put(withTitleKey(rec));
  return rec;
}

/** Every id a stored paper is known by (its own and its aliases), for `papers.changed`. */
export function idsOfPaper(db: PaperSiftDB, paperId: string): Promise<string[]> {
  return knownIds(db, paperId);
}

/**
 * Saves a paper to the reading list, merging with any stored copy by canonical id (the same arXiv
 * paper seen on arXiv and Hugging Face is one record) or, for an OpenReview copy, by alias or title.
 * Returns the stored record, whose id may differ from `paper.id` (storage/identity.ts).
 */
export function savePaper(
  db: PaperSiftDB,
  paper: Paper,
  topics: readonly TopicId[],
  now = Date.now(),
): Promise<SavedPaper> {
  return guardWrite('save the paper', () =>
    db.transaction('rw', TABLES(db), async () => upsert(db, paper, topics, 'to-read', now)),
  );
}

/** Saves many papers in one transaction (all or nothing). */
export function savePapers(
  db: PaperSiftDB,
  items: readonly { paper: Paper; topics: readonly TopicId[] }[],
  now = Date.now(),
): Promise<SavedPaper[]> {
  return guardWrite(`save ${items.length} papers`, () =>
    db.transaction('rw', TABLES(db), async () => {
      const out: SavedPaper[] = [];
      for (const { paper, topics } of items) out.push(await upsert(db, paper, topics, 'to-read', now));
      return out;
    }),
  );
}

/** Marks a paper as triaged away from a listing (kept so it is recognised on the next visit). */
export function dismissPaper(
  db: PaperSiftDB,
  paper: Paper,
  topics: readonly TopicId[] = [],
  now = Date.now(),
): Promise<SavedPaper> {
  return guardWrite('dismiss the paper', () =>
    db.transaction('rw', TABLES(db), async () => upsert(db, paper, topics, 'dismissed', now)),
  );
}

export interface UndismissResult {
  /** The record as it is now; undefined when it was removed (or was never stored). */
  record: SavedPaper | undefined;
  /** The dismissal-only record was deleted. */
  removed: boolean;
  /** The stored id (may differ from the asked one: storage/identity.ts). */
  id: string;
}

/**
 * Undoes a dismissal from a listing. A paper that was in the reading list before gets its earlier
 * status back with its notes, tags and star; a record that exists only because it was dismissed
 * is deleted, unless the user annotated it since (then it stays, as "to read"). Anything not
 * dismissed is left as it is.
 */
export function undismissPaper(db: PaperSiftDB, id: string, now = Date.now()): Promise<UndismissResult> {
  return guardWrite('un-dismiss the paper', () =>
    db.transaction('rw', db.papers, db.aliases, async () => {
      const [target = id] = await resolveIds(db, [id]);
      const stored = (await db.papers.get(target)) as StoredPaper | undefined;
      if (stored?.status !== 'dismissed') return { record: stored, removed: false, id: target };
      const annotated = stored.notes.trim() !== '' || stored.tags.length > 0 || stored.starred;
      if (!stored.dismissedFrom && !annotated) {
        await db.papers.delete(target);
        return { record: undefined, removed: true, id: target };
      }
      const { dismissedFrom, ...rest } = stored;
      const record: SavedPaper = { ...rest, status: dismissedFrom ?? 'to-read', updatedAt: now };
      await db.papers.put(record);
      return { record, removed: false, id: target };
    }),
  );
}

/** Deletes a paper (by its id or an alias); returns the deleted record (for undo) or undefined when it was not stored. */
export function removePaper(db: PaperSiftDB, id: string): Promise<SavedPaper | undefined> {
  return guardWrite('remove the paper', () =>
    db.transaction('rw', db.papers, db.aliases, async () => {
      const [target = id] = await resolveIds(db, [id]);
      const stored = await db.papers.get(target);
      if (stored) await db.papers.delete(target);
      return stored;
    }),
  );
}

/** Deletes many papers in one transaction; returns the deleted records (for undo). */
export function removePapers(db: PaperSiftDB, ids: readonly string[]): Promise<SavedPaper[]> {
  return guardWrite(`remove ${ids.length} papers`, () =>
    db.transaction('rw', db.papers, db.aliases, async () => {
      const targets = uniq(await resolveIds(db, uniq(ids)));
      const stored = (await db.papers.bulkGet(targets)).filter((p): p is SavedPaper => !!p);
      const gone = stored.map((p) => p.id);
      await db.papers.bulkDelete(gone);
      return stored;
    }),
  );
}

/** Puts records back exactly as they were (undo of a delete). */
export function restorePapers(db: PaperSiftDB, papers: readonly SavedPaper[]): Promise<void> {
  return guardWrite(`restore ${papers.length} papers`, () =>
    db.transaction('rw', db.papers, async () => {
      await db.papers.bulkPut(papers.map((p) => withTitleKey({ ...p })));
    }),
  );
}

/**
 * Saved/dismissed state of exactly the given ids (a content script never sees the whole list).
 * An id counts as saved when its paper is stored under another id: a known alias, or (for ids whose
 * title the abstracts cache knows, e.g. fetched from OpenReview) the same normalised title.
 */
export async function getSavedState(db: PaperSiftDB, ids: readonly string[]): Promise<SavedState> {
  const unique = uniq(ids);
  const state: SavedState = { saved: [], dismissed: [] };
  const add = (asked: string, p: SavedPaper) =>
    (p.status === 'dismissed' ? state.dismissed : state.saved).push(asked);
  const targets = await resolveIds(db, unique);
  const found = await db.papers.bulkGet(targets);
  const missing: string[] = [];
  unique.forEach((id, i) => {
    const p = found[i];
    if (p) add(id, p);
    else missing.push(id);
  });
  if (missing.length) {
    const cached = await db.abstracts.bulkGet(missing);
    const titles = new Map<string, string>();
    missing.forEach((id, i) => {
      const title = cached[i]?.title;
      if (title) titles.set(id, title);
    });
    for (const [id, match] of await findSamePapersByTitle(db, titles)) add(id, match);
  }
  return state;
}
export function getPaper(db: PaperSiftDB, id: string): Promise<SavedPaper | undefined> {
  return db.papers.get(id);
}

export interface PaperEdit {
  status?: PaperStatus;
  tags?: readonly string[];
  /** Tags added to / removed from the existing ones (bulk tagging). */
  addTags?: readonly string[];
  removeTags?: readonly string[];
  notes?: string;
  starred?: boolean;
}

function applyEdit(p: SavedPaper, edit: PaperEdit, now: number): SavedPaper {
  const next = { ...p, updatedAt: now };
  if (edit.status !== undefined) {
    if (!PAPER_STATUSES.includes(edit.status)) throw new TypeError(`Unknown status ${edit.status}`);
    next.status = edit.status;
    // A status the user chose replaces the one a listing dismissal remembered.
    delete (next as StoredPaper).dismissedFrom;
  }
  if (edit.tags !== undefined) next.tags = normaliseTags(edit.tags);
  if (edit.addTags?.length) next.tags = normaliseTags([...next.tags, ...edit.addTags]);
  if (edit.removeTags?.length) {
    const drop = new Set(normaliseTags(edit.removeTags).map((t) => t.toLowerCase()));
    next.tags = next.tags.filter((t) => !drop.has(t.toLowerCase()));
  }
  if (edit.notes !== undefined) next.notes = edit.notes;
  if (edit.starred !== undefined) next.starred = edit.starred;
  return next;
}

/**
 * Applies one edit to many papers in one transaction. Ids that are not stored make the whole edit
 * fail with PaperNotFoundError (nothing changes), so the user never gets a half-applied bulk edit.
 */
export function editPapers(
  db: PaperSiftDB,
  ids: readonly string[],
  edit: PaperEdit,
  now = Date.now(),
): Promise<SavedPaper[]> {
  const asked = uniq(ids);
  return guardWrite(asked.length === 1 ? 'update the paper' : `update ${asked.length} papers`, () =>
    db.transaction('rw', db.papers, db.aliases, async () => {
      const unique = uniq(await resolveIds(db, asked));
      const found = await db.papers.bulkGet(unique);
      const missing = unique.filter((_, i) => !found[i]);
      if (missing.length) throw new PaperNotFoundError(missing);
      const next = (found as SavedPaper[]).map((p) => applyEdit(p, edit, now));
      await db.papers.bulkPut(next);
      return next;
    }),
  );
}

export const setStatus = (db: PaperSiftDB, id: string, status: PaperStatus, now = Date.now()) =>
  editPapers(db, [id], { status }, now).then((r) => r[0] as SavedPaper);
export const setTags = (db: PaperSiftDB, id: string, tags: readonly string[], now = Date.now()) =>
  editPapers(db, [id], { tags }, now).then((r) => r[0] as SavedPaper);
export const setNotes = (db: PaperSiftDB, id: string, notes: string, now = Date.now()) =>
  editPapers(db, [id], { notes }, now).then((r) => r[0] as SavedPaper);
export const setStarred = (db: PaperSiftDB, id: string, starred: boolean, now = Date.now()) =>
  editPapers(db, [id], { starred }, now).then((r) => r[0] as SavedPaper);

export const bulkSetStatus = (
  db: PaperSiftDB,
  ids: readonly string[],
  status: PaperStatus,
  now = Date.now(),
) => editPapers(db, ids, { status }, now);
export const bulkAddTags = (
  db: PaperSiftDB,
  ids: readonly string[],
  tags: readonly string[],
  now = Date.now(),
) => editPapers(db, ids, { addTags: tags }, now);
export const bulkRemoveTags = (
  db: PaperSiftDB,
  ids: readonly string[],
  tags: readonly string[],
  now = Date.now(),
) => editPapers(db, ids, { removeTags: tags }, now);
export const bulkSetStarred = (db: PaperSiftDB, ids: readonly string[], starred: boolean, now = Date.now()) =>
  editPapers(db, ids, { starred }, now);

export interface ListOptions {
  /** Default: every status except 'dismissed'. */
  statuses?: readonly PaperStatus[];
  topic?: TopicId;
  tag?: string;
  site?: SiteId;
  starred?: boolean;
  /** Default 'savedAt' (newest first). */
  sortBy?: 'savedAt' | 'updatedAt';
  order?: 'desc' | 'asc';
  offset?: number;
  limit?: number;
}

/**
 * Papers for the reading list, newest first. Pure reads, so it can run inside Dexie's liveQuery
 * on extension pages. Text search is the reading-list page's own index; this only filters.
 */
export async function listPapers(db: PaperSiftDB, opts: ListOptions = {}): Promise<SavedPaper[]> {
  const statuses = opts.statuses ?? PAPER_STATUSES.filter((s) => s !== 'dismissed');
  const sortBy = opts.sortBy ?? 'savedAt';
  let coll = db.papers.orderBy(sortBy);
  if ((opts.order ?? 'desc') === 'desc') coll = coll.reverse();
  coll = coll.filter(
    (p) =>
      statuses.includes(p.status) &&
      (opts.topic === undefined || p.topics.includes(opts.topic)) &&
      (opts.tag === undefined || p.tags.includes(opts.tag)) &&
      (opts.site === undefined || p.sites.includes(opts.site)) &&
      (opts.starred === undefined || p.starred === opts.starred),
  );
  if (opts.offset) coll = coll.offset(opts.offset);
  if (opts.limit !== undefined) coll = coll.limit(opts.limit);
  return coll.toArray();
}

/** Number of papers per status (the reading list's status mix). */
export async function countByStatus(db: PaperSiftDB): Promise<Record<PaperStatus, number>> {
  const out = Object.fromEntries(PAPER_STATUSES.map((s) => [s, 0])) as Record<PaperStatus, number>;
  await Promise.all(
    PAPER_STATUSES.map(async (s) => {
      out[s] = await db.papers.where('status').equals(s).count();
    }),
  );
  return out;
}

/** Every tag in use (for autocomplete), most used first. (No tags index since schema v3: one pass.) */
export async function listTags(db: PaperSiftDB): Promise<string[]> {
  const counts = new Map<string, number>();
  await db.papers.each((p) => {
    for (const t of new Set(p.tags)) counts.set(t, (counts.get(t) ?? 0) + 1);
  });
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
}

/**
 * Recomputes the topics of every stored paper (a changed classifier model, issue 3) and records
 * `version` under the settings key `versionKey`, all in one transaction: either every paper has
 * the new model's topics and the version is recorded, or nothing changed and it runs again on the
 * next start. Returns the ids whose topics changed.
 */
export async function retopicAll(
  db: PaperSiftDB,
  topicsOf: (paper: SavedPaper) => TopicId[],
  versionKey: string,
  version: string,
): Promise<string[]> {
  return guardWrite('updating topics for the new classifier model', () =>
    db.transaction('rw', db.papers, db.settings, async () => {
      const changed: string[] = [];
      const updates: { key: string; changes: Partial<SavedPaper> }[] = [];
      for (const paper of await db.papers.toArray()) {
        const topics = topicsOf(paper);
        if (topics.join('\n') === paper.topics.join('\n')) continue;
        updates.push({ key: paper.id, changes: { topics } });
        changed.push(paper.id);
      }
      if (updates.length) await db.papers.bulkUpdate(updates);
      await db.settings.put({ key: versionKey, value: version });
      return changed;
    }),
  );
}
