import type { DBCore, DBCoreMutateRequest } from 'dexie';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Paper, SiteId } from '../../lib/types';
import { getCachedAbstracts, putAbstracts } from '../../storage/abstracts';
import { PaperSiftDB } from '../../storage/db';
import { PaperNotFoundError, StorageQuotaError } from '../../storage/errors';
import {
  bulkAddTags,
  bulkRemoveTags,
  bulkSetStatus,
  countByStatus,
  dismissPaper,
  editPapers,
  getPaper,
  getSavedState,
  listPapers,
  listTags,
  removePaper,
  removePapers,
  restorePapers,
  savePaper,
  savePapers,
  setNotes,
  setStarred,
  setStatus,
  setTags,
} from '../../storage/papers';
import { getSetting, getSiteFilter, setSetting, setSiteFilter } from '../../storage/settings';

const dbs: PaperSiftDB[] = [];
function freshDb(): PaperSiftDB {
  const db = new PaperSiftDB(`test-${crypto.randomUUID()}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

function arxivPaper(n: number, over: Partial<Paper> = {}): Paper {
  const aid = `2609.${String(10000 + n)}`;
  return {
    id: `arxiv:${aid}`,
    title: `Sparse mixture of experts paper ${n}`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    abstract: `We study routing in mixture-of-experts layers (paper ${n}).`,
    url: `https://arxiv.org/abs/${aid}`,
    site: 'arxiv',
    ...over,
  };
}

/** The same arXiv paper as Hugging Face Papers shows it. */
function onHf(p: Paper, over: Partial<Paper> = {}): Paper {
  return { ...p, site: 'huggingface', sourceUrl: 'https://huggingface.co/papers', ...over };
}

/**
 * Arms a failure: once `failFrom(nth)` is called, the nth write from then on (1-based) and every
 * later one fail with `makeError`, like a disk that fills up or a worker that dies mid-transaction.
 * Dexie middlewares must be installed before the database opens, so call this first.
 */
function injectFailures(db: PaperSiftDB) {
  let armed: { nth: number; makeError: () => Error } | undefined;
  let count = 0;
  db.use({
    stack: 'dbcore',
    name: 'inject-failure',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(name) {
          const t = down.table(name);
          return {
            ...t,
            mutate(req: DBCoreMutateRequest) {
              if (!armed) return t.mutate(req);
              count++;
              return count >= armed.nth ? Promise.reject(armed.makeError()) : t.mutate(req);
            },
          };
        },
      };
    },
  });
  return {
    failFrom(nth: number, makeError: () => Error) {
      armed = { nth, makeError };
      count = 0;
    },
    writes: () => count,
  };
}

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('savePaper', () => {
  it('stores a new paper as to-read with its topics and site', async () => {
    const db = freshDb();
    const rec = await savePaper(db, arxivPaper(1), ['moe'], 1000);
    expect(rec).toMatchObject({
      status: 'to-read',
      topics: ['moe'],
      sites: ['arxiv'],
      savedAt: 1000,
      tags: [],
    });
    expect(await db.papers.count()).toBe(1);
  });

  it('merges the same arXiv paper seen on arXiv and Hugging Face into one record', async () => {
    const db = freshDb();
    const p = arxivPaper(2, { abstract: '' });
    await savePaper(db, p, ['moe'], 1000);
    await setTags(db, p.id, ['to-cite'], 1500);
    await setNotes(db, p.id, 'Compare with Switch', 1600);
    await setStatus(db, p.id, 'reading', 1700);
    const merged = await savePaper(
      db,
      onHf(p, { abstract: 'Full abstract from HF.', title: 'HF title variant', version: 3 }),
      ['moe', 'sparse_attention'],
      2000,
    );
    expect(await db.papers.count()).toBe(1);
    expect(merged.sites).toEqual(['arxiv', 'huggingface']);
    // User's data kept.
    expect(merged).toMatchObject({
      status: 'reading',
      tags: ['to-cite'],
      notes: 'Compare with Switch',
      savedAt: 1000,
    });
    // Missing abstract filled, higher version kept, but arXiv (home site) title and URL stay.
    expect(merged.abstract).toBe('Full abstract from HF.');
    expect(merged.version).toBe(3);
    expect(merged.title).toBe(p.title);
    expect(merged.url).toBe(p.url);
    expect(merged.site).toBe('arxiv');
    expect(merged.topics).toEqual(['moe', 'sparse_attention']);
    expect(merged.updatedAt).toBe(2000);
  });

  it('takes arXiv metadata over a mirror copy saved first', async () => {
    const db = freshDb();
    const p = arxivPaper(3);
    await savePaper(
      db,
      onHf(p, { title: 'Mirror title', url: 'https://huggingface.co/papers/2609.10003' }),
      [],
    );
    const merged = await savePaper(db, p, ['moe']);
    expect(merged.title).toBe(p.title);
    expect(merged.url).toBe(p.url);
    expect(merged.site).toBe('arxiv');
    expect(merged.sites).toEqual(['huggingface', 'arxiv']);
  });

  it('does not replace a full abstract by a truncated one, nor abstract-based topics by title-only ones', async () => {
    const db = freshDb();
    const p = arxivPaper(4, { abstract: 'A'.repeat(1000) });
    await savePaper(db, p, ['moe', 'pruning']);
    const merged = await savePaper(db, { ...p, abstract: 'A'.repeat(200) }, ['moe']);
    expect(merged.abstract).toHaveLength(1000);
    const titleOnly = await savePaper(db, { ...p, abstract: '' }, []);
    expect(titleOnly.topics).toEqual(['moe', 'pruning']);
  });

  it('fills the abstract of a title-only save from the abstracts cache', async () => {
    const db = freshDb();
    const p = arxivPaper(5, { abstract: '' });
    await putAbstracts(db, [{ id: p.id, abstract: 'Cached abstract.', fetchedAt: 1 }]);
    expect((await savePaper(db, p, [])).abstract).toBe('Cached abstract.');
  });

  it('dismissing a saved paper (the sidebar sends no topics) keeps its topics and user data', async () => {
    const db = freshDb();
    const p = arxivPaper(8);
    await savePaper(db, p, ['moe', 'sae'], 1000);
    await setTags(db, p.id, ['Keep']);
    const rec = await dismissPaper(db, p, [], 2000);
    expect(rec).toMatchObject({ status: 'dismissed', topics: ['moe', 'sae'], tags: ['Keep'], savedAt: 1000 });
    await bulkRemoveTags(db, [p.id], ['keep']);
    expect((await getPaper(db, p.id))?.tags).toEqual([]);
  });

  it('brings back a dismissed paper as newly saved', async () => {
    const db = freshDb();
    const p = arxivPaper(6);
    await dismissPaper(db, p, [], 1000);
    expect(await getSavedState(db, [p.id])).toEqual({ saved: [], dismissed: [p.id] });
    const rec = await savePaper(db, p, ['moe'], 5000);
    expect(rec).toMatchObject({ status: 'to-read', savedAt: 5000 });
    expect(await getSavedState(db, [p.id])).toEqual({ saved: [p.id], dismissed: [] });
  });

  it('merging any sequence of sightings gives one record with every site and the user data intact', async () => {
    const sites: SiteId[] = ['arxiv', 'huggingface', 'openreview'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            site: fc.constantFrom(...sites),
            abstract: fc.oneof(fc.constant(''), fc.string({ maxLength: 50 })),
            version: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        async (sightings) => {
          const db = freshDb();
          const base = arxivPaper(7);
          await savePaper(db, { ...base, abstract: '' }, []);
          await setNotes(db, base.id, 'my note');
          for (const s of sightings) {
            const copy: Paper = { ...base, site: s.site, abstract: s.abstract };
            if (s.version) copy.version = s.version;
            await savePaper(db, copy, []);
          }
          const all = await db.papers.toArray();
          expect(all).toHaveLength(1);
          const rec = all[0];
          expect(new Set(rec?.sites)).toEqual(new Set(['arxiv', ...sightings.map((s) => s.site)]));
          expect(rec?.sites.length).toBe(new Set(rec?.sites).size);
          expect(rec?.notes).toBe('my note');
          const maxVersion = Math.max(0, ...sightings.map((s) => s.version ?? 0));
          expect(rec?.version ?? 0).toBe(maxVersion);
          if (sightings.some((s) => s.abstract)) expect(rec?.abstract).not.toBe('');
          await db.delete();
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('saved state, remove, edits', () => {
  it('getSavedState reports only the ids asked for', async () => {
    const db = freshDb();
    for (let i = 0; i < 5; i++) await savePaper(db, arxivPaper(i), []);
    await dismissPaper(db, arxivPaper(9), []);
    const state = await getSavedState(db, ['arxiv:2609.10001', 'arxiv:2609.10009', 'arxiv:2609.19999']);
    expect(state).toEqual({ saved: ['arxiv:2609.10001'], dismissed: ['arxiv:2609.10009'] });
  });

  it('removePaper deletes and returns the record; removing twice is harmless', async () => {
    const db = freshDb();
    const p = arxivPaper(1);
    await savePaper(db, p, []);
    expect((await removePaper(db, p.id))?.id).toBe(p.id);
    expect(await removePaper(db, p.id)).toBeUndefined();
    expect(await db.papers.count()).toBe(0);
  });

  it('single edits change only their field', async () => {
    const db = freshDb();
    const p = arxivPaper(1);
    await savePaper(db, p, ['moe'], 1);
    await setStatus(db, p.id, 'read', 2);
    await setTags(db, p.id, ['  a  b ', 'a b', '', 'c'], 3);
    await setNotes(db, p.id, 'line 1\nline 2', 4);
    await setStarred(db, p.id, true, 5);
    expect(await getPaper(db, p.id)).toMatchObject({
      status: 'read',
      tags: ['a b', 'c'],
      notes: 'line 1\nline 2',
      starred: true,
      topics: ['moe'],
      savedAt: 1,
      updatedAt: 5,
    });
  });

  it('editing a paper that is not stored fails with PaperNotFoundError', async () => {
    const db = freshDb();
    await expect(setStatus(db, 'arxiv:2609.99999', 'read')).rejects.toBeInstanceOf(PaperNotFoundError);
  });

  it('bulk edits apply to all, and an unknown id among them changes nothing', async () => {
    const db = freshDb();
    const ids = [1, 2, 3].map((i) => arxivPaper(i).id);
    for (let i = 1; i <= 3; i++) await savePaper(db, arxivPaper(i), []);
    await bulkSetStatus(db, ids, 'reading');
    await bulkAddTags(db, ids, ['week-1', 'moe']);
    await bulkRemoveTags(db, ids.slice(0, 1), ['moe']);
    const after = await db.papers.bulkGet(ids);
    expect(after.map((p) => p?.status)).toEqual(['reading', 'reading', 'reading']);
    expect(after.map((p) => p?.tags)).toEqual([['week-1'], ['week-1', 'moe'], ['week-1', 'moe']]);

    const before = await db.papers.toArray();
    await expect(bulkSetStatus(db, [...ids, 'arxiv:2609.99999'], 'read')).rejects.toThrow(/2609\.99999/);
    expect(await db.papers.toArray()).toEqual(before);
  });

  it('bulk remove returns the records and restore puts them back exactly', async () => {
    const db = freshDb();
    for (let i = 1; i <= 4; i++) await savePaper(db, arxivPaper(i), ['moe']);
    await setNotes(db, arxivPaper(2).id, 'keep me');
    const before = await db.papers.orderBy('id').toArray();
    const removed = await removePapers(db, [arxivPaper(2).id, arxivPaper(3).id, 'arxiv:2609.99999']);
    expect(removed.map((p) => p.id)).toEqual([arxivPaper(2).id, arxivPaper(3).id]);
    expect(await db.papers.count()).toBe(2);
    await restorePapers(db, removed);
    expect(await db.papers.orderBy('id').toArray()).toEqual(before);
  });
});

describe('transactions: all or nothing', () => {
  it('a failure in the middle of a bulk save leaves the database as it was', async () => {
    const db = freshDb();
    const injected = injectFailures(db);
    await savePaper(db, arxivPaper(0), ['moe']);
    const before = await db.papers.toArray();
    // Writes 1..4 succeed inside the bulk transaction, write 5 fails.
    injected.failFrom(5, () => new Error('disk I/O error'));
    const items = Array.from({ length: 10 }, (_, i) => ({ paper: arxivPaper(i + 1), topics: ['moe'] }));
    await expect(savePapers(db, items)).rejects.toThrow(/disk I\/O error/);
    expect(injected.writes()).toBe(5);
    expect(await db.papers.toArray()).toEqual(before);
  });

  it('caching abstracts and filling saved papers land together or not at all', async () => {
    const db = freshDb();
    const injected = injectFailures(db);
    const p = arxivPaper(1, { abstract: '' });
    await savePaper(db, p, []);
    injected.failFrom(2, () => new Error('boom')); // abstracts.bulkPut = write 1 ok, papers.bulkPut = 2 fails
    await expect(putAbstracts(db, [{ id: p.id, abstract: 'New', fetchedAt: 1 }])).rejects.toThrow('boom');
    expect(await getCachedAbstracts(db, [p.id])).toEqual([]);
    expect((await getPaper(db, p.id))?.abstract).toBe('');
  });

  it('a full disk surfaces as StorageQuotaError with a clear message, and saved papers survive', async () => {
    const db = freshDb();
    const injected = injectFailures(db);
    for (let i = 0; i < 3; i++) await savePaper(db, arxivPaper(i), ['moe']);
    const before = await db.papers.toArray();
    injected.failFrom(1, quotaError);
    const err = await savePaper(db, arxivPaper(10), []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageQuotaError);
    expect((err as Error).message).toMatch(/storage .* is full/);
    expect((err as Error).message).toMatch(/Nothing already saved was lost/);
    await expect(bulkSetStatus(db, [arxivPaper(0).id], 'read')).rejects.toBeInstanceOf(StorageQuotaError);
    await expect(setSiteFilter(db, 'arxiv', ['moe'])).rejects.toBeInstanceOf(StorageQuotaError);
    expect(await db.papers.toArray()).toEqual(before);
  });
});

describe('listPapers', () => {
  it('lists saved papers newest first, without dismissed ones, with filters', async () => {
    const db = freshDb();
    await savePaper(db, arxivPaper(1), ['moe'], 100);
    await savePaper(db, onHf(arxivPaper(2)), ['sae'], 300);
    await savePaper(db, arxivPaper(3), ['moe'], 200);
    await dismissPaper(db, arxivPaper(4), ['moe'], 400);
    await setTags(db, arxivPaper(3).id, ['x']);
    await setStarred(db, arxivPaper(1).id, true);
    const ids = (ps: { id: string }[]) => ps.map((p) => p.id.slice(-1));
    expect(ids(await listPapers(db))).toEqual(['2', '3', '1']);
    expect(ids(await listPapers(db, { order: 'asc' }))).toEqual(['1', '3', '2']);
    expect(ids(await listPapers(db, { topic: 'moe' }))).toEqual(['3', '1']);
    expect(ids(await listPapers(db, { site: 'huggingface' }))).toEqual(['2']);
    expect(ids(await listPapers(db, { tag: 'x' }))).toEqual(['3']);
    expect(ids(await listPapers(db, { starred: true }))).toEqual(['1']);
    expect(ids(await listPapers(db, { statuses: ['dismissed'] }))).toEqual(['4']);
    expect(ids(await listPapers(db, { offset: 1, limit: 1 }))).toEqual(['3']);
    expect(await countByStatus(db)).toEqual({ 'to-read': 3, reading: 0, read: 0, dismissed: 1 });
  });

  it('lists tags most used first', async () => {
    const db = freshDb();
    for (let i = 1; i <= 3; i++) await savePaper(db, arxivPaper(i), []);
    await bulkAddTags(db, [arxivPaper(1).id, arxivPaper(2).id], ['b']);
    await setTags(db, arxivPaper(3).id, ['a', 'b']);
    expect(await listTags(db)).toEqual(['b', 'a']);
  });
});

describe('settings and abstracts cache', () => {
  it('keeps one topic filter per site', async () => {
    const db = freshDb();
    expect(await getSiteFilter(db, 'arxiv')).toEqual([]);
    await setSiteFilter(db, 'arxiv', ['moe', 'sae', 'moe']);
    await setSiteFilter(db, 'huggingface', ['pruning']);
    expect(await getSiteFilter(db, 'arxiv')).toEqual(['moe', 'sae']);
    expect(await getSiteFilter(db, 'huggingface')).toEqual(['pruning']);
    await setSetting(db, 'theme', 'dark');
    expect(await getSetting(db, 'theme', 'system')).toBe('dark');
    expect(await getSetting(db, 'missing', 'fallback')).toBe('fallback');
  });

  it('returns only cached ids and fills empty abstracts of saved papers', async () => {
    const db = freshDb();
    const titleOnly = arxivPaper(1, { abstract: '', authors: [] });
    const full = arxivPaper(2);
    await savePaper(db, titleOnly, []);
    await savePaper(db, full, []);
    const changed = await putAbstracts(db, [
      { id: titleOnly.id, abstract: 'Fetched 1', authors: ['A. Author'], fetchedAt: 10 },
      { id: full.id, abstract: 'Fetched 2', fetchedAt: 10 },
      { id: 'arxiv:2609.10003', abstract: 'Fetched 3', fetchedAt: 10 },
    ]);
    expect(changed).toEqual([titleOnly.id]);
    expect(await getPaper(db, titleOnly.id)).toMatchObject({ abstract: 'Fetched 1', authors: ['A. Author'] });
    expect((await getPaper(db, full.id))?.abstract).toBe(full.abstract);
    const hits = await getCachedAbstracts(db, ['arxiv:2609.10003', 'arxiv:2609.19999']);
    expect(hits.map((h) => h.id)).toEqual(['arxiv:2609.10003']);
  });
});

describe('editPapers validation', () => {
  it('rejects an unknown status', async () => {
    const db = freshDb();
    await savePaper(db, arxivPaper(1), []);
    await expect(editPapers(db, [arxivPaper(1).id], { status: 'later' as never })).rejects.toThrow(/status/);
  });
});
