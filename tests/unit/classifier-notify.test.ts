/**
 * After an import or "Delete everything" on an extension page, open sidebars must classify again
 * with the new topics: the page calls 'classifier.notifyChanged' and the background broadcasts
 * `classifier.changed` (extension pages only).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SenderLike } from '../../entrypoints/background/deps';
import { deleteAllData, importData } from '../../entrypoints/reading-list/data-actions';
import { toBibtex } from '../../lib/export/bibtex';
import type { PaperSiftDB } from '../../storage/db';
import { backgroundHarness, contentScriptAt, extensionPage } from './background-harness';
import { freshDb, savedPaper } from './reading-list-helpers';

let db: PaperSiftDB;
beforeEach(() => {
  db = freshDb();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('classifier.notifyChanged', () => {
  const setup = () => {
    const { events, attempt } = backgroundHarness({ db, now: 1 });
    const send = (sender: SenderLike) => attempt('classifier.notifyChanged', {}, sender);
    return { events, send };
  };

  it('from an extension page: broadcasts classifier.changed', async () => {
    const { events, send } = setup();
    expect(await send(extensionPage())).toEqual({
      ok: true,
      value: { ok: true },
    });
    expect(events).toEqual([{ type: 'classifier.changed' }]);
  });

  it('from a content script: refused, nothing broadcast', async () => {
    const { events, send } = setup();
    const r = await send(contentScriptAt(undefined, 1));
    expect(r.ok).toBe(false);
    expect(events).toEqual([]);
  });
});

describe('data actions tell open sidebars to classify again', () => {
  it('after an import', async () => {
    const classifierChanged = vi.fn();
    const bib = toBibtex([savedPaper(1)]);
    const r = await importData(db, new File([bib], 'refs.bib'), () => {}, classifierChanged);
    expect(r.kind).toBe('ok');
    expect(classifierChanged).toHaveBeenCalledOnce();
  });

  it('not after an import that changed nothing (invalid file)', async () => {
    const classifierChanged = vi.fn();
    await importData(db, new File(['{"format":"nope"}'], 'b.json'), () => {}, classifierChanged);
    expect(classifierChanged).not.toHaveBeenCalled();
  });

  it('after "Delete everything", with the deleted ids for papers.changed', async () => {
    await db.papers.put(savedPaper(2));
    const notify = vi.fn();
    const classifierChanged = vi.fn();
    await deleteAllData(db, notify, classifierChanged);
    expect(await db.papers.count()).toBe(0);
    expect(notify).toHaveBeenCalledWith([savedPaper(2).id]);
    expect(classifierChanged).toHaveBeenCalledOnce();
  });
});
