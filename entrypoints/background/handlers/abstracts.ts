/**
 * `abstracts.request`: cached abstracts at once, the rest through the fetch queue, whose progress
 * and results go to the asking tab only (issue 4).
 */
import type { RequestResult, Subscriber } from '../../../lib/fetch/queue';
import type { HandlerTable } from './types';
import { HandlerError } from './types';

/** What the handler needs of lib/fetch/queue.ts (AbstractFetchQueue implements it). */
export interface AbstractService {
  request(
    ids: readonly string[],
    subscriber: Subscriber,
    options?: { replace?: boolean },
  ): Promise<RequestResult>;
}

export const abstractHandlers: HandlerTable<'abstracts.request'> = {
  'abstracts.request': async (req, { deps, sender }) => {
    if (!deps.abstracts) throw new HandlerError('Fetching abstracts is not available in this build');
    const tabId = sender.tab?.id;
    if (tabId === undefined) throw new HandlerError('abstracts.request must come from a page in a tab');
    const frameId = sender.frameId ?? 0;
    const subscriber: Subscriber = {
      key: `tab:${tabId}:${frameId}`,
      send: (event) => deps.broadcast.tab(tabId, event, frameId),
    };
    const { cached, queued } = await deps.abstracts.request(req.ids, subscriber, {
      replace: req.replace ?? false,
    });
    return { cached, queued };
  },
};
