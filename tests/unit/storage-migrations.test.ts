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
import { getSavedState, savePaper } from '../../storage/papers';

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
      // Papers come back with their derived title key (v3), which is not user data: compared apart.
      const papers = (after.papers ?? []) as (SavedPaper & { titleKey?: string })[];
      const keys = papers.map(({ id, titleKey: key }) => ({ id, key }));
      after.papers = papers.map(({ titleKey: _, ...p }) => p);
      for (const [table, rows] of Object.entries(data)) {
        expect(byKey(after[table] ?? []), table).toEqual(byKey(rows));
      }
      if (v < 3)
        expect(byKey(keys)).toEqual(
          byKey(data.papers.map((p) => ({ id: p.id, key: titleKey(p.title) || undefined }))),
        );
      // Indexes work on upgraded data (the reading list and the content script rely on them).
      expect(await db.papers.where('status').equals('dismissed').count()).toBe(
        data.papers.filter((p) => p.status === 'dismissed').length,
      );
      expect(await db.papers.orderBy('savedAt').last()).toMatchObject({
        id: [...data.papers].sort((a, b) => a.savedAt - b.savedAt).at(-1)?.id,
      });
      if (v < 3) {
        const first = data.papers[0] as SavedPaper;
        expect(
          (await db.papers.where('titleKey').equals(titleKey(first.title)).primaryKeys()).map(String),
        ).toEqual([first.id]);
      }
      db.close();
    },
  );

  it('v1 -> v3 gives every stored paper its normalised title key (OpenReview copies are recognised)', async () => {
    const data = realLookingData();
    const name = await writeAsVersion(1, data);
    const db = new PaperSiftDB(name);
    await db.open();
    expect(db.tables.map((t) => t.name)).not.toContain('titleKeys');
    const keys = (await db.papers.toArray())
      .filter((p) => p.titleKey)
      .map((p) => ({ id: p.id, key: p.titleKey }));
    const expected = data.papers
      .filter((p) => titleKey(p.title))
      .map((p) => ({ id: p.id, key: titleKey(p.title) }));
    expect(expected.length).toBeGreaterThanOrEqual(15);
    expect(byKey(keys)).toEqual(byKey(expected));
    expect(await db.aliases.count()).toBe(0);
    // the OpenReview copy of a stored arXiv paper is recognised through the upgraded index
    const first = data.papers[0] as SavedPaper;
    const saved = await savePaper(
      db,
      {
        ...first,
        id: 'openreview:Upgraded1',
        url: 'https://openreview.net/forum?id=Upgraded1',
        site: 'openreview',
      },
      [],
    );
    expect(saved.id).toBe(first.id);
    expect(await db.papers.count()).toBe(data.papers.length);
    db.close();
  });

  it('v2 -> v3 moves the title keys into the papers, keeps aliases, and drops the table', async () => {
    const data = realLookingData();
    const [p0, p1, p2] = data.papers as [SavedPaper, SavedPaper, SavedPaper];
    // An OpenReview paper linked to an arXiv one, a short title (no key), and the v2 tables as v2 wrote them.
    const orPaper: SavedPaper = {
      ...p2,
      id: 'openreview:OrOnly_9',
      title: 'Learning sparse routers for very large mixtures',
      url: 'https://openreview.net/forum?id=OrOnly_9',
      site: 'openreview',
      sites: ['openreview'],
    };
    const short: SavedPaper = {
      ...p2,
      id: 'arxiv:2609.00001',
      title: 'Introduction',
      url: 'https://arxiv.org/abs/2609.00001',
    };
    const papers = [...data.papers, orPaper, short];
    const titleKeys = papers
      .filter((p) => titleKey(p.title) && p.id !== p1.id) // p1's key was never written: computed
      .map((p) => ({ id: p.id, key: titleKey(p.title) }));
    titleKeys.push({ id: 'arxiv:2609.99999', key: 'a key of a paper removed long ago' });
    const aliases = [
      { id: 'openreview:Alias_0', paperId: p0.id },
      { id: 'openreview:Alias_1', paperId: p1.id },
    ];
    const name = await writeAsVersion(2, { ...data, papers, titleKeys, aliases } as Data);
    const db = new PaperSiftDB(name);
    await db.open();
    expect(db.verno).toBe(3);
    expect(db.tables.map((t) => t.name).sort()).toEqual(Object.keys(RELEASED_SCHEMAS[3]).sort());
    const after = await db.papers.toArray();
    expect(byKey(after.map(({ titleKey: _, ...p }) => p))).toEqual(byKey(papers));
    expect(byKey(after.filter((p) => p.titleKey).map((p) => ({ id: p.id, key: p.titleKey })))).toEqual(
      byKey(papers.filter((p) => titleKey(p.title)).map((p) => ({ id: p.id, key: titleKey(p.title) }))),
    );
    expect((await db.papers.get(short.id))?.titleKey).toBeUndefined();
    expect(byKey(await db.aliases.toArray())).toEqual(byKey(aliases));
    for (const [table, rows] of Object.entries({
      abstracts: data.abstracts,
      corrections: data.corrections,
      topics: data.topics,
      models: data.models,
      settings: data.settings,
    }))
      expect(byKey(await db.table(table).toArray()), table).toEqual(byKey(rows));
    // identity works on the upgraded records: by title both ways, and by alias
    expect(
      (
        await savePaper(
          db,
          {
            ...p1,
            id: 'openreview:Fresh_1',
            url: 'https://openreview.net/forum?id=Fresh_1',
            site: 'openreview',
          },
          [],
        )
      ).id,
    ).toBe(p1.id);
    const rekeyed = await savePaper(
      db,
      { ...orPaper, id: 'arxiv:2609.12345', url: 'https://arxiv.org/abs/2609.12345', site: 'arxiv' },
      [],
    );
    expect(rekeyed.id).toBe('arxiv:2609.12345');
    expect(await db.papers.get(orPaper.id)).toBeUndefined();
    expect((await db.papers.get('arxiv:2609.12345'))?.titleKey).toBe(titleKey(orPaper.title));
    expect(await getSavedState(db, ['openreview:Alias_0', orPaper.id])).toEqual({
      saved: ['openreview:Alias_0', orPaper.id],
      dismissed: [],
    });
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
