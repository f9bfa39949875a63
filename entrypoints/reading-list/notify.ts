/**
 * Extension pages write Dexie directly; content scripts cannot see the extension's IndexedDB,
 * so after every write the page asks the background to broadcast `papers.changed` (protocol
 * `papers.notifyChanged`) and open sidebars update their saved marks.
 */
import { send } from '../../lib/messaging';
import type { PaperSiftDB } from '../../storage/db';
import { withAliases } from '../../storage/reading-list';

export type Notify = (ids: readonly string[]) => void;

const MAX_IDS_PER_MESSAGE = 5000;

export const notifyBackground: Notify = (ids) => {
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += MAX_IDS_PER_MESSAGE) {
    send('papers.notifyChanged', { ids: unique.slice(i, i + MAX_IDS_PER_MESSAGE) }).catch((e) =>
      console.warn('PaperSift: could not tell open pages about the change', e),
    );
  }
};

export const notifyNobody: Notify = () => {};

/**
 * A sidebar on OpenReview knows a paper by its OpenReview id even when the record is keyed by
 * its arXiv id (storage/identity.ts), so each notice also names the record's aliases.
 */
export function withAliasesOf(db: PaperSiftDB, notify: Notify): Notify {
  return (ids) => {
    if (!ids.length) return;
    withAliases(db, ids).then(notify, () => notify(ids));
  };
}
