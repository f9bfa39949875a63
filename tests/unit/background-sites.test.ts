/** 'settings.sites': the options page's site switches as the content script asks for them. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackgroundDeps, SenderLike } from '../../entrypoints/background/deps';
import { handleMessage } from '../../entrypoints/background/handle-message';
import { PaperSiftDB } from '../../storage/db';
import { SITES_KEY } from '../../storage/reading-list';
import { setSetting } from '../../storage/settings';

const EXT_ID = 'papersift-test-id';
const contentScript: SenderLike = { id: EXT_ID, url: 'https://openreview.net/group?id=x', tab: { id: 3 } };
const dbs: PaperSiftDB[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

function setup() {
  const db = new PaperSiftDB(`sites-${crypto.randomUUID()}`);
  dbs.push(db);
  const deps: BackgroundDeps = {
    db,
    extensionId: EXT_ID,
    extensionOrigin: `chrome-extension://${EXT_ID}/`,
    broadcast: { all: () => {}, tab: () => {} },
    openReadingList: vi.fn(async () => {}),
    now: () => 1,
  };
  return { db, ask: () => handleMessage({ type: 'settings.sites', payload: {} }, contentScript, deps) };
}

describe('settings.sites', () => {
  it('every site is on until the user switches one off', async () => {
    const { ask } = setup();
    expect(await ask()).toEqual({
      ok: true,
      value: { sites: { arxiv: true, huggingface: true, openreview: true } },
    });
  });

  it('reports what the options page stored; a missing or malformed switch means on', async () => {
    const { db, ask } = setup();
    await setSetting(db, SITES_KEY, { arxiv: true, huggingface: false });
    expect(await ask()).toEqual({
      ok: true,
      value: { sites: { arxiv: true, huggingface: false, openreview: true } },
    });
    await setSetting(db, SITES_KEY, 'nonsense');
    expect(await ask()).toEqual({
      ok: true,
      value: { sites: { arxiv: true, huggingface: true, openreview: true } },
    });
  });

  it('settings.get keeps its answer (existing callers)', async () => {
    const { db } = setup();
    await setSetting(db, SITES_KEY, { arxiv: false });
    const deps = {
      db,
      extensionId: EXT_ID,
      extensionOrigin: 'x',
      broadcast: { all() {}, tab() {} },
      openReadingList: async () => {},
      now: () => 1,
    };
    expect(
      await handleMessage({ type: 'settings.get', payload: { site: 'arxiv' } }, contentScript, deps),
    ).toEqual({
      ok: true,
      value: { filter: [] },
    });
  });
});
