/** The reading list's fast paths give the same answers as the plain ones. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyQuery,
  DEFAULT_QUERY,
  type ListQuery,
  QueryRunner,
  SearchIndex,
} from '../../components/reading-list/query';
import { toBibtex } from '../../lib/export/bibtex';
import { latexEscape } from '../../lib/export/latex';
import type { PaperSiftDB, SavedPaper } from '../../storage/db';
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
