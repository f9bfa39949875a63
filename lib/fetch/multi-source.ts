/**
 * One `abstracts.request` service over several fetch queues (arXiv, OpenReview), each with its own
 * connection and pace. A tab gets results from all of them and ONE progress stream: the queues'
 * counts are summed, so the sidebar's "fetching abstracts 40/120" stays monotone and true.
 */
import type { AbstractsProgressEvent, FetchedAbstract } from '../protocol';
import type { AbstractFetchQueue, QueueEvent, QueueSnapshot, RequestResult, Subscriber } from './queue';

/** Which waiting state a tab is told about when sources differ: the one it waits longest for. */
const STATUS_RANK: Record<AbstractsProgressEvent['status'], number> = {
  offline: 3,
  'rate-limited': 2,
  fetching: 1,
  done: 0,
};

export class MultiSourceAbstracts {
  readonly #queues: readonly AbstractFetchQueue[];
  /** Per subscriber key: the latest progress of each queue that works for it. */
  #progress = new Map<string, Map<number, AbstractsProgressEvent>>();
  /** Keys whose request is being spread over the queues: progress waits until all have counted. */
  #holding = new Map<string, Subscriber>();

  constructor(queues: readonly AbstractFetchQueue[]) {
    this.#queues = queues;
  }

  get queues(): readonly AbstractFetchQueue[] {
    return this.#queues;
  }

  /** True when some queue serves the id. */
  accepts(paperId: string): boolean {
    return this.#queues.some((q) => q.accepts(paperId));
  }

  async request(
    paperIds: readonly string[],
    subscriber: Subscriber,
    options: { replace?: boolean } = {},
  ): Promise<RequestResult> {
    if (this.#queues.length === 1 && this.#queues[0]) {
      return this.#queues[0].request(paperIds, subscriber, options);
    }
    if (options.replace) this.#progress.delete(subscriber.key);
    const cached: FetchedAbstract[] = [];
    let queued = 0;
    this.#holding.set(subscriber.key, subscriber);
    try {
      for (const [i, queue] of this.#queues.entries()) {
        const mine = paperIds.filter((id) => queue.accepts(id));
        // A new page in the tab: every queue drops what the old page waited for, even with no new ids.
        if (!mine.length && !options.replace) continue;
        const res = await queue.request(mine, this.#wrap(i, subscriber), options);
        cached.push(...res.cached);
        queued += res.queued;
      }
    } finally {
      this.#holding.delete(subscriber.key);
    }
    if (this.#progress.has(subscriber.key)) this.#emit(subscriber);
    return { cached, queued };
  }

  /** Sends the tab its current (merged) progress again; see AbstractFetchQueue.resendProgress. */
  resendProgress(key: string): void {
    for (const q of this.#queues) q.resendProgress(key);
  }

  /** Restores queue `index` from its journal; its events reach the tab through the same merge. */
  restore(
    index: number,
    snapshot: QueueSnapshot,
    subscriberFor: (key: string) => Subscriber | undefined,
  ): Promise<void> {
    const queue = this.#queues[index];
    if (!queue) return Promise.resolve();
    return queue.restore(snapshot, (key) => {
      const s = subscriberFor(key);
      return s && this.#queues.length > 1 ? this.#wrap(index, s) : s;
    });
  }

  async idle(): Promise<void> {
    await Promise.all(this.#queues.map((q) => q.idle()));
  }

  #wrap(index: number, target: Subscriber): Subscriber {
    return {
      key: target.key,
      send: (event: QueueEvent) => {
        if (event.type !== 'abstracts.progress') return target.send(event);
        let per = this.#progress.get(target.key);
        if (!per) {
          per = new Map();
          this.#progress.set(target.key, per);
        }
        per.set(index, event);
        if (!this.#holding.has(target.key)) this.#emit(target);
      },
    };
  }

  #emit(target: Subscriber): void {
    const all = [...(this.#progress.get(target.key)?.values() ?? [])];
    const waiting = all.filter((e) => e.status !== 'done');
    const lead = waiting.sort((a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status])[0];
    const merged: AbstractsProgressEvent = {
      type: 'abstracts.progress',
      done: all.reduce((n, e) => n + e.done, 0),
      total: all.reduce((n, e) => n + e.total, 0),
      failed: all.reduce((n, e) => n + e.failed, 0),
      status: lead?.status ?? 'done',
    };
    if (lead?.retryInMs !== undefined) merged.retryInMs = lead.retryInMs;
    // Everything this tab asked for is resolved: the next request starts a new count.
    if (!lead) this.#progress.delete(target.key);
    target.send(merged);
  }
}
