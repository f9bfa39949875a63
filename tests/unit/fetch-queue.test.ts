import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseArxivAtom } from '../../lib/api/arxiv-atom';
import {
  type AbstractCacheEntry,
  AbstractFetchQueue,
  arxivQueryUrl,
  type FetchLike,
  parseRetryAfter,
  type QueueDeps,
  type QueueEvent,
  realSleep,
} from '../../lib/fetch/queue';
import { arxivPaperId, parseArxivRef } from '../../lib/ids';
import type { AbstractsProgressEvent } from '../../lib/protocol';
import type { Paper } from '../../lib/types';

const fixture = (name: string) => readFileSync(resolve(process.cwd(), 'tests/fixtures/pages', name), 'utf8');
const ATOM_1 = fixture('arxiv-api-atom-1.xml');
const ATOM_2 = fixture('arxiv-api-atom-2.xml');

/**
 * Tiny stand-in for lib/api/arxiv-atom.ts `parseArxivAtom` (same contract: throws on malformed XML),
 * so these tests exercise the scheduler, not the parser.
 */
function parseAtomDouble(xml: string): { papers: Paper[] } {
  if (!/<feed[\s>]/.test(xml) || !xml.includes('</feed>')) throw new Error('malformed Atom feed');
  const text = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const papers: Paper[] = [];
  for (const m of xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)) {
    const body = m[1] ?? '';
    const ref = parseArxivRef(text(/<id>([^<]*)<\/id>/.exec(body)?.[1]));
    if (!ref) continue;
    papers.push({
      id: arxivPaperId(ref.arxivId),
      title: text(/<title>([\s\S]*?)<\/title>/.exec(body)?.[1]),
      authors: [...body.matchAll(/<name>([^<]*)<\/name>/g)].map((a) => text(a[1])),
      abstract: text(/<summary>([\s\S]*?)<\/summary>/.exec(body)?.[1]),
      url: `https://arxiv.org/abs/${ref.arxivId}`,
      site: 'arxiv',
    });
  }
  return { papers };
}

const idsIn = (xml: string) => parseAtomDouble(xml).papers.map((p) => p.id);

/** A feed with one entry per id (for batches larger than the fixtures). */
function feedFor(arxivIds: readonly string[]): string {
  const entries = arxivIds
    .map(
      (a) =>
        `<entry><id>http://arxiv.org/abs/${a}v2</id><title>Paper ${a}</title><summary>Abstract of ${a}.</summary><author><name>A. Writer</name></author></entry>`,
    )
    .join('');
  return `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">${entries}</feed>`;
}

type Reply = { status: number; body?: string; headers?: Record<string, string> } | 'hang' | Error;

function response(status: number, body = '', headers: Record<string, string> = {}) {
  return { ok: status >= 200 && status < 300, status, headers: new Headers(headers), text: async () => body };
}

/** Scripted fetch: replies in order (the last one repeats); records when and what was asked. */
function scriptedFetch(replies: Reply[] | ((url: string) => Reply), latencyMs = 500) {
  const calls: { url: string; at: number; ids: string[] }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let aborted = 0;
  const fetch: FetchLike = async (url, { signal }) => {
    const ids = (new URL(url).searchParams.get('id_list') ?? '').split(',').filter(Boolean);
    calls.push({ url, at: Date.now(), ids });
    const reply =
      typeof replies === 'function' ? replies(url) : (replies[calls.length - 1] ?? replies.at(-1));
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (reply === 'hang' || reply === undefined) {
        await new Promise((_, reject) =>
          signal.addEventListener('abort', () => {
            aborted++;
            reject(new DOMException('aborted', 'AbortError'));
          }),
        );
      }
      await new Promise((r) => setTimeout(r, latencyMs));
      if (reply instanceof Error) throw reply;
      if (reply === 'hang' || reply === undefined) throw new Error('unreachable');
      const body = reply.status === 200 && reply.body === undefined ? feedFor(ids) : (reply.body ?? '');
      return response(reply.status, body, reply.headers);
    } finally {
      inFlight--;
    }
  };
  return { fetch, calls, maxInFlight: () => maxInFlight, aborted: () => aborted };
}

function memoryCache() {
  const map = new Map<string, AbstractCacheEntry>();
  let gets = 0;
  return {
    map,
    gets: () => gets,
    cache: {
      get: async (ids: readonly string[]) => {
        gets++;
        return ids.flatMap((id) => map.get(id) ?? []);
      },
      put: async (entries: readonly AbstractCacheEntry[]) => {
        for (const e of entries) map.set(e.id, e);
      },
    },
  };
}

function collector(key = 'tab:1:0') {
  const events: QueueEvent[] = [];
  return {
    events,
    subscriber: { key, send: (e: QueueEvent) => events.push(e) },
    progress: () => events.filter((e): e is AbstractsProgressEvent => e.type === 'abstracts.progress'),
    results: () => events.flatMap((e) => (e.type === 'abstracts.result' ? e.papers : [])),
    last: () => events.filter((e) => e.type === 'abstracts.progress').at(-1),
  };
}

const arxivIds = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `2610.${String(from + i).padStart(5, '0')}`);
const paperIds = (as: readonly string[]) => as.map(arxivPaperId);

function makeQueue(fetch: FetchLike, over: Partial<QueueDeps> = {}) {
  const mem = memoryCache();
  const log = vi.fn();
  const deps: QueueDeps = {
    fetch,
    parse: parseAtomDouble,
    cache: mem.cache,
    now: () => Date.now(),
    sleep: realSleep,
    random: () => 1,
    isOnline: () => true,
    log,
    ...over,
  };
  return { queue: new AbstractFetchQueue(deps), mem, log };
}

/** Runs virtual time until the queue has nothing left to do. */
async function drain(queue: AbstractFetchQueue) {
  const done = queue.idle();
  await vi.runAllTimersAsync();
  await done;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date('2026-12-01T08:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('arXiv API URL and Retry-After', () => {
  it('asks for exactly the batch, with max_results set (its default is 10)', () => {
    expect(arxivQueryUrl(['2401.01234', 'hep-th/9901001'])).toBe(
      'https://export.arxiv.org/api/query?id_list=2401.01234,hep-th/9901001&max_results=2',
    );
  });

  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-12-01T08:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 08:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('AbstractFetchQueue: scheduling', () => {
  it('fetches in batches of 100, one request at a time, at least 3 s apart', async () => {
    const net = scriptedFetch([{ status: 200 }], 1_000);
    const { queue } = makeQueue(net.fetch);
    const tab = collector();
    const ids = paperIds(arxivIds(250));
    const res = await queue.request(ids, tab.subscriber);
    expect(res).toEqual({ cached: [], queued: 250 });
    await drain(queue);

    expect(net.calls.map((c) => c.ids.length)).toEqual([100, 100, 50]);
    expect(net.calls.map((c) => new URL(c.url).searchParams.get('max_results'))).toEqual([
      '100',
      '100',
      '50',
    ]);
    expect(net.calls.flatMap((c) => c.ids)).toEqual(arxivIds(250));
    const gaps = net.calls.slice(1).map((c, i) => c.at - (net.calls[i]?.at ?? 0));
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(3_000);
    expect(net.maxInFlight()).toBe(1);

    expect(tab.results()).toHaveLength(250);
    expect(tab.results()[0]).toEqual({
      id: 'arxiv:2610.00000',
      abstract: 'Abstract of 2610.00000.',
      title: 'Paper 2610.00000',
      authors: ['A. Writer'],
    });
    const done = tab.progress().map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(tab.last()).toEqual({
      type: 'abstracts.progress',
      done: 250,
      total: 250,
      failed: 0,
      status: 'done',
    });
  });

  it('parses a saved arXiv response and reports ids the API did not return as failed', async () => {
    const net = scriptedFetch([{ status: 200, body: ATOM_2 }]);
    const { queue, mem } = makeQueue(net.fetch);
    const tab = collector();
    const wanted = [...idsIn(ATOM_2), 'arxiv:2606.99999'];
    await queue.request(wanted, tab.subscriber);
    await drain(queue);
    expect(net.calls).toHaveLength(1);
    expect(tab.results().map((p) => p.id)).toEqual(idsIn(ATOM_2));
    expect(tab.results().every((p) => p.abstract.length > 100)).toBe(true);
    expect(tab.last()).toMatchObject({ done: 6, total: 6, failed: 1, status: 'done' });
    expect(mem.map.get('arxiv:2606.99999')?.abstract).toBe('');
  });

  it('a revisit costs no request: cached abstracts return at once, known misses are not asked again', async () => {
    const net = scriptedFetch([{ status: 200, body: ATOM_1 }]);
    const { queue } = makeQueue(net.fetch);
    const wanted = [...idsIn(ATOM_1), 'arxiv:1509.99999'];
    await queue.request(wanted, collector().subscriber);
    await drain(queue);
    expect(net.calls).toHaveLength(1);

    const again = collector('tab:2:0');
    const res = await queue.request(wanted, again.subscriber);
    expect(res.queued).toBe(0);
    expect(res.cached.map((c) => c.id)).toEqual(idsIn(ATOM_1));
    await drain(queue);
    expect(net.calls).toHaveLength(1);
    expect(again.events).toEqual([]);

    // A week later the miss is asked again (it may have appeared).
    vi.setSystemTime(Date.now() + 8 * 24 * 3600_000);
    expect((await queue.request(wanted, again.subscriber)).queued).toBe(1);
    await drain(queue);
    expect(net.calls).toHaveLength(2);
    expect(net.calls[1]?.ids).toEqual(['1509.99999']);
  });

  it('dedupes ids already queued; every tab still gets its own results', async () => {
    const net = scriptedFetch([{ status: 200 }]);
    const { queue } = makeQueue(net.fetch);
    const a = collector('tab:1:0');
    const b = collector('tab:2:0');
    await Promise.all([
      queue.request(paperIds(arxivIds(60, 0)), a.subscriber),
      queue.request(paperIds(arxivIds(60, 30)), b.subscriber),
      queue.request(paperIds(arxivIds(60, 0)), a.subscriber),
    ]);
    await drain(queue);
    const asked = net.calls.flatMap((c) => c.ids);
    expect(asked).toHaveLength(90);
    expect(new Set(asked).size).toBe(90);
    expect(a.results().map((p) => p.id)).toEqual(paperIds(arxivIds(60, 0)));
    expect(b.results().map((p) => p.id)).toEqual(paperIds(arxivIds(60, 30)));
    expect(a.last()).toMatchObject({ done: 60, total: 60, status: 'done' });
    expect(b.last()).toMatchObject({ done: 60, total: 60, status: 'done' });
  });

  it('replace: a new page in the tab drops what the old page still waited for', async () => {
    const net = scriptedFetch([{ status: 200 }]);
    const { queue } = makeQueue(net.fetch, {});
    const tab = collector();
    await queue.request(paperIds(arxivIds(300, 0)), tab.subscriber);
    await vi.advanceTimersByTimeAsync(100); // first batch in flight
    await queue.request(paperIds(arxivIds(10, 5000)), tab.subscriber, { replace: true });
    await drain(queue);
    expect(net.calls.map((c) => c.ids.length)).toEqual([100, 10]);
    expect(tab.last()).toMatchObject({ done: 10, total: 10, status: 'done' });
  });
});

describe('AbstractFetchQueue: faults', () => {
  it('429 with Retry-After: waits as long as asked, says rate-limited, then succeeds', async () => {
    const net = scriptedFetch([{ status: 429, headers: { 'Retry-After': '30' } }, { status: 200 }]);
    const { queue } = makeQueue(net.fetch);
    const tab = collector();
    await queue.request(paperIds(arxivIds(5)), tab.subscriber);
    await drain(queue);
    expect(net.calls).toHaveLength(2);
    expect((net.calls[1]?.at ?? 0) - (net.calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(30_000);
    expect(tab.progress().some((p) => p.status === 'rate-limited' && p.retryInMs === 30_000)).toBe(true);
    expect(tab.last()).toMatchObject({ done: 5, failed: 0, status: 'done' });
  });

  it('500: exponential backoff with jitter, then gives up and reports the ids failed (not cached as missing)', async () => {
    const net = scriptedFetch([{ status: 500 }], 0);
    const { queue, mem } = makeQueue(net.fetch, { random: () => 0.5 });
    const tab = collector();
    await queue.request(paperIds(arxivIds(3)), tab.subscriber);
    await drain(queue);
    expect(net.calls).toHaveLength(5);
    const gaps = net.calls.slice(1).map((c, i) => c.at - (net.calls[i]?.at ?? 0));
    // base 3 s doubling, jitter at 75% of base (random 0.5), never under the 3 s spacing
    expect(gaps).toEqual([3_000, 4_500, 9_000, 18_000]);
    expect(tab.last()).toMatchObject({ done: 3, total: 3, failed: 3, status: 'done' });
    expect(mem.map.size).toBe(0);
    // Asked again on the next visit, and then it works.
    const net2 = scriptedFetch([{ status: 200 }]);
    const again = makeQueue(net2.fetch);
    await again.queue.request(paperIds(arxivIds(3)), tab.subscriber);
    await drain(again.queue);
    expect(net2.calls).toHaveLength(1);
  });

  it('a 503 followed by success recovers without losing ids', async () => {
    const net = scriptedFetch([{ status: 503 }, { status: 502 }, { status: 200 }]);
    const { queue } = makeQueue(net.fetch);
    const tab = collector();
    await queue.request(paperIds(arxivIds(120)), tab.subscriber);
    await drain(queue);
    expect(net.calls.map((c) => c.ids.length)).toEqual([100, 100, 100, 20]);
    expect(tab.results()).toHaveLength(120);
  });

  it('times out a stalled request after 20 s, aborts it and retries', async () => {
    const net = scriptedFetch(['hang', { status: 200 }]);
    const { queue } = makeQueue(net.fetch);
    const tab = collector();
    await queue.request(paperIds(arxivIds(2)), tab.subscriber);
    await vi.advanceTimersByTimeAsync(19_999);
    expect(net.aborted()).toBe(0);
    await vi.advanceTimersByTimeAsync(2);
    expect(net.aborted()).toBe(1);
    await drain(queue);
    expect(net.calls).toHaveLength(2);
    expect(tab.results()).toHaveLength(2);
  });

  it('malformed XML is retried, then parsed once it is whole', async () => {
    const truncated = ATOM_2.slice(0, ATOM_2.length / 2);
    const net = scriptedFetch([
      { status: 200, body: truncated },
      { status: 200, body: ATOM_2 },
    ]);
    const { queue, log } = makeQueue(net.fetch);
    const tab = collector();
    await queue.request(idsIn(ATOM_2), tab.subscriber);
    await drain(queue);
    expect(net.calls).toHaveLength(2);
    expect(log).toHaveBeenCalledWith('arXiv API answered with a malformed body', expect.any(Error));
    expect(tab.results()).toHaveLength(5);
  });

  it('network errors back off and recover', async () => {
    const net = scriptedFetch([new TypeError('Failed to fetch'), { status: 200 }]);
    const { queue } = makeQueue(net.fetch);
    const tab = collector();
    await queue.request(paperIds(arxivIds(4)), tab.subscriber);
    await drain(queue);
    expect(net.calls).toHaveLength(2);
    expect(tab.last()).toMatchObject({ done: 4, failed: 0, status: 'done' });
  });

  it('offline: says so, sends nothing, and fetches when the network is back', async () => {
    let online = false;
    const net = scriptedFetch([{ status: 200 }]);
    const { queue } = makeQueue(net.fetch, { isOnline: () => online });
    const tab = collector();
    await queue.request(paperIds(arxivIds(3)), tab.subscriber);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(net.calls).toHaveLength(0);
    expect(tab.progress().at(-1)).toMatchObject({ status: 'offline', retryInMs: 30_000, done: 0, total: 3 });
    online = true;
    await drain(queue);
    expect(net.calls).toHaveLength(1);
    expect(tab.last()).toMatchObject({ done: 3, status: 'done' });
  });

  it('a 400 (refused request) is not retried', async () => {
    const net = scriptedFetch([{ status: 400, body: 'bad id' }]);
    const { queue } = makeQueue(net.fetch);
    const tab = collector();
    await queue.request(paperIds(arxivIds(2)), tab.subscriber);
    await drain(queue);
    expect(net.calls).toHaveLength(1);
    expect(tab.last()).toMatchObject({ done: 2, failed: 2, status: 'done' });
  });

  it('a cache that cannot write (disk full) still delivers the abstracts', async () => {
    const net = scriptedFetch([{ status: 200 }]);
    const { queue, mem } = makeQueue(net.fetch);
    mem.cache.put = async () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    const tab = collector();
    await queue.request(paperIds(arxivIds(2)), tab.subscriber);
    await drain(queue);
    expect(tab.results()).toHaveLength(2);
  });

  it('ignores ids that are not arXiv ids and queues nothing for them', async () => {
    const net = scriptedFetch([{ status: 200 }]);
    const { queue } = makeQueue(net.fetch);
    expect(await queue.request(['openreview:abc'], collector().subscriber)).toEqual({
      cached: [],
      queued: 0,
    });
    await drain(queue);
    expect(net.calls).toHaveLength(0);
  });

  it('with the real Atom parser: a truncated body and an HTML error page are retried, the saved feed parses', async () => {
    const net = scriptedFetch([
      { status: 200, body: ATOM_1.slice(0, 4000) },
      { status: 200, body: '<!DOCTYPE html><html><body>Service unavailable</body></html>' },
      { status: 200, body: ATOM_1 },
    ]);
    const { queue } = makeQueue(net.fetch, { parse: parseArxivAtom });
    const tab = collector();
    const ids = parseArxivAtom(ATOM_1).papers.map((p) => p.id);
    expect(ids).toHaveLength(10);
    await queue.request(ids, tab.subscriber);
    await drain(queue);
    expect(net.calls).toHaveLength(3);
    expect(tab.results().map((p) => p.id)).toEqual(ids);
    expect(tab.last()).toMatchObject({ done: 10, total: 10, failed: 0, status: 'done' });
  });

  it('during a long Retry-After it keeps the page told how long is left (and the worker awake)', async () => {
    const net = scriptedFetch([{ status: 429, headers: { 'Retry-After': '60' } }, { status: 200 }], 0);
    const { queue } = makeQueue(net.fetch);
    const tab = collector();
    await queue.request(paperIds(arxivIds(2)), tab.subscriber);
    await drain(queue);
    const countdown = tab
      .progress()
      .filter((p) => p.status === 'rate-limited')
      .map((p) => p.retryInMs);
    expect(countdown).toEqual([60_000, 40_000, 20_000]);
    expect(tab.last()).toMatchObject({ status: 'done', done: 2 });
  });

  it('an offline wait ends as soon as the network is back', async () => {
    let online = false;
    const net = scriptedFetch([{ status: 200 }], 0);
    const { queue } = makeQueue(net.fetch, { isOnline: () => online });
    await queue.request(paperIds(arxivIds(1)), collector().subscriber);
    await vi.advanceTimersByTimeAsync(1_000);
    online = true;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(net.calls).toHaveLength(1);
    await drain(queue);
  });
});

describe('AbstractFetchQueue: surviving a worker restart', () => {
  it('journals what each page still waits for, and nothing once done', async () => {
    const net = scriptedFetch([{ status: 200 }]);
    const journal = vi.fn();
    const { queue } = makeQueue(net.fetch, { journal });
    await queue.request(paperIds(arxivIds(150)), collector('tab:5:0').subscriber);
    expect(journal.mock.calls[0]?.[0]).toEqual({
      subscribers: [{ key: 'tab:5:0', waiting: paperIds(arxivIds(150)), total: 150, done: 0, failed: 0 }],
    });
    await vi.advanceTimersByTimeAsync(1_000); // first batch done
    expect(journal.mock.calls.at(-1)?.[0].subscribers[0]).toMatchObject({ total: 150, done: 100 });
    expect(journal.mock.calls.at(-1)?.[0].subscribers[0].waiting).toHaveLength(50);
    await drain(queue);
    expect(journal.mock.calls.at(-1)?.[0]).toEqual({ subscribers: [] });
  });

  it('a new worker restores the snapshot: counts carry on, cached ids cost no request', async () => {
    const net = scriptedFetch([{ status: 200 }]);
    const { queue, mem } = makeQueue(net.fetch);
    const all = paperIds(arxivIds(150));
    // The old worker had fetched 100 of 150 (cached); 10 of the 50 left landed just before it stopped.
    for (const id of all.slice(100, 110)) mem.map.set(id, { id, abstract: `A ${id}`, fetchedAt: Date.now() });
    const tab = collector('tab:5:0');
    await queue.restore(
      { subscribers: [{ key: 'tab:5:0', waiting: all.slice(100), total: 150, done: 100, failed: 3 }] },
      (key) => (key === 'tab:5:0' ? tab.subscriber : undefined),
    );
    await drain(queue);
    expect(net.calls.flatMap((c) => c.ids)).toEqual(arxivIds(40, 110));
    expect(tab.results().map((p) => p.id)).toEqual(all.slice(100));
    expect(tab.last()).toEqual({
      type: 'abstracts.progress',
      done: 150,
      total: 150,
      failed: 3,
      status: 'done',
    });
  });
});
