import { browser } from 'wxt/browser';
import { parseArxivAtom } from '../../lib/api/arxiv-atom';
import { AbstractFetchQueue, realSleep } from '../../lib/fetch/queue';
import { getCachedAbstracts, putAbstracts } from '../../storage/abstracts';
import { getDb, type PaperSiftDB } from '../../storage/db';
import { createBroadcaster, openReadingList } from './broadcast';
import type { BackgroundDeps, Broadcaster, ExtensionApi } from './deps';
import { handleMessage } from './handle-message';

const log = (message: string, error?: unknown) => console.error(`[PaperSift] ${message}`, error ?? '');

/** The arXiv abstract queue, caching in Dexie; saved papers that gain an abstract are announced. */
export function createAbstractQueue(db: PaperSiftDB, broadcast: Broadcaster): AbstractFetchQueue {
  return new AbstractFetchQueue({
    fetch: (url, init) => fetch(url, init),
    parse: parseArxivAtom,
    cache: {
      get: (ids) => getCachedAbstracts(db, ids),
      put: async (entries) => {
        const changed = await putAbstracts(db, entries);
        if (changed.length) broadcast.all({ type: 'papers.changed', ids: changed });
      },
    },
    now: Date.now,
    sleep: realSleep,
    isOnline: () => globalThis.navigator?.onLine ?? true,
    log,
  });
}

/**
 * Wiring only. MV3 may stop this worker at any moment, so nothing here keeps state that matters:
 * papers, settings, models and fetched abstracts are in Dexie; an abstract queue cut short by a
 * restart is rebuilt when the page asks again (ids already fetched are cache hits). The listener
 * is registered synchronously on every start.
 */
export function main(api: ExtensionApi = browser, db: PaperSiftDB = getDb()): BackgroundDeps {
  const broadcast = createBroadcaster(api);
  const deps: BackgroundDeps = {
    db,
    extensionId: api.runtime.id,
    extensionOrigin: api.runtime.getURL('/'),
    broadcast,
    openReadingList: () => openReadingList(api),
    now: Date.now,
    abstracts: createAbstractQueue(db, broadcast),
    log,
  };
  // Returning the promise is how webextension-polyfill sends an async answer.
  api.runtime.onMessage.addListener((raw, sender) => handleMessage(raw, sender, deps));
  return deps;
}
