/**
 * After an import or "Delete everything" on an extension page, open sidebars must classify again
 * with the new topics: the page calls 'classifier.notifyChanged' and the background broadcasts
 * `classifier.changed` (extension pages only).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackgroundDeps, SenderLike } from '../../entrypoints/background/deps';
import { handleMessage } from '../../entrypoints/background/handle-message';
import { deleteAllData, importData } from '../../entrypoints/reading-list/data-actions';
import { toBibtex } from '../../lib/export/bibtex';
import type { BackgroundEvent } from '../../lib/protocol';
import type { PaperSiftDB } from '../../storage/db';
import { freshDb, savedPaper } from './reading-list-helpers';

const EXT_ID = 'papersift-test-id';
const ORIGIN = `chrome-extension://${EXT_ID}/`;

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
    const events: BackgroundEvent[] = [];
    const deps: BackgroundDeps = {
      db,
      extensionId: EXT_ID,
      extensionOrigin: ORIGIN,
      broadcast: { all: (e) => events.push(e), tab: () => {} },
      openReadingList: vi.fn(async () => {}),
      now: () => 1,
    };
    const send = (sender: SenderLike) =>
      handleMessage({ type: 'classifier.notifyChanged', payload: {} }, sender, deps);
    return { events, send };
  };

  it('from an extension page: broadcasts classifier.changed', async () => {
    const { events, send } = setup();
    expect(await send({ id: EXT_ID, url: `${ORIGIN}options.html` })).toEqual({
      ok: true,
      value: { ok: true },
    });
    expect(events).toEqual([{ type: 'classifier.changed' }]);
  });

  it('from a content script: refused, nothing broadcast', async () => {
    const { events, send } = setup();
    const r = await send({ id: EXT_ID, url: 'https://arxiv.org/list/cs.LG/new', tab: { id: 1 } });
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
