/**
 * Abstract fetching for title-only pages (issue 4): a scheduler for one metadata API (arXiv by
 * default; OpenReview with `OPENREVIEW_SOURCE`, lib/fetch/sources.ts) that is polite
 * (batches of ids, one request at a time, at most one every 3 s for arXiv, as https://info.arxiv.org/help/api/tou.html
 * asks), resilient (time-outs, exponential backoff with jitter on 429/5xx/network errors, Retry-After,
 * waiting out offline periods) and cheap on revisits (results go to a cache keyed by paper id).
 *
 * Pure and injectable: fetch, parser, cache, clock and sleep come in as dependencies, so tests drive
 * it with saved responses and a virtual clock, and it runs in the MV3 service worker (no DOM).
 */
import { arxivIdOf } from '../ids';
import type {
  AbstractsProgressEvent,
  AbstractsResultEvent,
  FetchedAbstract,
  AbstractFetchStatus as FetchStatus,
} from '../protocol';
import type { Paper } from '../types';

export const ARXIV_API = 'https://export.arxiv.org/api/query';

export type { AbstractFetchStatus as FetchStatus, FetchedAbstract } from '../protocol';

/** A cache entry; `abstract: ''` records that the API had nothing for the id. */
export interface AbstractCacheEntry extends FetchedAbstract {
  fetchedAt: number;
}

export interface AbstractCache {
  get(ids: readonly string[]): Promise<AbstractCacheEntry[]>;
  put(entries: readonly AbstractCacheEntry[]): Promise<void>;
}

export type ProgressEvent = AbstractsProgressEvent;
export type ResultEvent = AbstractsResultEvent;
export type QueueEvent = ProgressEvent | ResultEvent;

/** Who asked: events for its ids go to `send` (e.g. one tab); a new request with the same key merges. */
export interface Subscriber {
  key: string;
  send(event: QueueEvent): void;
}

/** The subset of the Fetch API used here (the global `fetch` satisfies it). */
export type FetchLike = (
  url: string,
  init: { signal: AbortSignal; headers?: Record<string, string> },
) => Promise<{
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

/** Which API a queue talks to: the ids it serves and the URL of one batch. */
export interface AbstractSource {
  /** For logs and status, e.g. 'arXiv API'. */
  name: string;
  /** True for the paper ids this API can answer (others are ignored by `request`). */
  accepts(paperId: string): boolean;
  /** The request URL for one batch of accepted paper ids. */
  url(paperIds: readonly string[]): string;
}

export const ARXIV_ABSTRACT_SOURCE: AbstractSource = {
  name: 'arXiv API',
  accepts: (id) => arxivIdOf(id) !== null,
  url: (ids) => arxivQueryUrl(ids.map((id) => arxivIdOf(id) ?? id)),
};

export interface QueueDeps {
  fetch: FetchLike;
  /**
   * Response body -> papers keyed by canonical id (lib/api/arxiv-atom.ts `parseArxivAtom`,
   * lib/api/openreview-api.ts `parseOpenReviewNotes`); throws on a malformed body.
   */
  parse(body: string): { papers: Paper[] };
  /** The API; default: arXiv. */
  source?: AbstractSource;
  cache: AbstractCache;
  now(): number;
  /** Resolves after `ms`, or early (without error) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** In [0, 1): backoff jitter. */
  random?(): number;
  /** `navigator.onLine`; when false, requests wait instead of failing. */
  isOnline?(): boolean;
  /**
   * Told what is still wanted after every change (empty when all is done), so an MV3 worker that
   * is stopped mid-queue can `restore` it on its next start.
   */
  journal?(snapshot: QueueSnapshot): void;
  log?(message: string, error?: unknown): void;
}

/** What the queue still owes each subscriber: enough to carry on after a worker restart. */
export interface QueueSnapshot {
  subscribers: { key: string; waiting: string[]; total: number; done: number; failed: number }[];
}

export interface QueueOptions {
  /** Ids per request (arXiv serves up to 2000 per page; 100 keeps responses small and progress fine). */
  batchSize: number;
  /** Minimum gap between the starts of two requests (arXiv API terms: 3 s). */
  minIntervalMs: number;
  timeoutMs: number;
  /** Backoff: base * 2^(attempt-1), capped, with jitter in [50%, 100%]. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Retry-After longer than this is capped (a server asking for an hour should not stall a page for good). */
  retryAfterMaxMs: number;
  /** Failed attempts of one batch before its ids are given up (reported as failed, asked again on a later visit). */
  maxAttempts: number;
  offlineRetryMs: number;
  /** How long "the API has no abstract for this id" is believed. */
  notFoundTtlMs: number;
  /** During long waits, progress is re-sent this often (see #wait). */
  heartbeatMs: number;
}

export const DEFAULT_QUEUE_OPTIONS: QueueOptions = {
  batchSize: 100,
  minIntervalMs: 3_000,
  timeoutMs: 20_000,
  backoffBaseMs: 3_000,
  backoffMaxMs: 120_000,
  retryAfterMaxMs: 600_000,
  maxAttempts: 5,
  offlineRetryMs: 30_000,
  notFoundTtlMs: 7 * 24 * 3600_000,
  heartbeatMs: 20_000,
};

export function arxivQueryUrl(arxivIds: readonly string[]): string {
  // Ids are validated (lib/protocol.ts) to [A-Za-z0-9./-], which need no escaping in a query.
  return `${ARXIV_API}?id_list=${arxivIds.join(',')}&max_results=${arxivIds.length}`;
}

/** Retry-After as ms from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or bad. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

type Outcome =
  | { kind: 'ok'; papers: Paper[] }
  | {
      kind: 'retry';
      reason: 'rate-limited' | 'server' | 'network' | 'timeout' | 'malformed';
      retryAfterMs?: number;
    }
  | { kind: 'offline' }
  | { kind: 'fail'; reason: string };

interface Subscription {
  subscriber: Subscriber;
  waiting: Set<string>;
  total: number;
  done: number;
  failed: number;
}

export interface RequestResult {
  /** Abstracts already in the cache: no request needed. */
  cached: FetchedAbstract[];
  /** Ids queued for fetching; progress and results follow as events. */
  queued: number;
}

const toFetched = (e: AbstractCacheEntry): FetchedAbstract => {
  const out: FetchedAbstract = { id: e.id, abstract: e.abstract };
  if (e.title) out.title = e.title;
  if (e.authors?.length) out.authors = e.authors;
  return out;
};

export class AbstractFetchQueue {
  readonly #deps: QueueDeps;
  readonly #opts: QueueOptions;
  readonly #source: AbstractSource;
  /** Paper ids waiting to be fetched, in request order; each id at most once. */
  #pending: string[] = [];
  #queued = new Set<string>();
  #subs = new Map<string, Subscription>();
  #running: Promise<void> | undefined;
  #active = false;
  #lastRequestAt = Number.NEGATIVE_INFINITY;
  #status: FetchStatus = 'done';
  /** End of the current wait (backoff, Retry-After, offline), for `resendProgress`. */
  #waitUntil: number | undefined;
  #requests = 0;

  constructor(deps: QueueDeps, options: Partial<QueueOptions> = {}) {
    this.#deps = deps;
    this.#opts = { ...DEFAULT_QUEUE_OPTIONS, ...options };
    this.#source = deps.source ?? ARXIV_ABSTRACT_SOURCE;
  }

  get source(): AbstractSource {
    return this.#source;
  }

  /** True for ids this queue's API serves. */
  accepts(paperId: string): boolean {
    return this.#source.accepts(paperId);
  }

  /** Requests sent so far (for tests and diagnostics). */
  get requestCount(): number {
    return this.#requests;
  }

  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Settles when the queue is empty (tests; the worker never waits on it). */
  async idle(): Promise<void> {
    while (this.#active && this.#running) await this.#running;
  }

  #kick(): void {
    if (this.#active) return;
    this.#active = true;
    this.#running = this.#run();
  }

  /**
   * Returns cached abstracts at once and queues the others. Ids already queued (by this or another
   * page) are not queued twice; this subscriber still gets their results.
   */
  async request(
    paperIds: readonly string[],
    subscriber: Subscriber,
    options: { replace?: boolean } = {},
  ): Promise<RequestResult> {
    const ids = [...new Set(paperIds)].filter((id) => this.#source.accepts(id));
    const entries = await this.#deps.cache.get(ids).catch((e: unknown) => {
      this.#deps.log?.('abstract cache read failed', e);
      return [] as AbstractCacheEntry[];
    });
    const now = this.#deps.now();
    const known = new Map(entries.map((e) => [e.id, e]));
    const cached: FetchedAbstract[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const e = known.get(id);
      if (e?.abstract) cached.push(toFetched(e));
      else if (e && now - e.fetchedAt < this.#opts.notFoundTtlMs) continue;
      else missing.push(id);
    }
    // A new page in the same tab: what the old page waited for is no longer wanted by this subscriber.
    if (options.replace) this.unsubscribe(subscriber.key);
    if (missing.length) {
      let sub = this.#subs.get(subscriber.key);
      if (!sub) {
        sub = { subscriber, waiting: new Set(), total: 0, done: 0, failed: 0 };
        this.#subs.set(subscriber.key, sub);
      }
      sub.subscriber = subscriber;
      for (const id of missing) {
        if (sub.waiting.has(id)) continue;
        sub.waiting.add(id);
        sub.total++;
        if (!this.#queued.has(id)) {
          this.#queued.add(id);
          this.#pending.push(id);
        }
      }
      if (this.#status === 'done') this.#status = 'fetching';
      this.#emitProgress(sub);
      this.#journal();
      this.#kick();
    }
    return { cached, queued: missing.length };
  }

  /**
   * Sends a subscriber its current progress again. The answer to `abstracts.request` can reach a
   * tab after the first progress events (e.g. "rate-limited" right after a fast 429) and the tab
   * then shows the answer's older "fetching"; a repeat shortly after the answer fixes that.
   */
  resendProgress(key: string): void {
    const sub = this.#subs.get(key);
    if (!sub) return;
    const left = this.#waitUntil === undefined ? undefined : this.#waitUntil - this.#deps.now();
    this.#emitProgress(sub, left !== undefined && left > 0 ? left : undefined);
  }

  snapshot(): QueueSnapshot {
    return {
      subscribers: [...this.#subs.entries()].map(([key, s]) => ({
        key,
        waiting: [...s.waiting],
        total: s.total,
        done: s.done,
        failed: s.failed,
      })),
    };
  }

  /**
   * Picks up a snapshot taken before the worker stopped: each subscriber keeps its counts, and its
   * ids are looked up in the cache again (some may have landed) before being queued.
   */
  async restore(
    snapshot: QueueSnapshot,
    subscriberFor: (key: string) => Subscriber | undefined,
  ): Promise<void> {
    for (const s of snapshot.subscribers) {
      const subscriber = subscriberFor(s.key);
      if (!subscriber || !s.waiting.length) continue;
      const already = this.#subs.has(s.key);
      if (!already) {
        this.#subs.set(s.key, {
          subscriber,
          waiting: new Set(),
          total: Math.max(0, s.total - s.waiting.length),
          done: s.done,
          failed: s.failed,
        });
      }
      const { cached } = await this.request(s.waiting, subscriber);
      const sub = this.#subs.get(s.key);
      if (cached.length) {
        this.#deliver(subscriber, { type: 'abstracts.result', papers: cached });
        if (sub && !already) {
          sub.total += cached.length;
          sub.done += cached.length;
        }
      }
      if (sub && sub.waiting.size === 0) {
        this.#subs.delete(s.key);
        this.#send(sub, {
          type: 'abstracts.progress',
          done: sub.done,
          total: sub.total,
          failed: sub.failed,
          status: 'done',
        });
      }
    }
    this.#journal();
  }

  #journal(): void {
    if (!this.#deps.journal) return;
    try {
      this.#deps.journal(this.snapshot());
    } catch (e) {
      this.#deps.log?.('could not record the abstract queue', e);
    }
  }

  /** Forgets a subscriber (tab closed or navigated away). Its ids stay queued if others wait for them. */
  unsubscribe(key: string): void {
    const sub = this.#subs.get(key);
    if (!sub) return;
    this.#subs.delete(key);
    const stillWanted = new Set([...this.#subs.values()].flatMap((s) => [...s.waiting]));
    this.#pending = this.#pending.filter((id) => {
      if (stillWanted.has(id)) return true;
      this.#queued.delete(id);
      return false;
    });
  }

  async #run(): Promise<void> {
    try {
      await this.#loop();
    } catch (e) {
      this.#deps.log?.('abstract queue stopped', e);
    } finally {
      // Synchronously with the last emptiness check, so a request arriving now starts a new run.
      this.#active = false;
      this.#status = 'done';
    }
  }

  async #loop(): Promise<void> {
    const { now, sleep } = this.#deps;
    let attempt = 0;
    while (this.#pending.length) {
      const wait = this.#lastRequestAt + this.#opts.minIntervalMs - now();
      if (wait > 0) await sleep(wait);
      const batch = this.#pending.slice(0, this.#opts.batchSize);
      if (!batch.length) break;
      const outcome = this.#online() ? await this.#fetchBatch(batch) : ({ kind: 'offline' } as const);
      if (outcome.kind === 'ok') {
        attempt = 0;
        this.#setStatus('fetching');
        await this.#resolve(batch, outcome.papers);
        continue;
      }
      if (outcome.kind === 'offline') {
        // Not an attempt: nothing is wrong with the request; try again when the network is back.
        await this.#wait(this.#opts.offlineRetryMs, 'offline');
        continue;
      }
      if (outcome.kind === 'fail') {
        this.#deps.log?.(`${this.#source.name} refused a batch: ${outcome.reason}`);
        attempt = 0;
        await this.#resolve(batch, [], false);
        continue;
      }
      attempt++;
      if (attempt >= this.#opts.maxAttempts) {
        this.#deps.log?.(
          `${this.#source.name}: giving up on ${batch.length} ids after ${attempt} attempts (${outcome.reason})`,
        );
        attempt = 0;
        await this.#resolve(batch, [], false);
        continue;
      }
      const delay = this.#retryDelay(attempt, outcome.retryAfterMs);
      await this.#wait(delay, outcome.reason === 'rate-limited' ? 'rate-limited' : 'fetching');
    }
  }

  /**
   * Waits `ms`, telling subscribers how long is left every `heartbeatMs`. The updates keep the
   * sidebar's countdown true and, being extension API calls, keep an MV3 worker from being
   * stopped as idle in the middle of a long Retry-After. Offline waits end early when the network returns.
   */
  async #wait(ms: number, status: FetchStatus): Promise<void> {
    const { now, sleep } = this.#deps;
    const end = now() + ms;
    this.#waitUntil = end;
    this.#setStatus(status, ms);
    try {
      for (;;) {
        const left = end - now();
        if (left <= 0) return;
        await sleep(Math.min(left, this.#opts.heartbeatMs));
        if (status === 'offline' && this.#online()) return;
        const remaining = end - now();
        if (remaining > 0) this.#setStatus(status, remaining);
      }
    } finally {
      this.#waitUntil = undefined;
    }
  }

  #online(): boolean {
    return this.#deps.isOnline?.() ?? true;
  }

  #retryDelay(attempt: number, retryAfterMs: number | undefined): number {
    if (retryAfterMs !== undefined) {
      return Math.min(this.#opts.retryAfterMaxMs, Math.max(this.#opts.minIntervalMs, retryAfterMs));
    }
    const base = Math.min(this.#opts.backoffMaxMs, this.#opts.backoffBaseMs * 2 ** (attempt - 1));
    const r = this.#deps.random?.() ?? Math.random();
    return Math.round(base / 2 + (base / 2) * r);
  }

  async #fetchBatch(batch: readonly string[]): Promise<Outcome> {
    const { now, sleep } = this.#deps;
    const url = this.#source.url(batch);
    const request = new AbortController();
    const timer = new AbortController();
    let timedOut = false;
    // The time-out covers the body too: a server that sends headers and then stalls is a time-out.
    void sleep(this.#opts.timeoutMs, timer.signal).then(() => {
      if (timer.signal.aborted) return;
      timedOut = true;
      request.abort();
    });
    this.#lastRequestAt = now();
    this.#requests++;
    try {
      const res = await this.#deps.fetch(url, { signal: request.signal });
      if (res.status === 429 || res.status === 503) {
        const retryAfterMs = parseRetryAfter(res.headers.get('Retry-After'), now());
        return { kind: 'retry', reason: res.status === 429 ? 'rate-limited' : 'server', retryAfterMs };
      }
      if (res.status >= 500) return { kind: 'retry', reason: 'server' };
      if (!res.ok) return { kind: 'fail', reason: `HTTP ${res.status}` };
      const xml = await res.text();
      try {
        return { kind: 'ok', papers: this.#deps.parse(xml).papers };
      } catch (e) {
        this.#deps.log?.(`${this.#source.name} answered with a malformed body`, e);
        return { kind: 'retry', reason: 'malformed' };
      }
    } catch (e) {
      if (timedOut) return { kind: 'retry', reason: 'timeout' };
      if (!this.#online()) return { kind: 'offline' };
      this.#deps.log?.(`${this.#source.name} request failed`, e);
      return { kind: 'retry', reason: 'network' };
    } finally {
      timer.abort();
    }
  }

  /** Caches a batch's outcome and tells every subscriber waiting for its ids. */
  async #resolve(batch: readonly string[], papers: readonly Paper[], cacheMisses = true): Promise<void> {
    const now = this.#deps.now();
    const byId = new Map(papers.filter((p) => p.abstract).map((p) => [p.id, p]));
    const found: AbstractCacheEntry[] = [];
    const entries: AbstractCacheEntry[] = [];
    for (const id of batch) {
      const p = byId.get(id);
      if (p) {
        const e: AbstractCacheEntry = { id, abstract: p.abstract, fetchedAt: now };
        if (p.title) e.title = p.title;
        if (p.authors.length) e.authors = p.authors;
        found.push(e);
        entries.push(e);
      } else if (cacheMisses) {
        // The API answered without this id: remember that for a while instead of asking on every visit.
        entries.push({ id, abstract: '', fetchedAt: now });
      }
    }
    try {
      await this.#deps.cache.put(entries);
    } catch (e) {
      // Results still reach the page; only the revisit will cost a request.
      this.#deps.log?.('could not cache fetched abstracts', e);
    }
    const inBatch = new Set(batch);
    this.#pending = this.#pending.filter((id) => !inBatch.has(id));
    for (const id of batch) this.#queued.delete(id);
    const foundById = new Map(found.map((e) => [e.id, e]));
    for (const [key, sub] of this.#subs) {
      const mine: FetchedAbstract[] = [];
      let resolved = 0;
      for (const id of batch) {
        if (!sub.waiting.delete(id)) continue;
        resolved++;
        const e = foundById.get(id);
        if (e) mine.push(toFetched(e));
        else sub.failed++;
      }
      if (!resolved) continue;
      sub.done += resolved;
      if (mine.length) this.#send(sub, { type: 'abstracts.result', papers: mine });
      if (sub.waiting.size === 0) {
        this.#subs.delete(key);
        this.#send(sub, {
          type: 'abstracts.progress',
          done: sub.done,
          total: sub.total,
          failed: sub.failed,
          status: 'done',
        });
      } else {
        this.#emitProgress(sub);
      }
    }
    this.#journal();
  }

  #setStatus(status: FetchStatus, retryInMs?: number): void {
    const changed = status !== this.#status || retryInMs !== undefined;
    this.#status = status;
    if (changed) for (const sub of this.#subs.values()) this.#emitProgress(sub, retryInMs);
  }

  #emitProgress(sub: Subscription, retryInMs?: number): void {
    const ev: ProgressEvent = {
      type: 'abstracts.progress',
      done: sub.done,
      total: sub.total,
      failed: sub.failed,
      status: this.#status === 'done' ? 'fetching' : this.#status,
    };
    if (retryInMs !== undefined) ev.retryInMs = retryInMs;
    this.#send(sub, ev);
  }

  #send(sub: Subscription, event: QueueEvent): void {
    this.#deliver(sub.subscriber, event);
  }

  #deliver(subscriber: Subscriber, event: QueueEvent): void {
    try {
      subscriber.send(event);
    } catch (e) {
      this.#deps.log?.('could not deliver an abstracts event', e);
    }
  }
}

/** setTimeout-based sleep that resolves early when the signal aborts. */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}
