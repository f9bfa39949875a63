/**
 * Extension pages write Dexie directly; content scripts cannot see the extension's IndexedDB,
 * so after every write the page asks the background to broadcast `papers.changed` (protocol
 * `papers.notifyChanged`) and open sidebars update their saved marks.
 */
import { send } from '../../lib/messaging';

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
