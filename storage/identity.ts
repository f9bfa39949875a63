/**
 * One paper, one record across sites (issue 4). arXiv and Hugging Face share arXiv ids; an
 * OpenReview note carries only its forum id, so it is recognised as a stored arXiv paper (and the
 * other way round) by its normalised title (lib/api/openreview-api.ts `normaliseTitle`). Once known,
 * the link is kept as an alias (`openreview:<forum>` -> `arxiv:<id>`) so the page's own id keeps
 * working for state, edits and removal.
 */
import { normaliseTitle } from '../lib/api/openreview-api';
import type { Paper } from '../lib/types';
import type { PaperSiftDB, SavedPaper, TitleKeyRecord } from './db';

/** Fewer words than this is too generic a title to link two records by ("Introduction"). */
const MIN_TITLE_WORDS = 3;
const MIN_TITLE_CHARS = 15;

/** The normalised title, or '' when the title is too short to identify a paper. */
export function titleKey(title: string): string {
  const key = normaliseTitle(title);
  return key.split(' ').length >= MIN_TITLE_WORDS && key.length >= MIN_TITLE_CHARS ? key : '';
}

type Namespace = 'arxiv' | 'openreview' | 'other';
const namespaceOf = (id: string): Namespace =>
  id.startsWith('arxiv:') ? 'arxiv' : id.startsWith('openreview:') ? 'openreview' : 'other';

/** The ids `ids` stand for: a known alias gives its record's id, any other id is itself. */
export async function resolveIds(db: PaperSiftDB, ids: readonly string[]): Promise<string[]> {
  const aliases = await db.aliases.bulkGet([...ids]);
  return ids.map((id, i) => aliases[i]?.paperId ?? id);
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
  const ns = namespaceOf(id);
  if (!key || ns === 'other') return undefined;
  const rows = await db.titleKeys.where('key').equals(key).toArray();
  const others = rows.filter((r) => r.id !== id && namespaceOf(r.id) !== ns && namespaceOf(r.id) !== 'other');
  if (others.length !== 1 || !others[0]) return undefined;
  return db.papers.get(others[0].id);
}

/** `findSamePaperByTitle` for many ids at once (one index query): asked id -> stored record. */
export async function findSamePapersByTitle(
  db: PaperSiftDB,
  titles: ReadonlyMap<string, string>,
): Promise<Map<string, SavedPaper>> {
  const keyOf = new Map<string, string>();
  for (const [id, title] of titles) {
    const key = namespaceOf(id) === 'other' ? '' : titleKey(title);
    if (key) keyOf.set(id, key);
  }
  const out = new Map<string, SavedPaper>();
  if (!keyOf.size) return out;
  const rows = await titleRowsFor(db, keyOf);
  const byKey = new Map<string, string[]>();
  for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r.id]);
  const want = new Map<string, string>();
  for (const [id, key] of keyOf) {
    const ns = namespaceOf(id);
    const others = (byKey.get(key) ?? []).filter(
      (r) => r !== id && namespaceOf(r) !== ns && namespaceOf(r) !== 'other',
    );
    if (others.length === 1 && others[0]) want.set(id, others[0]);
  }
  const records = await db.papers.bulkGet([...want.values()]);
  [...want.keys()].forEach((id, i) => {
    const p = records[i];
    if (p) out.set(id, p);
  });
  return out;
}

/** `anyOf` walks the index key by key; past this many keys one range read is cheaper. */
const ANY_OF_MAX = 200;

/**
 * The title-key rows that can link the asked ids: those with one of their keys, of the other
 * namespace (an arXiv id only ever links to an OpenReview record and the other way round).
 * For many ids (an import) the other namespace's rows are read by id range in one request and
 * filtered here, instead of thousands of index look-ups.
 */
async function titleRowsFor(db: PaperSiftDB, keyOf: ReadonlyMap<string, string>): Promise<TitleKeyRecord[]> {
  const keys = new Set(keyOf.values());
  if (keys.size <= ANY_OF_MAX)
    return db.titleKeys
      .where('key')
      .anyOf([...keys])
      .toArray();
  const prefixes = new Set(
    [...keyOf.keys()].map((id) => (namespaceOf(id) === 'arxiv' ? 'openreview:' : 'arxiv:')),
  );
  const rows: TitleKeyRecord[] = [];
  for (const prefix of prefixes)
    for (const r of await db.titleKeys.where('id').startsWith(prefix).toArray())
      if (keys.has(r.key)) rows.push(r);
  return rows;
}

/** Keeps the title key of a stored record current (call with every write of a record). */
export async function indexTitles(
  db: PaperSiftDB,
  papers: readonly Pick<Paper, 'id' | 'title'>[],
): Promise<void> {
  const put: { id: string; key: string }[] = [];
  const drop: string[] = [];
  for (const p of papers) {
    const key = titleKey(p.title);
    if (key) put.push({ id: p.id, key });
    else drop.push(p.id);
  }
  if (put.length) await db.titleKeys.bulkPut(put);
  if (drop.length) await db.titleKeys.bulkDelete(drop);
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
