/**
 * Data safety (issue 7), tests that try to lose data:
 *  - the MV3 worker killed in the middle of a save, a bulk edit, an import and a migration. A killed
 *    context aborts its open IndexedDB transactions, so that is what is simulated: the transaction is
 *    aborted after some of its writes have reached IndexedDB, the connection is closed, and a new
 *    PaperSiftDB (the restarted worker) opens the same database;
 *  - storage quota exhausted in every kind of write: a clear message, nothing already saved lost;
 *  - five tabs and the reading list writing at once through separate connections.
 */
import { type DBCore, type DBCoreMutateRequest, Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackgroundDeps, SenderLike } from '../../entrypoints/background/deps';
import { handleMessage } from '../../entrypoints/background/handle-message';
import { type BackupData, toJsonBackup } from '../../lib/export/backup';
import type { Result } from '../../lib/protocol';
import type { Paper } from '../../lib/types';
import { putAbstracts } from '../../storage/abstracts';
import { type PaperRecord, PaperSiftDB, type SavedPaper } from '../../storage/db';
import { StorageQuotaError } from '../../storage/errors';
import { titleKey } from '../../storage/identity';
import { RELEASED_SCHEMAS } from '../../storage/migrations/schemas';
import { upgradeToV2 } from '../../storage/migrations/v2';
import { upgradeToV3 } from '../../storage/migrations/v3';
import { editPapers, removePapers, restorePapers, savePaper, savePapers } from '../../storage/papers';
import { importFile } from '../../storage/reading-list';

const names: string[] = [];
const open: Dexie[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) db.close();
  for (const n of names.splice(0)) await Dexie.delete(n);
});

function dbName(): string {
  const n = `robust-${crypto.randomUUID()}`;
  names.push(n);
  return n;
}

function track<T extends Dexie>(db: T): T {
  open.push(db);
  return db;
}

function paper(n: number, over: Partial<Paper> = {}): Paper {
  const aid = `2609.${String(30000 + n)}`;
  return {
    id: `arxiv:${aid}`,
    title: `Routing in sparse mixture of experts, part ${n}`,
    authors: ['Ada Lovelace'],
    abstract: `Abstract ${n}.`,
    url: `https://arxiv.org/abs/${aid}`,
    site: 'arxiv',
    ...over,
  };
}

/**
 * The worker dies at a write: `after(n)` lets n more writes reach IndexedDB and kills at the next
 * one (it never lands); `afterAccepting(n)` lets the (n+1)th write land and kills right after it.
 * Killing = aborting the IndexedDB transaction, as the browser does for a context that is gone;
 * nothing answers the dead worker's caller. Installed before the database opens (Dexie middleware).
 */
function killer(db: Dexie) {
  let left = Number.POSITIVE_INFINITY;
  let landFirst = false;
  let kills = 0;
  db.use({
    stack: 'dbcore',
    name: 'kill-worker',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(name) {
          const t = down.table(name);
          return {
            ...t,
            async mutate(req: DBCoreMutateRequest) {
              if (left-- > 0) return t.mutate(req);
              left = Number.POSITIVE_INFINITY;
              if (landFirst) await t.mutate(req);
              kills++;
              (req.trans as unknown as IDBTransaction).abort();
              return new Promise<never>(() => {});
            },
          };
        },
      };
    },
  });
  return {
    after(writes: number) {
      left = writes;
      landFirst = false;
    },
    afterAccepting(writes: number) {
      left = writes;
      landFirst = true;
    },
    kills: () => kills,
  };
}

/** Starts a write in a worker that is about to die: nobody waits for its answer. */
async function dies(kill: { kills(): number }, write: () => Promise<unknown>): Promise<void> {
  const before = kill.kills();
  write().catch(() => {});
  for (let i = 0; i < 100 && kill.kills() === before; i++) await new Promise((r) => setTimeout(r, 5));
  expect(kill.kills()).toBe(before + 1);
  await new Promise((r) => setTimeout(r, 20));
}

/** A backup file holding these papers and settings (and nothing else). */
const backupFile = (papers: SavedPaper[], settings: { key: string; value: unknown }[]) =>
  toJsonBackup({
    papers,
    topics: [],
    corrections: [],
    models: [],
    settings,
    aliases: [],
  } as unknown as BackupData);

/** The database as a restarted worker finds it. */
async function reopen(name: string): Promise<Record<string, unknown[]>> {
  const db = track(new PaperSiftDB(name));
  await db.open();
  const out: Record<string, unknown[]> = {};
  for (const t of db.tables) out[t.name] = await t.toArray();
  db.close();
  return out;
}

/** `n` saved-paper records as a v1 or v2 database holds them (no title key field). */
const storedPapers = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    ...paper(i),
    topics: ['moe'],
    sites: ['arxiv'],
    savedAt: i,
    updatedAt: i,
    status: 'to-read',
    tags: [],
    notes: `n${i}`,
    starred: false,
  }));

const sorted = (rows: unknown[]) => [...rows].map((r) => JSON.stringify(r)).sort();

describe('the worker killed in the middle of a write', () => {
  it('a bulk save killed half-way: nothing of it, everything from before', async () => {
    const name = dbName();
    const db = track(new PaperSiftDB(name));
    const kill = killer(db);
    await savePapers(
      db,
      [1, 2, 3].map((n) => ({ paper: paper(n), topics: ['moe'] })),
      1000,
    );
    const before = await reopen(name);
    kill.after(25); // 50 papers, one write each (the title key is a field of the record): dies at the 26th
    await dies(kill, () =>
      savePapers(
        db,
        Array.from({ length: 50 }, (_, i) => ({ paper: paper(100 + i), topics: [] })),
        2000,
      ),
    );
    db.close();
    const after = await reopen(name);
    expect(sorted(after.papers ?? [])).toEqual(sorted(before.papers ?? []));
    expect((after.papers as PaperRecord[]).map((p) => p.titleKey)).toEqual(
      [1, 2, 3].map((n) => titleKey(paper(n).title)),
    );
  });

  it('a save that re-keys an OpenReview record killed between delete and put loses nothing', async () => {
    const name = dbName();
    const db = track(new PaperSiftDB(name));
    const kill = killer(db);
    const or: Paper = {
      ...paper(7),
      id: 'openreview:B3vTn9LsQ4',
      url: 'https://openreview.net/forum?id=B3vTn9LsQ4',
      site: 'openreview',
      abstract: '',
    };
    await savePaper(db, or, ['moe'], 1000);
    await editPapers(db, [or.id], { notes: 'My notes' }, 1100);
    kill.after(2); // the old record is deleted and the alias written, then the worker dies
    await dies(kill, () => savePaper(db, paper(7), ['moe'], 2000));
    db.close();
    const after = await reopen(name);
    expect((after.papers as SavedPaper[]).map((p) => [p.id, p.notes])).toEqual([[or.id, 'My notes']]);
    expect(after.aliases).toEqual([]);
  });

  it('a bulk edit and a bulk remove killed mid-way change nothing', async () => {
    const name = dbName();
    const db = track(new PaperSiftDB(name));
    const kill = killer(db);
    const ids = Array.from({ length: 40 }, (_, i) => paper(i).id);
    await savePapers(
      db,
      ids.map((_, i) => ({ paper: paper(i), topics: [] })),
      1000,
    );
    const before = await reopen(name);
    // editPapers writes all 40 in one bulkPut; the kill comes after IndexedDB accepted it.
    kill.afterAccepting(0);
    await dies(kill, () => editPapers(db, ids, { status: 'read', addTags: ['done'] }, 2000));
    kill.afterAccepting(0);
    await dies(kill, () => removePapers(db, ids));
    db.close();
    expect(sorted((await reopen(name)).papers ?? [])).toEqual(sorted(before.papers ?? []));
  });

  it('an import killed after its papers were written leaves the database as it was', async () => {
    const name = dbName();
    const db = track(new PaperSiftDB(name));
    const kill = killer(db);
    await savePapers(
      db,
      [1, 2].map((n) => ({ paper: paper(n), topics: [] })),
      1000,
    );
    const before = await reopen(name);
    const incoming: SavedPaper[] = Array.from({ length: 300 }, (_, i) => ({
      ...paper(500 + i),
      topics: [],
      sites: ['arxiv'],
      savedAt: 5,
      updatedAt: 5,
      status: 'to-read',
      tags: ['imported'],
      notes: '',
      starred: false,
    }));
    const file = backupFile(incoming, [{ key: 'theme', value: 'dark' }]);
    kill.afterAccepting(0); // the papers' bulkPut lands, then the worker dies
    await dies(kill, () => importFile(db, 'papersift-backup.json', file));
    db.close();
    const after = await reopen(name);
    expect(sorted(after.papers ?? [])).toEqual(sorted(before.papers ?? []));
    expect(after.settings).toEqual(before.settings);
  });

  it('a migration killed half-way: the v1 database is intact, and the next start upgrades it fully', async () => {
    const name = dbName();
    const v1 = new Dexie(name);
    v1.version(1).stores(RELEASED_SCHEMAS[1]);
    const papers = storedPapers(200);
    await v1.open();
    await v1.table('papers').bulkPut(papers);
    v1.close();

    // The worker that upgrades dies once the migration has written its title keys.
    const dying = track(new Dexie(name));
    dying.version(1).stores(RELEASED_SCHEMAS[1]);
    dying
      .version(2)
      .stores({ titleKeys: 'id, key', aliases: 'id, paperId' })
      .upgrade(async (tx) => {
        await upgradeToV2(tx);
        expect(await tx.table('titleKeys').count()).toBe(200);
        (tx as unknown as { idbtrans: IDBTransaction }).idbtrans.abort();
        await new Promise(() => {});
      });
    await expect(dying.open()).rejects.toThrow();
    dying.close();

    const still = track(new Dexie(name));
    await still.open(); // dynamic mode: opens whatever version is on disk
    expect(still.verno).toBe(1);
    expect(still.tables.map((t) => t.name).sort()).toEqual(Object.keys(RELEASED_SCHEMAS[1]).sort());
    expect(sorted(await still.table('papers').toArray())).toEqual(sorted(papers));
    still.close();

    const after = await reopen(name);
    const upgraded = after.papers as PaperRecord[];
    expect(sorted(upgraded.map(({ titleKey: _, ...p }) => p))).toEqual(sorted(papers));
    expect(upgraded.filter((p) => p.titleKey)).toHaveLength(200);
    expect(upgraded).toContainEqual(
      expect.objectContaining({ id: paper(3).id, titleKey: titleKey(paper(3).title) }),
    );
    expect(after.titleKeys).toBeUndefined();
  });

  it('a v2 -> v3 migration killed half-way: the v2 database and its title keys are intact, the next start upgrades it', async () => {
    const name = dbName();
    const v2 = new Dexie(name);
    v2.version(2).stores(RELEASED_SCHEMAS[2]);
    const papers = storedPapers(200);
    const keys = papers.map((p) => ({ id: p.id, key: titleKey(p.title) }));
    const aliases = [{ id: 'openreview:Forum_3', paperId: paper(3).id }];
    await v2.open();
    await v2.table('papers').bulkPut(papers);
    await v2.table('titleKeys').bulkPut(keys);
    await v2.table('aliases').bulkPut(aliases);
    v2.close();

    // The worker that upgrades dies once the migration has rewritten the papers.
    const dying = track(new Dexie(name));
    dying.version(2).stores(RELEASED_SCHEMAS[2]);
    dying
      .version(3)
      .stores({ papers: RELEASED_SCHEMAS[3].papers, titleKeys: null })
      .upgrade(async (tx) => {
        await upgradeToV3(tx);
        expect(
          await tx
            .table('papers')
            .where('titleKey')
            .equals(keys[3]?.key ?? '')
            .count(),
        ).toBe(1);
        (tx as unknown as { idbtrans: IDBTransaction }).idbtrans.abort();
        await new Promise(() => {});
      });
    await expect(dying.open()).rejects.toThrow();
    dying.close();

    const still = track(new Dexie(name));
    await still.open(); // dynamic mode: opens whatever version is on disk
    expect(still.verno).toBe(2);
    expect(still.tables.map((t) => t.name).sort()).toEqual(Object.keys(RELEASED_SCHEMAS[2]).sort());
    expect(sorted(await still.table('papers').toArray())).toEqual(sorted(papers));
    expect(sorted(await still.table('titleKeys').toArray())).toEqual(sorted(keys));
    expect(await still.table('aliases').toArray()).toEqual(aliases);
    still.close();

    const after = await reopen(name);
    const upgraded = after.papers as PaperRecord[];
    expect(sorted(upgraded.map(({ titleKey: _, ...p }) => p))).toEqual(sorted(papers));
    expect(sorted(upgraded.map((p) => ({ id: p.id, key: p.titleKey })))).toEqual(sorted(keys));
    expect(after.aliases).toEqual(aliases);
    expect(after.titleKeys).toBeUndefined();
  });
});

describe('storage quota exhausted', () => {
  function fullDisk(db: Dexie) {
    const state = { full: false };
    db.use({
      stack: 'dbcore',
      name: 'full-disk',
      create: (down) => ({
        ...down,
        table: (name) => {
          const t = down.table(name);
          return {
            ...t,
            mutate: (req) =>
              state.full
                ? Promise.reject(new DOMException('Quota exceeded', 'QuotaExceededError'))
                : t.mutate(req),
          };
        },
      }),
    });
    return state;
  }

  it('every kind of write says the disk is full and what was kept; nothing saved is lost', async () => {
    const name = dbName();
    const db = track(new PaperSiftDB(name));
    const disk = fullDisk(db);
    const ids = [1, 2, 3].map((n) => paper(n).id);
    await savePapers(
      db,
      [1, 2, 3].map((n) => ({ paper: paper(n), topics: [] })),
      1000,
    );
    const before = await reopen(name);
    disk.full = true;
    const attempts: [string, () => Promise<unknown>][] = [
      ['save', () => savePaper(db, paper(9), [])],
      ['bulk save', () => savePapers(db, [{ paper: paper(10), topics: [] }])],
      ['bulk edit', () => editPapers(db, ids, { addTags: ['x'] })],
      ['bulk remove', () => removePapers(db, ids)],
      ['restore', () => restorePapers(db, [{ ...(before.papers?.[0] as SavedPaper), notes: 'changed' }])],
      ['abstracts', () => putAbstracts(db, [{ id: paper(1).id, abstract: 'new', fetchedAt: 1 }])],
    ];
    for (const [what, write] of attempts) {
      const e = await write().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e, what).toBeInstanceOf(StorageQuotaError);
      expect((e as Error).message, what).toMatch(
        /storage for this extension is full\. Nothing already saved was lost/,
      );
    }
    const imported = await importFile(db, 'backup.json', backupFile([], [{ key: 'theme', value: 'dark' }]));
    expect(imported).toMatchObject({
      ok: false,
      error: expect.stringMatching(/storage for this extension is full/),
    });
    disk.full = false;
    db.close();
    expect(await reopen(name)).toEqual(before);
  });
});

describe('five tabs and the reading list at once', () => {
  it('every save and edit from every context lands once, across arXiv, Hugging Face and OpenReview copies', async () => {
    const name = dbName();
    // The background has one connection; the reading list page opens its own.
    const bg = track(new PaperSiftDB(name));
    const page = track(new PaperSiftDB(name));
    const deps: BackgroundDeps = {
      db: bg,
      extensionId: 'ext',
      extensionOrigin: 'chrome-extension://ext/',
      broadcast: { all: () => {}, tab: () => {} },
      openReadingList: async () => {},
      now: Date.now,
      log: () => {},
    };
    const send = (type: string, payload: unknown, sender: SenderLike) =>
      handleMessage({ type, payload }, sender, deps) as Promise<Result<unknown>>;
    const shared = paper(1, { title: 'Expert Choice Routing for Sparse Mixture of Experts Layers' });
    await savePaper(bg, shared, ['moe'], 1);
    const sites = ['arxiv', 'huggingface', 'openreview', 'arxiv', 'huggingface'] as const;
    const results = await Promise.all([
      ...sites.map(async (site, t) => {
        const sender: SenderLike = {
          id: 'ext',
          url: `https://${site}.example/`,
          tab: { id: t + 1 },
          frameId: 0,
        };
        const copy: Paper =
          site === 'openreview'
            ? {
                ...shared,
                id: 'openreview:Xq7Rk2mWp1',
                url: 'https://openreview.net/forum?id=Xq7Rk2mWp1',
                site,
              }
            : { ...shared, site, version: t + 1 };
        const out = await Promise.all([
          send('papers.save', { paper: copy, topics: ['moe'] }, sender),
          ...[0, 1, 2, 3].map((k) =>
            send('papers.save', { paper: paper(100 + t * 10 + k), topics: [] }, sender),
          ),
        ]);
        out.push(await send('papers.update', { id: copy.id, edit: { addTags: [`tab-${t}`] } }, sender));
        out.push(
          await send('papers.update', { id: paper(100 + t * 10).id, edit: { notes: `tab ${t}` } }, sender),
        );
        out.push(await send('papers.dismiss', { paper: paper(100 + t * 10 + 3), topics: [] }, sender));
        return out;
      }),
      // Meanwhile the reading list tags and stars the shared paper through its own connection.
      (async () => [
        await editPapers(page, [shared.id], { addTags: ['from-list'] }).then(() => ({ ok: true })),
        await editPapers(page, [shared.id], { starred: true }).then(() => ({ ok: true })),
      ])(),
    ]);
    expect(results.flat().every((r) => r.ok)).toBe(true);
    const all = await bg.papers.toArray();
    expect(all.map((p) => p.id).sort()).toEqual(
      [shared.id, ...sites.flatMap((_, t) => [0, 1, 2, 3].map((k) => paper(100 + t * 10 + k).id))].sort(),
    );
    const rec = all.find((p) => p.id === shared.id);
    expect([...(rec?.tags ?? [])].sort()).toEqual(['from-list', 'tab-0', 'tab-1', 'tab-2', 'tab-3', 'tab-4']);
    expect(rec?.starred).toBe(true);
    expect([...(rec?.sites ?? [])].sort()).toEqual(['arxiv', 'huggingface', 'openreview']);
    expect(rec?.version).toBe(5);
    for (let t = 0; t < 5; t++) {
      const own = all.filter((p) => p.id >= paper(100 + t * 10).id && p.id <= paper(100 + t * 10 + 3).id);
      expect(own.map((p) => p.status)).toEqual(['to-read', 'to-read', 'to-read', 'dismissed']);
      expect(own[0]?.notes).toBe(`tab ${t}`);
    }
  });
});
