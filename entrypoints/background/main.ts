import { browser } from 'wxt/browser';
import { MultiSourceAbstracts } from '../../lib/fetch/multi-source';
import { AbstractFetchQueue, type QueueSnapshot, realSleep } from '../../lib/fetch/queue';
import { ARXIV_SOURCE, OPENREVIEW_SOURCE, type SourceConfig } from '../../lib/fetch/sources';
import { getCachedAbstracts, putAbstracts } from '../../storage/abstracts';
import { getDb, type PaperSiftDB } from '../../storage/db';
import { getSetting, setSetting } from '../../storage/settings';
import { createBroadcaster, openReadingList } from './broadcast';
import type { BackgroundDeps, Broadcaster, ExtensionApi } from './deps';
import { handleMessage } from './handle-message';
import { subscriberForKey } from './handlers/abstracts';
import { reclassifyIfModelChanged } from './reclassify';

const log = (message: string, error?: unknown) => console.error(`[PaperSift] ${message}`, error ?? '');

/** settings key of the arXiv abstract queue's journal (what pages still wait for). */
export const ABSTRACT_QUEUE_KEY = 'abstracts.queue';
/** settings key of the OpenReview queue's journal. */
export const OPENREVIEW_QUEUE_KEY = 'abstracts.queue.openreview';
/** A journal older than this is stale: the pages that asked have long moved on. */
const RESUME_MAX_AGE_MS = 15 * 60_000;

interface Journal extends QueueSnapshot {
  savedAt: number;
}

/**
 * An abstract queue for one API (arXiv by default), caching in Dexie; saved papers that gain an
 * abstract are announced. Its journal goes to `journalKey` so a restarted worker can carry on.
 */
export function createAbstractQueue(
  db: PaperSiftDB,
  broadcast: Broadcaster,
  now: () => number = Date.now,
  config: SourceConfig = ARXIV_SOURCE,
  journalKey: string = ABSTRACT_QUEUE_KEY,
): AbstractFetchQueue {
  return new AbstractFetchQueue(
    {
      fetch: (url, init) => fetch(url, init),
      parse: config.parse,
      source: config.source,
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
        setSetting(db, journalKey, { ...snapshot, savedAt: now() } satisfies Journal).catch((e: unknown) =>
          log('could not record the abstract queue', e),
        );
      },
      log,
    },
    config.options,
  );
}

/** The journal keys of the queues `createAbstractService` builds, in its order. */
export const ABSTRACT_JOURNAL_KEYS = [ABSTRACT_QUEUE_KEY, OPENREVIEW_QUEUE_KEY] as const;

/** arXiv and OpenReview abstracts behind one `abstracts.request` (issue 4). */
export function createAbstractService(
  db: PaperSiftDB,
  broadcast: Broadcaster,
  now: () => number = Date.now,
): MultiSourceAbstracts {
  return new MultiSourceAbstracts([
    createAbstractQueue(db, broadcast, now, ARXIV_SOURCE, ABSTRACT_QUEUE_KEY),
    createAbstractQueue(db, broadcast, now, OPENREVIEW_SOURCE, OPENREVIEW_QUEUE_KEY),
  ]);
}

async function readJournal(db: PaperSiftDB, key: string, now: () => number): Promise<Journal | undefined> {
  const journal = await getSetting<Journal | undefined>(db, key, undefined);
  if (!journal || !Array.isArray(journal.subscribers) || now() - journal.savedAt > RESUME_MAX_AGE_MS) return;
  return journal;
}

/** Carries on with every queue's journal (see `resumeAbstractQueue`). */
export async function resumeAbstractService(
  db: PaperSiftDB,
  service: MultiSourceAbstracts,
  broadcast: Broadcaster,
  now: () => number = Date.now,
): Promise<void> {
  for (const [i, key] of ABSTRACT_JOURNAL_KEYS.entries()) {
    const journal = await readJournal(db, key, now);
    if (journal) await service.restore(i, journal, (k) => subscriberForKey(broadcast, k));
  }
}

/** Carries on with what pages were waiting for when the previous worker was stopped. */
export async function resumeAbstractQueue(
  db: PaperSiftDB,
  queue: AbstractFetchQueue,
  broadcast: Broadcaster,
  now: () => number = Date.now,
  journalKey: string = ABSTRACT_QUEUE_KEY,
): Promise<void> {
  const journal = await readJournal(db, journalKey, now);
  if (journal) await queue.restore(journal, (key) => subscriberForKey(broadcast, key));
}

/**
 * Wiring only. MV3 may stop this worker at any moment, so nothing here keeps state that matters:
 * papers, settings, models, fetched abstracts and the abstract queue's journal are in Dexie. The
 * listener is registered synchronously on every start.
 */
export function main(api: ExtensionApi = browser, db: PaperSiftDB = getDb()): BackgroundDeps {
  const broadcast = createBroadcaster(api);
  const abstracts = createAbstractService(db, broadcast);
  const deps: BackgroundDeps = {
    db,
    extensionId: api.runtime.id,
    extensionOrigin: api.runtime.getURL('/'),
    broadcast,
    openReadingList: () => openReadingList(api),
    now: Date.now,
    abstracts,
    log,
    setBadge: async (tabId, text) => {
      await api.action?.setBadgeBackgroundColor({ tabId, color: '#4f46e5' });
      await api.action?.setBadgeText({ tabId, text });
    },
  };
  // Returning the promise is how webextension-polyfill sends an async answer.
  api.runtime.onMessage.addListener((raw, sender) => handleMessage(raw, sender, deps));
  resumeAbstractService(db, abstracts, broadcast).catch((e: unknown) =>
    log('could not resume the abstract queue', e),
  );
  reclassifyIfModelChanged(db, broadcast).catch((e: unknown) =>
    log('could not re-classify saved papers for the new model', e),
  );
  return deps;
}
