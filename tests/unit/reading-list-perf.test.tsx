/** The reading list's fast paths give the same answers as the plain ones. */

import { Dexie, type ObservabilitySet, RangeSet } from 'dexie';
import fc from 'fast-check';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ROW_HEIGHT } from '../../components/reading-list/PaperRow';
import {
  applyQuery,
  DEFAULT_QUERY,
  type ListQuery,
  QueryRunner,
  SearchIndex,
} from '../../components/reading-list/query';
import { ReadingListApp } from '../../entrypoints/reading-list/App';
import { toBibtex } from '../../lib/export/bibtex';
import { latexEscape } from '../../lib/export/latex';
import { PaperSiftDB, type SavedPaper } from '../../storage/db';
import { applyImport, observePapers } from '../../storage/reading-list';
import { freshDb, savedPaper, waitFor } from './reading-list-helpers';

const papers: SavedPaper[] = Array.from({ length: 60 }, (_, i) =>
  savedPaper(i + 1, {
    title: ['Sparse experts', 'Pruning attention', 'Sparse autoencoders', 'Quantum lattice'][i % 4] as string,
    savedAt: 1_000_000 + (i % 7) * 1000,
    status: i % 9 === 0 ? 'dismissed' : 'to-read',
    starred: i % 5 === 0,
    tags: i % 3 === 0 ? ['thesis'] : [],
  }),
);

describe('QueryRunner', () => {
  it('matches applyQuery while typing, deleting and changing filters', () => {
    const runner = new QueryRunner(new SearchIndex());
    const plain = new SearchIndex();
    const steps: Partial<ListQuery>[] = [
      { search: '' },
      { search: 's' },
      { search: 'sp' },
      { search: 'spa' },
      { search: 'spa ' },
      { search: 'spa e' },
      { search: 'spa ex' },
      { search: 'spa' },
      { search: 'spa', sort: 'title-asc' },
      { search: 'spar', sort: 'title-asc' },
      { search: 'spar', starredOnly: true },
      { search: 'SPARSE', status: 'all' },
      { search: 'sparse a', status: 'all', sort: 'added-asc' },
      { search: '', tag: 'thesis' },
    ];
    for (const step of steps) {
      const q = { ...DEFAULT_QUERY, ...step };
      expect(runner.run(papers, q, 5_000_000).map((p) => p.id)).toEqual(
        applyQuery(papers, q, plain, 5_000_000).map((p) => p.id),
      );
    }
  });
});

describe('QueryRunner narrowing', () => {
  it('matches applyQuery for any typing sequence (resumed term search, skipped terms, live changes)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[ab ]{0,12}$/), { minLength: 1, maxLength: 12 }),
        fc.array(fc.stringMatching(/^[ab ]{0,6}$/), { minLength: 1, maxLength: 4 }),
        (titles, typed) => {
          let list = titles.map((title, i) => savedPaper(i + 1, { title, abstract: '', authors: [] }));
          const runner = new QueryRunner(new SearchIndex());
          const plain = new SearchIndex();
          for (const word of typed) {
            for (let n = 0; n <= word.length; n++) {
              const q = { ...DEFAULT_QUERY, search: word.slice(0, n) };
              expect(runner.run(list, q, 5_000_000).map((p) => p.id)).toEqual(
                applyQuery(list, q, plain, 5_000_000).map((p) => p.id),
              );
            }
            // a live change (another tab edits a title) gives a new list: nothing stale is reused
            list = list.map((p, i) => (i === 0 ? { ...p, title: `${p.title}ab` } : p));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('matches applyQuery as filters change and the clock moves papers out of a date filter', () => {
    const DAY = 24 * 60 * 60 * 1000;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            title: fc.stringMatching(/^[ab ]{0,8}$/),
            age: fc.integer({ min: 0, max: 40 * DAY }),
            starred: fc.boolean(),
            status: fc.constantFrom('to-read', 'read', 'dismissed' as const),
          }),
          { minLength: 1, maxLength: 15 },
        ),
        fc.array(
          fc.record({
            search: fc.stringMatching(/^[ab ]{0,4}$/),
            added: fc.constantFrom('any', '7d', '30d' as const),
            starredOnly: fc.boolean(),
            status: fc.constantFrom('active', 'all', 'read' as const),
            // the clock moves between keystrokes (backwards too: a corrected system clock)
            later: fc.integer({ min: -2 * DAY, max: 5 * DAY }),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        (specs, steps) => {
          let now = 100 * DAY;
          const list = specs.map((x, i) =>
            savedPaper(i + 1, {
              title: x.title,
              abstract: '',
              authors: [],
              starred: x.starred,
              status: x.status,
              savedAt: now - x.age,
            }),
          );
          const runner = new QueryRunner(new SearchIndex());
          const plain = new SearchIndex();
          for (const { later, ...step } of steps) {
            // type the search letter by letter, as a user does
            for (let n = 0; n <= step.search.length; n++) {
              now += later;
              const q = { ...DEFAULT_QUERY, ...step, search: step.search.slice(0, n) };
              expect(runner.run(list, q, now).map((p) => p.id)).toEqual(
                applyQuery(list, q, plain, now).map((p) => p.id),
              );
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds a longer term that first occurs after where the shorter one matched', () => {
    const runner = new QueryRunner(new SearchIndex());
    const list = [savedPaper(1, { title: 'space then sparse', abstract: '' })];
    for (const search of ['s', 'sp', 'spa', 'spar', 'spars', 'sparse'])
      expect(runner.run(list, { ...DEFAULT_QUERY, search }).map((p) => p.id)).toEqual([list[0]?.id]);
    expect(runner.run(list, { ...DEFAULT_QUERY, search: 'sparsey' })).toEqual([]);
  });
});

describe('latexEscape fast path', () => {
  it('escapes as before', () => {
    expect(latexEscape('plain text')).toBe('plain text');
    expect(latexEscape('a_b & {c}\r\nd')).toBe('a\\_b \\& \\{c\\}\nd');
    expect(latexEscape('x } {')).toBe('x \\textbraceright{} \\textbraceleft{}');
    expect(latexEscape('~^\\$#%')).toBe('\\textasciitilde{}\\textasciicircum{}\\textbackslash{}\\$\\#\\%');
  });
  it('keeps cite keys unique when bases repeat', () => {
    const keys = toBibtex(papers.slice(0, 30))
      .split('\n')
      .filter((l) => l.startsWith('@misc{'));
    expect(new Set(keys).size).toBe(30);
  });
});

let db: PaperSiftDB | undefined;
let stop: (() => void) | undefined;
afterEach(async () => {
  stop?.();
  db?.close();
  await db?.delete();
});

describe('observePapers first screen and own writes', () => {
  it('shows the newest first, then everything; an import lands without a read back', async () => {
    db = freshDb();
    await db.papers.bulkPut(papers);
    const seen: [SavedPaper[], boolean][] = [];
    stop = observePapers(db, (ps, done) => seen.push([ps, done]), { firstScreen: 5 });
    await waitFor(() => expect(seen.at(-1)?.[1]).toBe(true));
    const [head, headDone] = seen[0] as [SavedPaper[], boolean];
    expect(headDone).toBe(false);
    expect(head).toHaveLength(5);
    expect(Math.min(...head.map((p) => p.savedAt))).toBe(Math.max(...papers.map((p) => p.savedAt)));
    expect(seen.at(-1)?.[0]).toHaveLength(60);

    const fresh = [savedPaper(100), savedPaper(101, { notes: 'n' })];
    await applyImport(db, { papers: fresh }, 'backup');
    await waitFor(() => expect(seen.at(-1)?.[0]).toHaveLength(62));
    const stored = await db.papers.get(fresh[1]?.id as string);
    expect(seen.at(-1)?.[0].find((p) => p.id === stored?.id)).toEqual(stored);
    // a later change by anyone is read from the database as usual
    await db.papers.update(fresh[1]?.id as string, { notes: 'edited' });
    await waitFor(() => expect(seen.at(-1)?.[0].find((p) => p.id === fresh[1]?.id)?.notes).toBe('edited'));
  });
});

describe('observePapers with a short list', () => {
  it('an empty list is complete after the first-screen read (no "Loading…" until a second read)', async () => {
    db = freshDb();
    await db.open(); // (creating a database is announced as a change to every table)
    const orderBy = vi.spyOn(db.papers, 'orderBy');
    const seen: [SavedPaper[], boolean][] = [];
    stop = observePapers(db, (ps, done) => seen.push([ps, done]), { firstScreen: 40 });
    await waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toEqual([[], true]);
    expect(orderBy.mock.calls.map((c) => c[0])).toEqual(['savedAt']);
    // and it still follows changes
    await db.papers.put(savedPaper(1));
    await waitFor(() => expect(seen.at(-1)?.[0].map((p) => p.id)).toEqual([savedPaper(1).id]));
  });

  it('a list shorter than the first screen comes whole at once; a record the savedAt index misses is not lost', async () => {
    db = freshDb();
    await db.papers.bulkPut(papers.slice(0, 5));
    const seen: [SavedPaper[], boolean][] = [];
    stop = observePapers(db, (ps, done) => seen.push([ps, done]), { firstScreen: 40 });
    await waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]?.[1]).toBe(true);
    expect(seen[0]?.[0]).toHaveLength(5);
    stop();

    // an old record without savedAt: counted, so the list is read whole
    const { savedAt: _, ...undated } = savedPaper(99);
    await db.papers.put(undated as SavedPaper);
    const again: [SavedPaper[], boolean][] = [];
    stop = observePapers(db, (ps, done) => again.push([ps, done]), { firstScreen: 40 });
    await waitFor(() => expect(again.at(-1)?.[1]).toBe(true));
    expect(again[0]).toEqual([expect.any(Array), false]);
    expect(again.at(-1)?.[0]).toHaveLength(6);
  });
});

describe('observePapers at scale', () => {
  it('reads a table larger than one chunk whole, and a write made meanwhile is not lost', async () => {
    db = freshDb();
    const many = Array.from({ length: 4500 }, (_, i) =>
      savedPaper(i + 1, { id: `arxiv:2601.${String(i + 1).padStart(5, '0')}` }),
    );
    await db.papers.bulkPut(many);
    const seen: [SavedPaper[], boolean][] = [];
    stop = observePapers(db, (ps, done) => seen.push([ps, done]));
    // while the chunks are being read
    await db.papers.update('arxiv:2601.00001', { notes: 'edited during the load' });
    await db.papers.delete('arxiv:2601.04500');
    await waitFor(() => {
      const last = seen.at(-1);
      expect(last?.[1]).toBe(true);
      expect(last?.[0]).toHaveLength(4499);
      expect(last?.[0].find((p) => p.id === 'arxiv:2601.00001')?.notes).toBe('edited during the load');
    });
    expect(new Set(seen.at(-1)?.[0].map((p) => p.id)).size).toBe(4499);
  });

  it('hands each chunk of the whole-table read over as it arrives, before the list is complete', async () => {
    db = freshDb();
    const many = Array.from({ length: 4500 }, (_, i) =>
      savedPaper(i + 1, { id: `arxiv:2605.${String(i + 1).padStart(5, '0')}` }),
    );
    await db.papers.bulkPut(many);
    const log: string[] = [];
    const chunked = new Set<SavedPaper>();
    let complete: SavedPaper[] = [];
    stop = observePapers(
      db,
      (ps, done) => {
        log.push(done ? 'complete' : 'first screen');
        if (done) complete = ps;
      },
      {
        firstScreen: 10,
        onChunk: (ps) => {
          log.push(`chunk ${ps.length}`);
          for (const p of ps) chunked.add(p);
        },
      },
    );
    await waitFor(() => expect(log.at(-1)).toBe('complete'));
    expect(log).toEqual(['first screen', 'chunk 2000', 'chunk 2000', 'chunk 500', 'complete']);
    // the very records of the list (a cache keyed by record, like the search haystacks, is warm)
    expect(complete.every((p) => chunked.has(p))).toBe(true);
  });

  it('a large import lands without reading the table again', async () => {
    db = freshDb();
    await db.papers.bulkPut(papers);
    const seen: [SavedPaper[], boolean][] = [];
    stop = observePapers(db, (ps, done) => seen.push([ps, done]));
    await waitFor(() => expect(seen.at(-1)?.[1]).toBe(true));
    const orderBy = vi.spyOn(db.papers, 'orderBy');
    const where = vi.spyOn(db.papers, 'where');
    const bulkGet = vi.spyOn(db.papers, 'bulkGet');
    const fresh = Array.from({ length: 300 }, (_, i) =>
      savedPaper(1000 + i, { id: `arxiv:2602.${String(i + 1).padStart(5, '0')}` }),
    );
    await applyImport(db, { papers: fresh }, 'backup');
    await waitFor(() => expect(seen.at(-1)?.[0]).toHaveLength(360));
    // the import's own reads aside, the live view read nothing back
    const calls = {
      orderBy: orderBy.mock.calls.length,
      where: where.mock.calls.length,
      bulkGet: bulkGet.mock.calls.length,
    };
    await new Promise((r) => setTimeout(r, 50));
    expect({
      orderBy: orderBy.mock.calls.length,
      where: where.mock.calls.length,
      bulkGet: bulkGet.mock.calls.length,
    }).toEqual(calls);
    expect(orderBy).not.toHaveBeenCalled();
    expect(seen.at(-1)?.[0].find((p) => p.id === fresh[7]?.id)).toEqual(
      await db.papers.get(fresh[7]?.id as string),
    );
  });

  it('an import of thousands is one whole-table change: every open list reads it back, nothing is missed', async () => {
    db = freshDb();
    await db.papers.bulkPut(papers);
    const seen: [SavedPaper[], boolean][] = [];
    stop = observePapers(db, (ps, done) => seen.push([ps, done]));
    // another page of the extension, on its own connection
    const other = new PaperSiftDB(db.name);
    const seenThere: SavedPaper[][] = [];
    const stopOther = observePapers(other, (ps) => seenThere.push(ps));
    const events: ObservabilitySet[] = [];
    const onMutated = (parts: ObservabilitySet) => events.push(parts);
    Dexie.on('storagemutated', onMutated);
    try {
      await waitFor(() => expect(seen.at(-1)?.[1]).toBe(true));
      await waitFor(() => expect(seenThere.at(-1)).toHaveLength(60));
      const fresh = Array.from({ length: 2500 }, (_, i) =>
        savedPaper(1000 + i, { id: `arxiv:2603.${String(i + 1).padStart(5, '0')}`, notes: `n${i}` }),
      );
      const edited = { ...(papers[3] as SavedPaper), notes: 'from the backup', updatedAt: 9e12 };
      const summary = await applyImport(db, { papers: [...fresh, edited] }, 'backup');
      expect(summary).toMatchObject({ added: 2500, merged: 1 });
      // not 2,501 keys, one by one, in range trees: the whole table
      const papersPart = events.map((e) => e[`idb://${db?.name}/papers/`]).find(Boolean);
      expect(papersPart).toBeDefined();
      if (papersPart) expect([...RangeSet(papersPart)].some((r) => r.from !== r.to)).toBe(true);
      for (const view of [() => seen.at(-1)?.[0], () => seenThere.at(-1)])
        await waitFor(() => {
          const list = view() ?? [];
          expect(list).toHaveLength(2560);
          expect(list.find((p) => p.id === fresh[2499]?.id)?.notes).toBe('n2499');
          expect(list.find((p) => p.id === edited.id)?.notes).toBe('from the backup');
        });
    } finally {
      Dexie.on.storagemutated.unsubscribe(onMutated);
      stopOther();
      other.close();
    }
  });
});

describe('reading list page while only the first screen is loaded', () => {
  it('shows the newest papers at once; the overview and the tag and topic lists wait for the whole list', async () => {
    db = freshDb();
    const many = Array.from({ length: 120 }, (_, i) =>
      savedPaper(i + 1, {
        id: `arxiv:2604.${String(i + 1).padStart(5, '0')}`,
        // only the oldest papers carry these: a first screen of the newest cannot know them
        tags: i < 3 ? ['oldest-tag'] : [],
        topics: i < 3 ? ['pruning'] : [],
      }),
    );
    await db.papers.bulkPut(many);
    // the whole-table read waits until released
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const orderBy = db.papers.orderBy.bind(db.papers);
    vi.spyOn(db.papers, 'orderBy').mockImplementation((index) => {
      const c = orderBy(index);
      if (index !== ':id') return c;
      const limit = c.limit.bind(c);
      return Object.assign(c, {
        limit: (n: number) => {
          const l = limit(n);
          const toArray = l.toArray.bind(l);
          return Object.assign(l, { toArray: () => gate.then(() => toArray()) });
        },
      });
    });
    const root = document.createElement('div');
    document.body.append(root);
    try {
      await act(() => render(<ReadingListApp db={db as PaperSiftDB} />, root));
      await waitFor(() => expect(root.querySelectorAll('.paper-row').length).toBeGreaterThan(0));
      expect(root.querySelector('.paper-row .row-title')?.textContent).toBe('Paper number 120');
      // a window's worth of rows, not more
      const rows = root.querySelectorAll('.paper-row').length;
      expect(rows * ROW_HEIGHT).toBeGreaterThanOrEqual(window.innerHeight);
      expect((rows - 2) * ROW_HEIGHT).toBeLessThan(window.innerHeight);
      const overview = root.querySelector('.overview-section') as HTMLElement;
      expect(overview.querySelector('.overview')).toBeNull();
      expect(overview.textContent).toContain('Loading…');
      const options = (label: string) =>
        [...root.querySelectorAll(`.filters label`)]
          .find((l) => l.textContent?.startsWith(label))
          ?.querySelectorAll('option').length;
      expect(options('Tag')).toBe(1); // "Any tag" only
      release();
      await waitFor(() => expect(overview.querySelector('.overview')).not.toBeNull());
      expect(options('Tag')).toBe(2);
      expect(root.querySelector('.filters')?.textContent).toContain('Pruning');
    } finally {
      await act(() => render(null, root));
      root.remove();
    }
  });
});
