/**
 * `abstracts.request`: cached abstracts at once, the rest through the fetch queue, whose progress
 * and results go to the asking tab only (issue 4).
 */
import type { RequestResult, Subscriber } from '../../../lib/fetch/queue';
import type { Broadcaster } from '../deps';
import type { HandlerTable } from './types';
import { HandlerError } from './types';

/** What the handler needs of lib/fetch/queue.ts (AbstractFetchQueue implements it). */
export interface AbstractService {
  request(
    ids: readonly string[],
    subscriber: Subscriber,
    options?: { replace?: boolean },
  ): Promise<RequestResult>;
  /** Repeats the subscriber's current progress (after the answer has reached the tab). */
  resendProgress?(key: string): void;
}

/**
 * When, after answering `abstracts.request`, the current progress is sent again: the answer and
 * the first events travel separately (a busy tab may take a while to take the answer), and a tab
 * must end on the newest state, not on the answer's "fetching".
 */
export const PROGRESS_RESEND_MS: readonly number[] = [300, 2_000];

/** Events for a subscriber go to its tab and frame; the key encodes both, so a restarted worker can rebuild it. */
export function tabSubscriber(broadcast: Broadcaster, tabId: number, frameId: number): Subscriber {
  return { key: `tab:${tabId}:${frameId}`, send: (event) => broadcast.tab(tabId, event, frameId) };
}

export function subscriberForKey(broadcast: Broadcaster, key: string): Subscriber | undefined {
  const m = /^tab:(\d+):(\d+)$/.exec(key);
  return m ? tabSubscriber(broadcast, Number(m[1]), Number(m[2])) : undefined;
}

export const abstractHandlers: HandlerTable<'abstracts.request'> = {
  'abstracts.request': async (req, { deps, sender }) => {
    if (!deps.abstracts) throw new HandlerError('Fetching abstracts is not available in this build');
    const tabId = sender.tab?.id;
    if (tabId === undefined) throw new HandlerError('abstracts.request must come from a page in a tab');
    const subscriber = tabSubscriber(deps.broadcast, tabId, sender.frameId ?? 0);
    const service = deps.abstracts;
    const { cached, queued } = await service.request(req.ids, subscriber, {
      replace: req.replace ?? false,
    });
    if (queued > 0 && service.resendProgress) {
      for (const ms of PROGRESS_RESEND_MS) setTimeout(() => service.resendProgress?.(subscriber.key), ms);
    }
    return { cached, queued };
  },
};
