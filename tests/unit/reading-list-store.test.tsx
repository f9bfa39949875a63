/** observePapers: the reading list's incremental live view of the papers table. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaperSiftDB, type SavedPaper } from '../../storage/db';
import { deleteEverything, observePapers } from '../../storage/reading-list';
import { freshDb, savedPaper, waitFor } from './reading-list-helpers';

let db: PaperSiftDB;
let other: PaperSiftDB;
let seen: SavedPaper[][];
let stop: () => void;

beforeEach(async () => {
  db = freshDb();
  await db.papers.bulkPut([savedPaper(1), savedPaper(2)]);
  // a second connection to the same database, as another tab or the background would have
  other = new PaperSiftDB(db.name);
  seen = [];
  stop = observePapers(db, (ps) => seen.push(ps));
});
afterEach(async () => {
  stop();
  other.close();
  db.close();
  await db.delete();
});

const ids = () => (seen.at(-1) ?? []).map((p) => p.id).sort();
const latest = (id: string) => seen.at(-1)?.find((p) => p.id === id);

describe('observePapers', () => {
  it('loads everything, then follows puts, edits, deletes and clears from any connection', async () => {
    await waitFor(() => expect(ids()).toEqual(['arxiv:2601.10001', 'arxiv:2601.10002']));
    const first = seen.at(-1) as SavedPaper[];

    await other.papers.put(savedPaper(3));
    await waitFor(() => expect(ids()).toHaveLength(3));
    // unchanged records keep their identity (the search index caches by object)
    expect(latest('arxiv:2601.10001')).toBe(first.find((p) => p.id === 'arxiv:2601.10001'));

    await other.papers.update('arxiv:2601.10002', { notes: 'from elsewhere' });
    await waitFor(() => expect(latest('arxiv:2601.10002')?.notes).toBe('from elsewhere'));

    await other.papers.where('status').equals('to-read').modify({ starred: true });
    await waitFor(() => expect(seen.at(-1)?.every((p) => p.starred)).toBe(true));

    await other.papers.bulkDelete(['arxiv:2601.10001']);
    await waitFor(() => expect(ids()).toEqual(['arxiv:2601.10002', 'arxiv:2601.10003']));

    await deleteEverything(other);
    await waitFor(() => expect(ids()).toEqual([]));
  });

  it('stops after unsubscribe', async () => {
    await waitFor(() => expect(ids()).toHaveLength(2));
    stop();
    const n = seen.length;
    await other.papers.put(savedPaper(9));
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.length).toBe(n);
  });
});
