/** 'papers.undismiss' (sidebar "un-dismiss"): a saved paper's notes and tags survive a dismiss + undo. */
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../lib/types';
import { dismissPaper, editPapers, getPaper, savePaper, undismissPaper } from '../../storage/papers';
import { backgroundHarness, contentScriptAt } from './background-harness';

function setup() {
  const { db, events, attempt } = backgroundHarness({ now: 5_000, sender: contentScriptAt(undefined, 7) });
  return { db, events, send: attempt };
}

const paper = (n: number): Paper => ({
  id: `arxiv:2609.${String(30000 + n)}`,
  title: `Sparse autoencoders ${n}`,
  authors: ['A. Author'],
  abstract: 'We train sparse autoencoders.',
  url: `https://arxiv.org/abs/2609.${String(30000 + n)}`,
  site: 'arxiv',
});

describe('papers.undismiss', () => {
  it('gives a saved paper its status, notes, tags and star back', async () => {
    const { db, send, events } = setup();
    await savePaper(db, paper(1), ['sae'], 1_000);
    await editPapers(db, [paper(1).id], {
      status: 'reading',
      notes: 'Read §3',
      tags: ['interp'],
      starred: true,
    });
    await send('papers.dismiss', { paper: paper(1), topics: [] });
    expect(await send('papers.state', { ids: [paper(1).id] })).toEqual({
      ok: true,
      value: { saved: [], dismissed: [paper(1).id] },
    });
    events.length = 0;
    expect(await send('papers.undismiss', { id: paper(1).id })).toEqual({ ok: true, value: { ok: true } });
    expect(await getPaper(db, paper(1).id)).toMatchObject({
      status: 'reading',
      notes: 'Read §3',
      tags: ['interp'],
      starred: true,
      savedAt: 1_000,
    });
    expect(await getPaper(db, paper(1).id)).not.toHaveProperty('dismissedFrom');
    expect(events).toEqual([{ type: 'papers.changed', ids: [paper(1).id] }]);
    expect(await send('papers.state', { ids: [paper(1).id] })).toEqual({
      ok: true,
      value: { saved: [paper(1).id], dismissed: [] },
    });
  });

  it('removes a record that exists only because the paper was dismissed', async () => {
    const { db, send } = setup();
    await send('papers.dismiss', { paper: paper(2), topics: [] });
    await send('papers.undismiss', { id: paper(2).id });
    expect(await getPaper(db, paper(2).id)).toBeUndefined();
  });

  it('keeps a dismissal-only record the user annotated since (as to read)', async () => {
    const { db } = setup();
    await dismissPaper(db, paper(3), [], 1_000);
    await editPapers(db, [paper(3).id], { notes: 'actually relevant' });
    const res = await undismissPaper(db, paper(3).id, 2_000);
    expect(res.removed).toBe(false);
    expect(await getPaper(db, paper(3).id)).toMatchObject({ status: 'to-read', notes: 'actually relevant' });
  });

  it('leaves a paper that is not dismissed as it is, and broadcasts nothing for an unknown one', async () => {
    const { db, send, events } = setup();
    await savePaper(db, paper(4), [], 1_000);
    await send('papers.undismiss', { id: paper(4).id });
    expect(await getPaper(db, paper(4).id)).toMatchObject({ status: 'to-read' });
    events.length = 0;
    await send('papers.undismiss', { id: paper(5).id });
    expect(events).toEqual([]);
  });

  it('a status chosen in the reading list wins over the remembered one', async () => {
    const { db } = setup();
    await savePaper(db, paper(6), [], 1_000);
    await dismissPaper(db, paper(6), [], 2_000);
    await editPapers(db, [paper(6).id], { status: 'read' });
    await dismissPaper(db, paper(6), [], 3_000);
    await undismissPaper(db, paper(6).id, 4_000);
    expect(await getPaper(db, paper(6).id)).toMatchObject({ status: 'read' });
  });

  it('validates the id', async () => {
    const { send } = setup();
    const r = await send('papers.undismiss', { id: 'nope' });
    expect(r.ok).toBe(false);
  });
});
