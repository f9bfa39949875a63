import { browser } from 'wxt/browser';
import { parseArxivAtom } from '../../lib/api/arxiv-atom';
import { AbstractFetchQueue, type QueueSnapshot, realSleep } from '../../lib/fetch/queue';
import { getCachedAbstracts, putAbstracts } from '../../storage/abstracts';
import { getDb, type PaperSiftDB } from '../../storage/db';
import { getSetting, setSetting } from '../../storage/settings';
import { createBroadcaster, openReadingList } from './broadcast';
import type { BackgroundDeps, Broadcaster, ExtensionApi } from './deps';
import { handleMessage } from './handle-message';
import { subscriberForKey } from './handlers/abstracts';

const log = (message: string, error?: unknown) => console.error(`[PaperSift] ${message}`, error ?? '');

/** settings key of the abstract queue's journal (what pages still wait for). */
export const ABSTRACT_QUEUE_KEY = 'abstracts.queue';
/** A journal older than this is stale: the pages that asked have long moved on. */
const RESUME_MAX_AGE_MS = 15 * 60_000;

interface Journal extends QueueSnapshot {
  savedAt: number;
}

/** The arXiv abstract queue, caching in Dexie; saved papers that gain an abstract are announced. */
export function createAbstractQueue(
  db: PaperSiftDB,
  broadcast: Broadcaster,
  now: () => number = Date.now,
): AbstractFetchQueue {
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
    now,
    sleep: realSleep,
    isOnline: () => globalThis.navigator?.onLine ?? true,
    journal: (snapshot) => {
      setSetting(db, ABSTRACT_QUEUE_KEY, { ...snapshot, savedAt: now() } satisfies Journal).catch(
        (e: unknown) => log('could not record the abstract queue', e),
      );
    },
    log,
  });
}

/** Carries on with what pages were waiting for when the previous worker was stopped. */
export async function resumeAbstractQueue(
  db: PaperSiftDB,
  queue: AbstractFetchQueue,
  broadcast: Broadcaster,
  now: () => number = Date.now,
): Promise<void> {
  const journal = await getSetting<Journal | undefined>(db, ABSTRACT_QUEUE_KEY, undefined);
  if (!journal || !Array.isArray(journal.subscribers) || now() - journal.savedAt > RESUME_MAX_AGE_MS) return;
  await queue.restore(journal, (key) => subscriberForKey(broadcast, key));
}

/**
 * Wiring only. MV3 may stop this worker at any moment, so nothing here keeps state that matters:
 * papers, settings, models, fetched abstracts and the abstract queue's journal are in Dexie. The
 * listener is registered synchronously on every start.
 */
export function main(api: ExtensionApi = browser, db: PaperSiftDB = getDb()): BackgroundDeps {
  const broadcast = createBroadcaster(api);
  const abstracts = createAbstractQueue(db, broadcast);
  const deps: BackgroundDeps = {
    db,
    extensionId: api.runtime.id,
    extensionOrigin: api.runtime.getURL('/'),
    broadcast,
    openReadingList: () => openReadingList(api),
    now: Date.now,
    abstracts,
    log,
  };
  // Returning the promise is how webextension-polyfill sends an async answer.
  api.runtime.onMessage.addListener((raw, sender) => handleMessage(raw, sender, deps));
  resumeAbstractQueue(db, abstracts, broadcast).catch((e: unknown) =>
    log('could not resume the abstract queue', e),
  );
  return deps;
}
