/**
 * One paper, one record (issue 4): the same paper seen on arXiv, Hugging Face and OpenReview merges
 * into one reading-list entry with its sites unioned and versions merged. An OpenReview copy carries
 * no arXiv id; it is recognised by normalised title and kept as an alias of the arXiv record.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BackgroundDeps, SenderLike } from '../../entrypoints/background/deps';
import { handleMessage } from '../../entrypoints/background/handle-message';
import type { BackgroundEvent } from '../../lib/protocol';
import type { Paper } from '../../lib/types';
import { putAbstracts } from '../../storage/abstracts';
import { PaperSiftDB } from '../../storage/db';
import { titleKey } from '../../storage/identity';
import {
  dismissPaper,
  editPapers,
  getPaper,
  getSavedState,
  listPapers,
  removePaper,
  savePaper,
  setNotes,
} from '../../storage/papers';

const dbs: PaperSiftDB[] = [];
function freshDb(): PaperSiftDB {
  const db = new PaperSiftDB(`identity-${crypto.randomUUID()}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const TITLE = 'Sparse Mixture-of-Experts at Scale: Routing without Collapse';
const onArxiv: Paper = {
  id: 'arxiv:2410.01234',
  title: TITLE,
  authors: ['Li Wei', 'Maria Gonzalez'],
  abstract: 'We scale sparse mixture-of-experts models without routing collapse.',
  url: 'https://arxiv.org/abs/2410.01234',
  pdfUrl: 'https://arxiv.org/pdf/2410.01234v2',
  version: 2,
  categories: ['cs.LG'],
  site: 'arxiv',
};
const onHf: Paper = {
  ...onArxiv,
  url: 'https://huggingface.co/papers/2410.01234',
  version: 3,
  site: 'huggingface',
  sourceUrl: 'https://huggingface.co/papers',
};
/** As the OpenReview venue page shows it: forum id only, title with other case/punctuation, no abstract. */
const onOpenReview: Paper = {
  id: 'openreview:B3vTn9LsQ4',
  title: 'Sparse mixture of experts at scale — routing without collapse',
  authors: ['Li Wei', 'Maria Gonzalez', 'Tom Becker'],
  abstract: '',
  url: 'https://openreview.net/forum?id=B3vTn9LsQ4',
  pdfUrl: 'https://openreview.net/pdf?id=B3vTn9LsQ4',
  site: 'openreview',
  sourceUrl: 'https://openreview.net/group?id=ICLR.cc/2025/Conference',
};

describe('one paper, one record across arXiv, Hugging Face and OpenReview', () => {
  it('arXiv, then Hugging Face, then OpenReview: one entry, every site, newest version, user data kept', async () => {
    const db = freshDb();
    await savePaper(db, onArxiv, ['moe'], 1000);
    await setNotes(db, onArxiv.id, 'Compare with Switch', 1100);
    await savePaper(db, onHf, ['moe'], 2000);
    const rec = await savePaper(db, onOpenReview, [], 3000);

    expect(rec.id).toBe(onArxiv.id);
    expect(await db.papers.count()).toBe(1);
    expect(await listPapers(db)).toHaveLength(1);
    expect(rec).toMatchObject({
      sites: ['arxiv', 'huggingface', 'openreview'],
      version: 3,
      notes: 'Compare with Switch',
      savedAt: 1000,
      // arXiv is the home site of an arXiv id: its title, URL and abstract stay.
      title: TITLE,
      url: onArxiv.url,
      abstract: onArxiv.abstract,
      topics: ['moe'],
    });
    // The OpenReview page's own id is the same saved paper for state, edits and removal.
    expect(await getSavedState(db, [onOpenReview.id, onArxiv.id])).toEqual({
      saved: [onOpenReview.id, onArxiv.id],
      dismissed: [],
    });
    await editPapers(db, [onOpenReview.id], { starred: true }, 4000);
    expect((await getPaper(db, onArxiv.id))?.starred).toBe(true);
    await removePaper(db, onOpenReview.id);
    expect(await db.papers.count()).toBe(0);
    expect(await getSavedState(db, [onOpenReview.id, onArxiv.id])).toEqual({ saved: [], dismissed: [] });
  });

  it('saved from OpenReview first, then seen on arXiv: re-keyed to the arXiv id, nothing lost', async () => {
    const db = freshDb();
    await savePaper(db, onOpenReview, ['moe'], 1000);
    await editPapers(db, [onOpenReview.id], { status: 'reading', addTags: ['iclr'], notes: 'Oral' }, 1500);
    const rec = await savePaper(db, onArxiv, ['moe'], 2000);

    expect(await db.papers.toCollection().primaryKeys()).toEqual([onArxiv.id]);
    expect(rec).toMatchObject({
      id: onArxiv.id,
      sites: ['openreview', 'arxiv'],
      status: 'reading',
      tags: ['iclr'],
      notes: 'Oral',
      savedAt: 1000,
      site: 'arxiv',
      title: TITLE,
      url: onArxiv.url,
      abstract: onArxiv.abstract,
      version: 2,
    });
    expect(await getSavedState(db, [onOpenReview.id])).toEqual({ saved: [onOpenReview.id], dismissed: [] });
    // Seen on OpenReview again: still the one record.
    await savePaper(db, onOpenReview, [], 3000);
    expect(await db.papers.count()).toBe(1);
  });

  it('an OpenReview title fetched from the API (no save yet) shows the arXiv paper as saved', async () => {
    const db = freshDb();
    await savePaper(db, onArxiv, ['moe'], 1000);
    await dismissPaper(
      db,
      { ...onArxiv, id: 'arxiv:2410.09999', title: 'Pruning Large Language Models in One Shot' },
      [],
      1000,
    );
    expect(await getSavedState(db, [onOpenReview.id])).toEqual({ saved: [], dismissed: [] });
    await putAbstracts(db, [
      { id: onOpenReview.id, title: onOpenReview.title, abstract: 'From OpenReview.', fetchedAt: 1 },
      {
        id: 'openreview:C8dHy1ZeR6',
        title: 'Pruning large language models in one shot!',
        abstract: 'x',
        fetchedAt: 1,
      },
    ]);
    expect(
      await getSavedState(db, [onOpenReview.id, 'openreview:C8dHy1ZeR6', 'openreview:Unrelated01']),
    ).toEqual({
      saved: [onOpenReview.id],
      dismissed: ['openreview:C8dHy1ZeR6'],
    });
  });

  it('never links by a generic title, between two candidates, or two arXiv papers with one title', async () => {
    const db = freshDb();
    const short = { ...onOpenReview, id: 'openreview:Short00001', title: 'Introduction' };
    await savePaper(db, { ...onArxiv, id: 'arxiv:2401.00001', title: 'Introduction' }, [], 1);
    await savePaper(db, short, [], 2);
    expect(await db.papers.count()).toBe(2);
    expect(titleKey('Introduction')).toBe('');

    // Two arXiv papers share a title: an OpenReview copy could be either, so it stays its own record.
    await savePaper(db, { ...onArxiv, id: 'arxiv:2401.00002' }, [], 3);
    await savePaper(db, { ...onArxiv, id: 'arxiv:2401.00003' }, [], 4);
    expect(await db.papers.count()).toBe(4);
    await savePaper(db, onOpenReview, [], 5);
    expect(await db.papers.count()).toBe(5);
    expect(await getPaper(db, onOpenReview.id)).toBeDefined();
  });

  it('through messages: saving on OpenReview tells the arXiv tabs too', async () => {
    const db = freshDb();
    const events: BackgroundEvent[] = [];
    const deps: BackgroundDeps = {
      db,
      extensionId: 'ext',
      extensionOrigin: 'chrome-extension://ext/',
      broadcast: { all: (e) => events.push(e), tab: () => {} },
      openReadingList: async () => {},
      now: () => 5_000,
      log: () => {},
    };
    const orTab: SenderLike = { id: 'ext', url: onOpenReview.sourceUrl, tab: { id: 3 }, frameId: 0 };
    await handleMessage({ type: 'papers.save', payload: { paper: onArxiv, topics: ['moe'] } }, orTab, deps);
    const r = await handleMessage(
      { type: 'papers.save', payload: { paper: onOpenReview, topics: [] } },
      orTab,
      deps,
    );
    expect(r).toEqual({ ok: true, value: { ok: true } });
    expect(events.at(-1)).toEqual({ type: 'papers.changed', ids: [onOpenReview.id, onArxiv.id] });
    expect(
      await handleMessage({ type: 'papers.state', payload: { ids: [onOpenReview.id] } }, orTab, deps),
    ).toEqual({
      ok: true,
      value: { saved: [onOpenReview.id], dismissed: [] },
    });
    await handleMessage({ type: 'papers.remove', payload: { id: onOpenReview.id } }, orTab, deps);
    expect(events.at(-1)).toEqual({ type: 'papers.changed', ids: [onOpenReview.id, onArxiv.id] });
    expect(await db.papers.count()).toBe(0);
  });
});
