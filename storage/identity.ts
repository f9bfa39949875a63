/**
 * One paper, one record across sites (issue 4). arXiv and Hugging Face share arXiv ids; an
 * OpenReview note carries only its forum id, so it is recognised as a stored arXiv paper (and the
 * other way round) by its normalised title (lib/api/openreview-api.ts `normaliseTitle`). Once known,
 * the link is kept as an alias (`openreview:<forum>` -> `arxiv:<id>`) so the page's own id keeps
 * working for state, edits and removal.
 */
import { normaliseTitle } from '../lib/api/openreview-api';
import type { PaperRecord, PaperSiftDB, SavedPaper } from './db';

/** Fewer words than this is too generic a title to link two records by ("Introduction"). */
const MIN_TITLE_WORDS = 3;
const MIN_TITLE_CHARS = 15;

/** The normalised title, or '' when the title is too short to identify a paper. */
export function titleKey(title: string): string {
  const key = normaliseTitle(title);
  return key.split(' ').length >= MIN_TITLE_WORDS && key.length >= MIN_TITLE_CHARS ? key : '';
}

/** How a title becomes its key: `titleKey`, or a memo of it for the duration of one import. */
export type TitleKeyOf = (title: string) => string;

/**
 * `titleKey` remembered per title, for one bulk operation: an import looks each title up by key
 * and then stores the key with the record, and normalising 10,000 titles costs ~50 ms each time.
 */
export function memoTitleKey(): TitleKeyOf {
  const memo = new Map<string, string>();
  return (title) => {
    let key = memo.get(title);
    if (key === undefined) {
      key = titleKey(title);
      memo.set(title, key);
    }
    return key;
  };
}

/**
 * `rec` with its `titleKey` set from its title (removed when the title is too short), in place:
 * call it on every record before it is written to `papers` (storage/db.ts `PaperRecord`).
 */
export function withTitleKey<T extends SavedPaper>(rec: T, keyOf: TitleKeyOf = titleKey): T & PaperRecord {
  const r = rec as T & PaperRecord;
  const key = keyOf(r.title);
  if (key) r.titleKey = key;
  else delete r.titleKey;
  return r;
}

type Namespace = 'arxiv' | 'openreview' | 'other';
const namespaceOf = (id: string): Namespace =>
  id.startsWith('arxiv:') ? 'arxiv' : id.startsWith('openreview:') ? 'openreview' : 'other';

/** The ids `ids` stand for: a known alias gives its record's id, any other id is itself. */
export async function resolveIds(db: PaperSiftDB, ids: readonly string[]): Promise<string[]> {
  const aliases = await db.aliases.bulkGet([...ids]);
  return ids.map((id, i) => aliases[i]?.paperId ?? id);
}

/** Of the records with one title key, the one of the other kind than `id` (none: never guess between two). */
function otherOf(id: string, rows: readonly { id: string }[]): string | undefined {
  const ns = namespaceOf(id);
  const others = rows.filter((r) => r.id !== id && namespaceOf(r.id) !== ns && namespaceOf(r.id) !== 'other');
  return others.length === 1 ? others[0]?.id : undefined;
}

/**
 * The stored record of the same paper under an id of the other kind (arXiv <-> OpenReview) with
 * the same title key; undefined when there is none or more than one (never guess between two).
 */
export async function findSamePaperByTitle(
  db: PaperSiftDB,
  id: string,
  title: string,
): Promise<SavedPaper | undefined> {
  const key = titleKey(title);
  if (!key || namespaceOf(id) === 'other') return undefined;
  const rows = await db.papers.where('titleKey').equals(key).toArray();
  const other = otherOf(id, rows);
  return rows.find((r) => r.id === other);
}

/** `findSamePaperByTitle` for many ids at once (index reads, not one per id): asked id -> stored record. */
export async function findSamePapersByTitle(
  db: PaperSiftDB,
  titles: ReadonlyMap<string, string>,
  keyOfTitle: TitleKeyOf = titleKey,
): Promise<Map<string, SavedPaper>> {
  const keyOf = new Map<string, string>();
  for (const [id, title] of titles) {
    const key = namespaceOf(id) === 'other' ? '' : keyOfTitle(title);
    if (key) keyOf.set(id, key);
  }
  const out = new Map<string, SavedPaper>();
  if (!keyOf.size) return out;
  const rows = await titleRowsFor(db, keyOf);
  const byKey = new Map<string, TitleRow[]>();
  for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  const want = new Map<string, string>();
  for (const [id, key] of keyOf) {
    const other = otherOf(id, byKey.get(key) ?? []);
    if (other) want.set(id, other);
  }
  const records = new Map<string, SavedPaper>();
  for (const r of rows) if (r.record) records.set(r.id, r.record);
  const missing = [...new Set(want.values())].filter((id) => !records.has(id));
  if (missing.length) for (const p of await db.papers.bulkGet(missing)) if (p) records.set(p.id, p);
  for (const [id, other] of want) {
    const p = records.get(other);
    if (p) out.set(id, p);
  }
  return out;
}

/** `anyOf` walks the index key by key; past this many keys one walk of the index keys is cheaper. */
const ANY_OF_MAX = 200;

interface TitleRow {
  id: string;
  key: string;
  /** The record, when the read gave it. */
  record?: PaperRecord;
}

/**
 * The stored papers that can link the asked ids: those with one of their title keys. A few keys
 * are looked up in the `titleKey` index (the records come with them). For many (an import) that
 * look-up goes key by key, so instead: an arXiv id only ever links to an OpenReview record and the
 * other way round, and when the other namespace holds no record (one count of an id range each,
 * the usual case) nothing is read; otherwise the index is walked once with a key cursor (keys
 * only, no record read or cloned) and matched here.
 */
async function titleRowsFor(db: PaperSiftDB, keyOf: ReadonlyMap<string, string>): Promise<TitleRow[]> {
  const keys = new Set(keyOf.values());
  if (keys.size <= ANY_OF_MAX) {
    const records = await db.papers
      .where('titleKey')
      .anyOf([...keys])
      .toArray();
    return records.map((record) => ({ id: record.id, key: record.titleKey ?? '', record }));
  }
  const prefixes = [
    ...new Set([...keyOf.keys()].map((id) => (namespaceOf(id) === 'arxiv' ? 'openreview:' : 'arxiv:'))),
  ];
  const counts = await Promise.all(
    prefixes.map((prefix) => db.papers.where(':id').startsWith(prefix).count()),
  );
  if (counts.every((n) => n === 0)) return [];
  const rows: TitleRow[] = [];
  await db.papers.orderBy('titleKey').eachKey((key, cursor) => {
    if (typeof key === 'string' && keys.has(key)) rows.push({ id: String(cursor.primaryKey), key });
  });
  return rows;
}

/** Records that `alias` is the stored `paperId`; aliases of `alias` itself move along. */
export async function linkAlias(db: PaperSiftDB, alias: string, paperId: string): Promise<void> {
  if (alias === paperId) return;
  const moved = await db.aliases.where('paperId').equals(alias).toArray();
  await db.aliases.bulkPut([{ id: alias, paperId }, ...moved.map((a) => ({ id: a.id, paperId }))]);
  // The record's own id is never an alias of something else.
  await db.aliases.delete(paperId);
}

/** Every id a stored record is known by: its own and its aliases (for `papers.changed`). */
export async function knownIds(db: PaperSiftDB, paperId: string): Promise<string[]> {
  const aliases = await db.aliases.where('paperId').equals(paperId).primaryKeys();
  return [paperId, ...aliases.map(String)];
}
