/**
 * Schema upgrades: a database written by each released version, with real-looking data, opens
 * with the current PaperSiftDB and nothing is lost. The pattern scales: when version N+1 is
 * added (storage/migrations/schemas.ts explains how), this file upgrades from every earlier one.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArxivAtom } from '../../lib/api/arxiv-atom';
import {
  type CachedAbstract,
  type Correction,
  type ModelRecord,
  PaperSiftDB,
  type SavedPaper,
  type SettingRecord,
  type TopicRecord,
} from '../../storage/db';
import { titleKey } from '../../storage/identity';
import { LATEST_RELEASED, RELEASED_SCHEMAS, type ReleasedVersion } from '../../storage/migrations/schemas';

const names: string[] = [];
afterEach(async () => {
  for (const n of names.splice(0)) await Dexie.delete(n);
});

/** Real papers (saved arXiv API responses), as a user's reading list would hold them. */
function realLookingData() {
  const atom = (f: string) => readFileSync(resolve(process.cwd(), 'tests/fixtures/pages', f), 'utf8');
  const fetched = [
    ...parseArxivAtom(atom('arxiv-api-atom-1.xml')).papers,
    ...parseArxivAtom(atom('arxiv-api-atom-2.xml')).papers,
  ];
  const statuses = ['to-read', 'reading', 'read', 'dismissed'] as const;
  const papers: SavedPaper[] = fetched.map((p, i) => ({
    ...p,
    abstract: i % 3 === 0 ? '' : p.abstract, // some saved from title-only listings
    topics: i % 2 ? ['moe'] : ['sae', 'pruning'],
    sites: i % 4 === 1 ? ['arxiv', 'huggingface'] : ['arxiv'],
    savedAt: 1_780_000_000_000 + i * 60_000,
    updatedAt: 1_780_000_000_000 + i * 90_000,
    status: statuses[i % 4] ?? 'to-read',
    tags: i % 3 ? ['to-cite', `week ${i % 5}`] : [],
    notes: i % 2 ? `Compare with section ${i}.\nLine two with "quotes" & <b>markup</b>.` : '',
    starred: i % 5 === 0,
  }));
  const abstracts: CachedAbstract[] = fetched.slice(0, 6).map((p, i) => ({
    id: p.id,
    abstract: p.abstract,
    title: p.title,
    authors: p.authors,
    fetchedAt: 1_780_000_100_000 + i,
  }));
  const corrections: Correction[] = fetched.slice(0, 4).map((p, i) => ({
    seq: i + 1,
    paperId: p.id,
    topic: i % 2 ? 'moe' : 'user:quantization',
    label: i % 2 ? 1 : -1,
    title: p.title,
    abstract: p.abstract,
    createdAt: 1_780_000_200_000 + i,
  }));
  const topics: TopicRecord[] = [
    {
      id: 'user:quantization',
      name: 'Quantization',
      description: 'Low-bit weights',
      include: ['quantiz*', 'int4'],
      exclude: ['quantum'],
      builtin: false,
      enabled: true,
      examples: [{ paperId: fetched[0]?.id ?? '', title: fetched[0]?.title ?? '', abstract: '' }],
      createdAt: 1_780_000_000_000,
    },
    {
      id: 'pruning',
      name: 'Pruning',
      description: '',
      include: [],
      exclude: [],
      builtin: true,
      enabled: false,
      examples: [],
      createdAt: 1,
    },
  ];
  const models: ModelRecord[] = [
    {
      topic: 'moe',
      state: { version: 1, topic: 'moe', hashBits: 18, weights: { '12': 0.5 }, pinned: {}, updates: 1 },
      updatedAt: 5,
    },
  ];
  const settings: SettingRecord[] = [
    { key: 'filter:arxiv', value: ['moe'] },
    { key: 'theme', value: 'dark' },
  ];
  return { papers, abstracts, corrections, topics, models, settings };
}

type Data = ReturnType<typeof realLookingData>;

/** Writes `data` with exactly the schema PaperSift version `v` shipped, then closes the database. */
async function writeAsVersion(v: ReleasedVersion, data: Data): Promise<string> {
  const name = `migrate-v${v}-${crypto.randomUUID()}`;
  names.push(name);
  const old = new Dexie(name);
  old.version(v).stores(RELEASED_SCHEMAS[v]);
  await old.open();
  await old.transaction('rw', old.tables, async () => {
    for (const [table, rows] of Object.entries(data)) await old.table(table).bulkPut(rows);
  });
  old.close();
  return name;
}

async function readAll(db: Dexie): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of db.tables) out[t.name] = await t.toArray();
  return out;
}

const byKey = (rows: unknown[]) =>
  [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('schema upgrades', () => {
  const versions = Object.keys(RELEASED_SCHEMAS).map(Number) as ReleasedVersion[];

  it.each(versions)(
    'a database written by version %i opens with the current schema, nothing lost',
    async (v) => {
      const data = realLookingData();
      expect(data.papers.length).toBeGreaterThanOrEqual(15);
      const name = await writeAsVersion(v, data);
      const db = new PaperSiftDB(name);
      await db.open();
      expect(db.verno).toBe(LATEST_RELEASED);
      const after = await readAll(db);
      for (const [table, rows] of Object.entries(data)) {
        expect(byKey(after[table] ?? []), table).toEqual(byKey(rows));
      }
      // Indexes work on upgraded data (the reading list and the content script rely on them).
      expect(await db.papers.where('status').equals('dismissed').count()).toBe(
        data.papers.filter((p) => p.status === 'dismissed').length,
      );
      expect(await db.papers.where('tags').equals('to-cite').count()).toBe(
        data.papers.filter((p) => p.tags.includes('to-cite')).length,
      );
      db.close();
    },
  );

  it('v1 -> v2 records the normalised title of every stored paper (OpenReview copies are recognised)', async () => {
    const data = realLookingData();
    const name = await writeAsVersion(1, data);
    const db = new PaperSiftDB(name);
    await db.open();
    const keys = await db.titleKeys.toArray();
    const expected = data.papers
      .filter((p) => titleKey(p.title))
      .map((p) => ({ id: p.id, key: titleKey(p.title) }));
    expect(expected.length).toBeGreaterThanOrEqual(15);
    expect(byKey(keys)).toEqual(byKey(expected));
    expect(await db.aliases.count()).toBe(0);
    db.close();
  });

  it('the latest released schema snapshot is the schema PaperSiftDB declares (released versions are not edited)', async () => {
    const db = new PaperSiftDB(`schema-${crypto.randomUUID()}`);
    names.push(db.name);
    await db.open();
    const live = Object.fromEntries(
      db.tables.map((t) => [
        t.name,
        [t.schema.primKey.src, ...t.schema.indexes.map((i) => i.src)].join(', '),
      ]),
    );
    const snapshot = Object.fromEntries(
      Object.entries(RELEASED_SCHEMAS[LATEST_RELEASED]).map(([k, v]) => [k, v.replace(/\s+/g, ' ')]),
    );
    expect(live).toEqual(snapshot);
    db.close();
  });

  it('a database from a newer PaperSift (after a downgrade) opens without losing or rewriting anything', async () => {
    const data = realLookingData();
    const name = `future-${crypto.randomUUID()}`;
    names.push(name);
    const futureSchema = { ...RELEASED_SCHEMAS[LATEST_RELEASED], extra: 'id' };
    const future = new Dexie(name);
    future.version(LATEST_RELEASED + 5).stores(futureSchema);
    await future.open();
    await future.table('papers').bulkPut(data.papers);
    await future.table('extra').put({ id: 'kept' });
    future.close();

    // Dexie 4 opens a database of a higher version as it is (no downgrade, no data dropped).
    const db = new PaperSiftDB(name);
    await db.open();
    expect(byKey(await db.papers.toArray())).toEqual(byKey(data.papers));
    db.close();

    const again = new Dexie(name);
    again.version(LATEST_RELEASED + 5).stores(futureSchema);
    expect(await again.table('extra').toArray()).toEqual([{ id: 'kept' }]);
    again.close();
  });
});
