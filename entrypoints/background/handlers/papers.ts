/** Reading-list messages: saved state, save/dismiss/remove, edits. Each write broadcasts `papers.changed`. */
import {
  dismissPaper,
  editPapers,
  getSavedState,
  idsOfPaper,
  removePaper,
  removePapers,
  restorePapers,
  savePaper,
  undismissPaper,
} from '../../../storage/papers';
import { relevanceFor } from '../relevance';
import type { HandlerContext, HandlerTable } from './types';

type PaperMessages =
  | 'papers.state'
  | 'papers.save'
  | 'papers.dismiss'
  | 'papers.undismiss'
  | 'papers.remove'
  | 'papers.update'
  | 'papers.bulkUpdate'
  | 'papers.bulkRemove'
  | 'papers.restore'
  | 'papers.notifyChanged'
  | 'papers.relevance';

const changed = ({ deps }: HandlerContext, ids: string[]) => {
  if (!ids.length) return;
  relevanceFor(deps.db).invalidate();
  deps.broadcast.all({ type: 'papers.changed', ids: [...new Set(ids)] });
};

/**
 * The ids a write is seen under: the one the page sent and every id of the stored record (an
 * OpenReview page and an arXiv page showing the same paper both refresh; storage/identity.ts).
 */
const idsSeen = async (ctx: HandlerContext, asked: string, recordId: string) =>
  asked === recordId ? [asked] : [asked, ...(await idsOfPaper(ctx.deps.db, recordId))];

export const paperHandlers: HandlerTable<PaperMessages> = {
  // Only the ids asked for: a content script never learns the rest of the reading list (issue 7).
  'papers.state': (req, { deps }) => getSavedState(deps.db, req.ids),

  'papers.save': async (req, ctx) => {
    const rec = await savePaper(ctx.deps.db, req.paper, req.topics, ctx.deps.now());
    changed(ctx, await idsSeen(ctx, req.paper.id, rec.id));
    return { ok: true };
  },

  'papers.dismiss': async (req, ctx) => {
    const rec = await dismissPaper(ctx.deps.db, req.paper, req.topics, ctx.deps.now());
    changed(ctx, await idsSeen(ctx, req.paper.id, rec.id));
    return { ok: true };
  },

  'papers.undismiss': async (req, ctx) => {
    const res = await undismissPaper(ctx.deps.db, req.id, ctx.deps.now());
    if (res.record || res.removed) changed(ctx, await idsSeen(ctx, req.id, res.id));
    return { ok: true };
  },

  'papers.remove': async (req, ctx) => {
    const removed = await removePaper(ctx.deps.db, req.id);
    if (removed) changed(ctx, await idsSeen(ctx, req.id, removed.id));
    return { ok: true };
  },

  'papers.update': async (req, ctx) => {
    const [rec] = await editPapers(ctx.deps.db, [req.id], req.edit, ctx.deps.now());
    changed(ctx, rec ? await idsSeen(ctx, req.id, rec.id) : [req.id]);
    return { ok: true };
  },

  'papers.bulkUpdate': async (req, ctx) => {
    const updated = await editPapers(ctx.deps.db, req.ids, req.edit, ctx.deps.now());
    changed(
      ctx,
      updated.map((p) => p.id),
    );
    return { count: updated.length };
  },

  'papers.bulkRemove': async (req, ctx) => {
    const removed = await removePapers(ctx.deps.db, req.ids);
    changed(
      ctx,
      removed.map((p) => p.id),
    );
    return { removed };
  },

  'papers.restore': async (req, ctx) => {
    await restorePapers(ctx.deps.db, req.papers);
    changed(
      ctx,
      req.papers.map((p) => p.id),
    );
    return { ok: true };
  },

  'papers.relevance': async (req, { deps }) => ({ scores: await relevanceFor(deps.db).scores(req.papers) }),

  'papers.notifyChanged': async (req, ctx) => {
    changed(ctx, [...new Set(req.ids)]);
    return { ok: true };
  },
};
