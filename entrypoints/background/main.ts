import { browser } from 'wxt/browser';
import { getDb, type PaperSiftDB } from '../../storage/db';
import { createBroadcaster, openReadingList } from './broadcast';
import type { BackgroundDeps, ExtensionApi } from './deps';
import { handleMessage } from './handle-message';

/**
 * Wiring only. MV3 may stop this worker at any moment, so nothing here keeps state that matters
 * (it is all in Dexie), and the listener is registered synchronously on every start.
 */
export function main(api: ExtensionApi = browser, db: PaperSiftDB = getDb()): BackgroundDeps {
  const deps: BackgroundDeps = {
    db,
    extensionId: api.runtime.id,
    extensionOrigin: api.runtime.getURL('/'),
    broadcast: createBroadcaster(api),
    openReadingList: () => openReadingList(api),
    now: Date.now,
    log: (message, error) => console.error(`[PaperSift] ${message}`, error),
  };
  // Returning the promise is how webextension-polyfill sends an async answer.
  api.runtime.onMessage.addListener((raw, sender) => handleMessage(raw, sender, deps));
  return deps;
}
