import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_FORMAT, parseJsonBackup, toJsonBackup } from '../../lib/export/backup';
import { toBibtex } from '../../lib/export/bibtex';
import type { Correction, PaperSiftDB, SavedPaper, TopicRecord } from '../../storage/db';
import { titleKey, withTitleKey } from '../../storage/identity';
import { applyImport, importFile, readBackupData } from '../../storage/reading-list';
import { freshDb, savedPaper } from './reading-list-helpers';

let db: PaperSiftDB;
beforeEach(() => {
  db = freshDb();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

/** A stored OpenReview record of `title` (with its title key, as storage writes it), with notes. */
const openReviewCopy = (title: string) =>
  withTitleKey(
    savedPaper(7, {
      id: 'openreview:Forum7',
      title,
      url: 'https://openreview.net/forum?id=Forum7',
      site: 'openreview',
      sites: ['openreview'],
      notes: 'keep my notes',
    }),
  );

const topic: TopicRecord = {
  id: 'user:kv-cache',
  name: 'KV cache',
  description: 'Cache tricks',
  include: ['kv cache'],
  exclude: ['quantisation'],
  builtin: false,
  enabled: true,
  examples: [{ paperId: 'arxiv:2601.10001', title: 't', abstract: 'a' }],
  createdAt: 1,
};
const correction: Correction = {
  seq: 1,
  paperId: 'arxiv:2601.10001',
  topic: 'moe',
  label: -1,
  title: 't',
  abstract: 'a',
  createdAt: 2,
};

async function seed() {
  await db.papers.bulkPut([
    savedPaper(1, { tags: ['keep'], notes: 'mine' }),
    savedPaper(2, { status: 'read' }),
  ]);
  await db.topics.put(topic);
  await db.corrections.add(correction);
  await db.settings.put({ key: 'theme', value: 'dark' });
}

const snapshot = () => readBackupData(db);

function backupOf(data: Partial<Awaited<ReturnType<typeof snapshot>>>, version = 1): string {
  return JSON.stringify({
    format: BACKUP_FORMAT,
    version,
    exportedAt: '2026-12-01T00:00:00.000Z',
    data: { papers: [], topics: [], corrections: [], models: [], settings: [], ...data },
  });
}

describe('import validation leaves the database exactly as it was', () => {
  const good = backupOf({ papers: [savedPaper(9)] });
  const cases: [string, string, string, RegExp][] = [
    [
      'malformed JSON',
      'b.json',
      '{"format": "papersift-backup", version: 1}',
      /^not valid JSON \(line 1, column \d+\)/,
    ],
    ['truncated backup', 'b.json', good.slice(0, good.length - 40), /^file is truncated/],
    ['empty file', 'b.json', '   ', /^the file is empty$/],
    ['foreign JSON', 'b.json', '{"items": [{"title": "x"}]}', /^not a PaperSift backup/],
    ['JSON array', 'b.json', '[1,2,3]', /^not a PaperSift backup/],
    [
      'too-new version',
      'b.json',
      backupOf({}, 3),
      /^this backup was written by a newer PaperSift \(format 3\); update the extension/,
    ],
    [
      'javascript: URL',
      'b.json',
      backupOf({ papers: [savedPaper(9, { url: 'javascript:alert(1)' })] }),
      /^invalid backup: papers\[0\]\.url: expected an https URL$/,
    ],
    [
      'bad status',
      'b.json',
      backupOf({ papers: [savedPaper(9), { ...savedPaper(10), status: 'deleted' as never }] }),
      /^invalid backup: papers\[1\]\.status: expected one of/,
    ],
    [
      'bad paper id',
      'b.json',
      backupOf({ papers: [savedPaper(9, { id: 'http://evil' })] }),
      /^invalid backup: papers\[0\]\.id: expected a canonical paper id/,
    ],
    [
      'missing field',
      'b.json',
      backupOf({ papers: [{ ...savedPaper(9), title: undefined } as unknown as SavedPaper] }),
      /^invalid backup: papers\[0\]\.title: is missing$/,
    ],
    [
      'prototype pollution',
      'b.json',
      backupOf({}).replace('"papers":[]', '"papers":[{"__proto__":{"polluted":1}}]'),
      /^invalid backup: papers\[0\]/,
    ],
    [
      'BibTeX syntax error',
      'refs.bib',
      '@misc{a,\n title = {x}\n author = {y}\n}',
      /^line 3: expected "," or "}"/,
    ],
    ['truncated BibTeX', 'refs.bib', '@misc{a, title = {Open', /^file is truncated/],
    ['plain text', 'notes.txt', 'hello world', /^not a PaperSift backup or a BibTeX file$/],
  ];
  for (const [name, file, text, error] of cases) {
    it(name, async () => {
      await seed();
      const before = await snapshot();
      const r = await importFile(db, file, text);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error).toMatch(error);
      expect(await snapshot()).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('huge file', async () => {
    await seed();
    const before = await snapshot();
    const huge = `{"format":"papersift-backup","version":1,"data":{"papers":[],"pad":"${'x'.repeat(50 * 1024 * 1024)}"}}`;
    const r = await importFile(db, 'b.json', huge);
    expect(r).toEqual({ ok: false, error: 'file is too large (the limit is 50 MB)' });
    expect(await snapshot()).toEqual(before);
  });

  it('rolls back everything when a write fails half-way', async () => {
    await seed();
    const before = await snapshot();
    const broken = { id: undefined } as unknown as TopicRecord;
    await expect(
      applyImport(db, { papers: [savedPaper(50), savedPaper(51)], topics: [topic, broken] }, 'backup'),
    ).rejects.toThrow();
    expect(await snapshot()).toEqual(before);
  });
});

describe('import', () => {
  it('keeps hostile strings literal', async () => {
    const hostile = '<img src=x onerror=alert(1)><script>alert(1)</script>';
    const r = await importFile(
      db,
      'b.json',
      backupOf({ papers: [savedPaper(9, { title: hostile, notes: hostile, tags: [hostile.slice(0, 40)] })] }),
    );
    expect(r.ok).toBe(true);
    const p = await db.papers.get(savedPaper(9).id);
    expect(p?.title).toBe(hostile);
    expect(p?.notes).toBe(hostile);
  });

  it('keeps hostile BibTeX literal and ignores javascript: URLs', async () => {
    const bib = `@misc{x, title = {<script>alert(1)</script> \\& friends}, eprint = {2401.01234},
      url = {javascript:alert(1)}, author = {<img src=x onerror=alert(1)>}}`;
    const r = await importFile(db, 'x.bib', bib);
    expect(r.ok).toBe(true);
    expect(await db.papers.get('arxiv:2401.01234')).toMatchObject({
      title: '<script>alert(1)</script> & friends',
      authors: ['<img src=x onerror=alert(1)>'],
      url: 'https://arxiv.org/abs/2401.01234',
    });
  });

  it('merges duplicates by canonical id instead of doubling', async () => {
    await seed();
    const newer = savedPaper(1, { tags: ['new'], notes: 'edited later', status: 'reading', updatedAt: 9e12 });
    const r = await importFile(db, 'b.json', backupOf({ papers: [newer, newer, savedPaper(3)] }));
    expect(r.ok && r.value.summary).toMatchObject({ added: 1, merged: 1 });
    expect(await db.papers.count()).toBe(3);
    const p = await db.papers.get(newer.id);
    expect(p).toMatchObject({ status: 'reading', notes: 'edited later', tags: ['new', 'keep'] });

    // BibTeX of a stored paper adds tags but never resets the user's status or notes.
    const bib = toBibtex([{ ...savedPaper(2), tags: ['from-zotero'] }]);
    const r2 = await importFile(db, 'refs.bib', bib);
    expect(r2.ok && r2.value.summary).toMatchObject({ added: 0, merged: 1 });
    expect(await db.papers.get(savedPaper(2).id)).toMatchObject({ status: 'read', tags: ['from-zotero'] });
    expect(await db.papers.count()).toBe(3);
  });

  it('one paper, one record: an alias or an OpenReview copy with the same title merges', async () => {
    const title = 'Routing Tokens to Sparse Experts at Scale';
    await db.papers.put(savedPaper(1, { title, tags: ['mine'], status: 'read' }));
    await db.aliases.put({ id: 'openreview:Forum1', paperId: 'arxiv:2601.10001' });
    const orCopy = savedPaper(5, {
      id: 'openreview:Forum1',
      title,
      url: 'https://openreview.net/forum?id=Forum1',
      site: 'openreview',
      sites: ['openreview'],
      tags: ['iclr'],
    });
    const r = await importFile(db, 'b.json', backupOf({ papers: [orCopy] }));
    expect(r.ok && r.value.summary).toMatchObject({ added: 0, merged: 1 });
    expect(await db.papers.count()).toBe(1);
    expect((await db.papers.get('arxiv:2601.10001'))?.tags).toEqual(expect.arrayContaining(['mine', 'iclr']));

    // a stored OpenReview record and an imported arXiv paper of the same title: one record, arXiv id
    const other = 'Pruning Large Language Models in One Shot Again';
    await db.papers.put(openReviewCopy(other));
    const r2 = await importFile(
      db,
      'refs.bib',
      toBibtex([savedPaper(8, { id: 'arxiv:2601.10008', title: other })]),
    );
    expect(r2.ok && r2.value.summary).toMatchObject({ added: 0, merged: 1 });
    expect(await db.papers.get('openreview:Forum7')).toBeUndefined();
    expect(await db.papers.get('arxiv:2601.10008')).toMatchObject({
      notes: 'keep my notes',
      url: 'https://arxiv.org/abs/2601.10008',
      site: 'arxiv',
      sites: ['openreview', 'arxiv'],
    });
    expect(await db.aliases.get('openreview:Forum7')).toEqual({
      id: 'openreview:Forum7',
      paperId: 'arxiv:2601.10008',
    });
    expect(await db.papers.count()).toBe(2);
  });

  it('a large import (bulk reads) merges by id, alias and title exactly like a small one', async () => {
    const title = 'Routing Tokens to Sparse Experts at Scale';
    const other = 'Pruning Large Language Models in One Shot Again';
    await db.papers.bulkPut([
      savedPaper(1, { title, tags: ['mine'], status: 'read' }),
      savedPaper(2, { notes: 'stored notes' }),
      openReviewCopy(other),
    ]);
    await db.aliases.put({ id: 'openreview:Forum1', paperId: 'arxiv:2601.10001' });
    const filler = Array.from({ length: 400 }, (_, i) =>
      savedPaper(i + 100, {
        id: `arxiv:2602.${String(i + 1).padStart(5, '0')}`,
        title: `Filler paper number ${i}`,
      }),
    );
    const viaAlias = savedPaper(5, {
      id: 'openreview:Forum1',
      title,
      url: 'https://openreview.net/forum?id=Forum1',
      site: 'openreview',
      sites: ['openreview'],
      tags: ['iclr'],
    });
    const sameId = savedPaper(2, { tags: ['new'], updatedAt: 9e12 });
    const byTitle = savedPaper(8, { id: 'arxiv:2601.10008', title: other, updatedAt: 1 });
    const r = await importFile(
      db,
      'b.json',
      backupOf({ papers: [...filler, viaAlias, sameId, sameId, byTitle] }),
    );
    expect(r.ok && r.value.summary).toMatchObject({ added: 400, merged: 3 });
    expect(await db.papers.count()).toBe(403);
    expect((await db.papers.get('arxiv:2601.10001'))?.tags).toEqual(expect.arrayContaining(['mine', 'iclr']));
    expect(await db.papers.get(sameId.id)).toMatchObject({ notes: '', tags: ['new'] });
    expect(await db.papers.get('openreview:Forum7')).toBeUndefined();
    expect(await db.papers.get('arxiv:2601.10008')).toMatchObject({ notes: 'keep my notes', site: 'arxiv' });
    expect(await db.aliases.get('openreview:Forum7')).toEqual({
      id: 'openreview:Forum7',
      paperId: 'arxiv:2601.10008',
    });
    // every written title long enough to identify a paper, minus the re-keyed OpenReview record
    expect(await db.papers.orderBy('titleKey').count()).toBe(402);

    // the same file again changes nothing
    const again = await importFile(
      db,
      'b.json',
      backupOf({ papers: [...filler, viaAlias, sameId, byTitle] }),
    );
    expect(again.ok && again.value.summary).toMatchObject({ added: 0 });
    expect(await db.papers.count()).toBe(403);
  });

  it('importing the same backup twice changes nothing the second time', async () => {
    await seed();
    const text = toJsonBackup(await snapshot());
    const r = await importFile(db, 'b.json', text);
    expect(r.ok && r.value.summary).toMatchObject({ added: 0, merged: 0, unchanged: 2, corrections: 0 });
    expect(await db.corrections.count()).toBe(1);
  });

  it('the derived title key stays out of a backup, and a title key in a file is ignored', async () => {
    const title = 'Routing Tokens to Sparse Experts at Scale';
    await importFile(db, 'a.json', backupOf({ papers: [savedPaper(1, { title })] }));
    const stored = await db.papers.get('arxiv:2601.10001');
    expect(stored?.titleKey).toBe(titleKey(title));
    // neither the database's backup data nor a backup of records as the page holds them carries it
    expect(JSON.stringify(await snapshot())).not.toContain('titleKey');
    const text = toJsonBackup({ ...(await snapshot()), papers: stored ? [stored] : [] });
    expect(text).not.toContain('titleKey');
    expect(parseJsonBackup(text)).toEqual({ ok: true, value: await snapshot() });
    // the same backup again: unchanged (the key is not a difference)
    const again = await importFile(db, 'a.json', text);
    expect(again.ok && again.value.summary).toMatchObject({ added: 0, merged: 0, unchanged: 1 });

    // a file's own titleKey (hand-edited, or from some other tool) is not data: dropped and recomputed
    const other = 'Pruning Large Language Models in One Shot Again';
    const forged = { ...savedPaper(2, { title: other }), titleKey: titleKey(title) };
    const parsed = parseJsonBackup(backupOf({ papers: [forged] }));
    expect(parsed.ok && parsed.value.papers[0]).not.toHaveProperty('titleKey');
    const r = await importFile(db, 'b.json', backupOf({ papers: [forged] }));
    expect(r.ok && r.value.summary).toMatchObject({ added: 1 });
    expect((await db.papers.get('arxiv:2601.10002'))?.titleKey).toBe(titleKey(other));
    // so an OpenReview copy of the first paper still finds it, and only it
    const or = savedPaper(3, {
      id: 'openreview:Forum1',
      title,
      url: 'https://openreview.net/forum?id=Forum1',
      site: 'openreview',
      sites: ['openreview'],
    });
    const r2 = await importFile(db, 'c.json', backupOf({ papers: [or] }));
    expect(r2.ok && r2.value.summary).toMatchObject({ added: 0, merged: 1 });
    expect(await db.aliases.get('openreview:Forum1')).toEqual({
      id: 'openreview:Forum1',
      paperId: 'arxiv:2601.10001',
    });
  });
});

// ---------------------------------------------------------------- property: lossless round trip

const text = (max: number) => fc.string({ unit: 'grapheme', maxLength: max });
const arxivId = fc
  .tuple(fc.integer({ min: 7, max: 26 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 99999 }))
  .map(
    ([y, m, n]) => `${String(y).padStart(2, '0')}${String(m).padStart(2, '0')}.${String(n).padStart(5, '0')}`,
  );
const paperArb: fc.Arbitrary<SavedPaper> = fc
  .record({
    arxiv: arxivId,
    title: text(80).filter((t) => t.trim().length > 0),
    authors: fc.array(text(30), { maxLength: 5 }),
    abstract: text(200),
    topics: fc.uniqueArray(fc.constantFrom('moe', 'sae', 'sparse_attention', 'pruning', 'user:kv'), {
      maxLength: 3,
    }),
    sites: fc.uniqueArray(fc.constantFrom('arxiv' as const, 'huggingface' as const), { minLength: 1 }),
    savedAt: fc.integer({ min: 0, max: 2e12 }),
    status: fc.constantFrom('to-read' as const, 'reading' as const, 'read' as const, 'dismissed' as const),
    tags: fc.uniqueArray(
      fc
        .string({ minLength: 1, maxLength: 12 })
        .filter((t) => t.trim() === t && t.length > 0 && !/\s\s/.test(t)),
      { maxLength: 4, comparator: (a, b) => a.toLowerCase() === b.toLowerCase() },
    ),
    notes: text(100),
    starred: fc.boolean(),
    published: fc.option(fc.constantFrom('2024', '2025-03-01'), { nil: undefined }),
  })
  .map((r) => {
    const p: SavedPaper = {
      id: `arxiv:${r.arxiv}`,
      title: r.title,
      authors: r.authors,
      abstract: r.abstract,
      url: `https://arxiv.org/abs/${r.arxiv}`,
      pdfUrl: `https://arxiv.org/pdf/${r.arxiv}`,
      site: 'arxiv',
      categories: ['cs.LG'],
      topics: r.topics,
      sites: r.sites,
      savedAt: r.savedAt,
      updatedAt: r.savedAt + 1,
      status: r.status,
      tags: r.tags,
      notes: r.notes,
      starred: r.starred,
    };
    if (r.published) p.published = r.published;
    return p;
  });

const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('JSON backup round trip', () => {
  it('export -> import into an empty database gives the same database (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(paperArb, { maxLength: 25, selector: (p) => p.id }),
        fc.jsonValue(),
        async (papers, modelState) => {
          const source = freshDb();
          const target = freshDb();
          try {
            await source.papers.bulkPut(papers);
            await source.topics.put(topic);
            await source.corrections.add({ ...correction, seq: undefined } as Correction);
            await source.models.put({ topic: 'user:kv', state: modelState, updatedAt: 5 });
            const first = papers[0];
            if (first) await source.aliases.put({ id: 'openreview:Alias_1', paperId: first.id });
            await source.settings.bulkPut([
              { key: 'theme', value: 'light' },
              { key: 'sites', value: { arxiv: true, openreview: false } },
            ]);
            const before = await readBackupData(source);
            const parsed = parseJsonBackup(toJsonBackup(before));
            if (!parsed.ok) throw new Error(parsed.error);
            await applyImport(target, parsed.value, 'backup');
            const after = await readBackupData(target);
            expect(byId(after.papers)).toEqual(byId(JSON.parse(JSON.stringify(before.papers))));
            expect(after.topics).toEqual(before.topics);
            expect(after.corrections).toEqual(before.corrections);
            expect(after.models).toEqual(JSON.parse(JSON.stringify(before.models)));
            expect(after.settings).toEqual(before.settings);
            expect(after.aliases).toEqual(before.aliases);
            // title keys are rebuilt, so OpenReview copies are still recognised after a restore
            const keys = await target.papers.orderBy('titleKey').count();
            const expectedKeys = await source.papers.orderBy('titleKey').count();
            expect(keys).toBeGreaterThanOrEqual(expectedKeys);
          } finally {
            source.close();
            target.close();
            await Promise.all([source.delete(), target.delete()]);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('round-trips 10,000 papers', async () => {
    const papers = fc.sample(paperArb, { numRuns: 10_000, seed: 7 }).map((p, i) => ({
      ...p,
      id: `arxiv:2601.${String(i).padStart(5, '0')}`,
    }));
    await db.papers.bulkPut(papers);
    const before = await readBackupData(db);
    const text = toJsonBackup(before);
    const target = freshDb();
    try {
      const r = await importFile(target, 'backup.json', text);
      expect(r.ok && r.value.summary.added).toBe(10_000);
      expect(byId((await readBackupData(target)).papers)).toEqual(byId(before.papers));
    } finally {
      target.close();
      await target.delete();
    }
  });
});

describe('import messages', () => {
  it('say what was imported and what was skipped, and name the problem otherwise', async () => {
    const { importData } = await import('../../entrypoints/reading-list/data-actions');
    const told: string[][] = [];
    const bib = `${toBibtex([savedPaper(1)])}\n@book{knuth, title = {The TeXbook}}\n`;
    const ok = await importData(db, new File([bib], 'refs.bib'), (ids) => told.push([...ids]));
    expect(ok).toEqual({
      kind: 'ok',
      text: 'Imported refs.bib: 1 new, 0 merged. Skipped 1 entry — line 14 (knuth): no arXiv id (eprint) or OpenReview link.',
    });
    expect(told).toEqual([['arxiv:2601.10001']]);
    const bad = await importData(
      db,
      new File(['{"format":"papersift-backup","version":1,"data":{"papers":[1]}}'], 'b.json'),
      () => {},
    );
    expect(bad).toEqual({
      kind: 'error',
      text: 'b.json: invalid backup: papers[0]: expected an object. Nothing was changed.',
    });
  });
});
