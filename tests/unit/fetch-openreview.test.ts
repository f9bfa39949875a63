/**
 * OpenReview abstracts (issue 4): `openreview:<forum>` ids go to api2.openreview.net in batches of
 * `/notes?ids=`, one connection, ~1 s apart, with the arXiv queue's backoff/Retry-After/time-outs;
 * a tab asking for arXiv and OpenReview ids at once gets ONE progress stream.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openreviewNotesUrl } from '../../lib/api/openreview-api';
import { MultiSourceAbstracts } from '../../lib/fetch/multi-source';
import {
  type AbstractCacheEntry,
  AbstractFetchQueue,
  type FetchLike,
  type QueueEvent,
  realSleep,
} from '../../lib/fetch/queue';
import { ARXIV_SOURCE, OPENREVIEW_SOURCE, type SourceConfig } from '../../lib/fetch/sources';
import type { AbstractsProgressEvent } from '../../lib/protocol';

const NOTES = readFileSync(
  resolve(process.cwd(), 'tests/fixtures/pages/openreview-api-notes-constructed.json'),
  'utf8',
);
/** Submission notes of the constructed response (a reply and a title-less note are in it too). */
const NOTE_IDS = ['Xq7Rk2mWp1', 'B3vTn9LsQ4', 'C8dHy1ZeR6', 'D5jKw3PuV0', 'E2mNq8RtY7'];
const orIds = (forums: readonly string[]) => forums.map((f) => `openreview:${f}`);

/** `/notes?ids=` answered with one note per asked id (for batches larger than the fixture). */
function notesFor(forums: readonly string[]): string {
  return JSON.stringify({
    notes: forums.map((f) => ({
      id: f,
      forum: f,
      content: {
        title: { value: `Paper ${f}` },
        authors: { value: ['A. Writer'] },
        abstract: { value: `Abstract of ${f}.` },
      },
    })),
    count: forums.length,
  });
}

type Reply = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

function scripted(replies: Reply[] | ((url: string) => Reply), latencyMs = 200) {
  const calls: { url: string; at: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetch: FetchLike = async (url, { signal }) => {
    calls.push({ url, at: Date.now() });
    const reply =
      typeof replies === 'function' ? replies(url) : (replies[calls.length - 1] ?? replies.at(-1));
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (reply === 'hang' || reply === undefined) {
        await new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        );
        throw new Error('unreachable');
      }
      await new Promise((r) => setTimeout(r, latencyMs));
      const u = new URL(url);
      const body =
        reply.body ??
        (u.hostname === 'api2.openreview.net'
          ? notesFor((u.searchParams.get('ids') ?? '').split(','))
          : feedFor((u.searchParams.get('id_list') ?? '').split(',')));
      return {
        ok: reply.status >= 200 && reply.status < 300,
        status: reply.status,
        headers: new Headers(reply.headers ?? {}),
        text: async () => body,
      };
    } finally {
      inFlight--;
    }
  };
  return { fetch, calls, maxInFlight: () => maxInFlight };
}

function feedFor(arxivIds: readonly string[]): string {
  const entries = arxivIds
    .map(
      (a) =>
        `<entry><id>http://arxiv.org/abs/${a}v1</id><title>Paper ${a}</title><summary>Abstract of ${a}.</summary><author><name>A. Writer</name></author></entry>`,
    )
    .join('');
  return `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">${entries}</feed>`;
}

function memoryCache() {
  const map = new Map<string, AbstractCacheEntry>();
  return {
    map,
    cache: {
      get: async (ids: readonly string[]) => ids.flatMap((id) => map.get(id) ?? []),
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
  };
}

function queueFor(config: SourceConfig, fetch: FetchLike, mem = memoryCache()) {
  const queue = new AbstractFetchQueue(
    {
      fetch,
      parse: config.parse,
      source: config.source,
      cache: mem.cache,
      now: () => Date.now(),
      sleep: realSleep,
      random: () => 1,
      isOnline: () => true,
      log: () => {},
    },
    config.options,
  );
  return { queue, mem };
}

async function drain(q: { idle(): Promise<void> }) {
  const done = q.idle();
  await vi.runAllTimersAsync();
  await done;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date('2026-12-01T09:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('OpenReview abstract queue', () => {
  it('fetches the saved notes response by forum id and caches what it found', async () => {
    const net = scripted([{ status: 200, body: NOTES }]);
    const { queue, mem } = queueFor(OPENREVIEW_SOURCE, net.fetch);
    const tab = collector();
    const res = await queue.request([...orIds(NOTE_IDS), 'openreview:F9gLs4XcB2'], tab.subscriber);
    expect(res).toEqual({ cached: [], queued: 6 });
    await drain(queue);
    expect(net.calls.map((c) => c.url)).toEqual(openreviewNotesUrl([...NOTE_IDS, 'F9gLs4XcB2']));
    const results = tab.results();
    expect(results.map((p) => p.id)).toEqual(orIds(NOTE_IDS));
    const moe = results.find((p) => p.id === 'openreview:B3vTn9LsQ4');
    expect(moe?.title).toBe('Sparse Mixture-of-Experts at Scale: Routing without Collapse');
    expect(moe?.abstract.length).toBeGreaterThan(20);
    // The forum the API did not return is failed, and remembered as missing.
    expect(tab.progress().at(-1)).toEqual({
      type: 'abstracts.progress',
      done: 6,
      total: 6,
      failed: 1,
      status: 'done',
    });
    expect(mem.map.get('openreview:F9gLs4XcB2')?.abstract).toBe('');
    // A revisit costs nothing.
    const again = await queue.request(orIds(NOTE_IDS), collector('tab:2:0').subscriber);
    expect(again.queued).toBe(0);
    expect(again.cached).toHaveLength(5);
    expect(net.calls).toHaveLength(1);
  });

  it('batches of 50, one request at a time, at least 1 s apart; arXiv ids are not its business', async () => {
    const net = scripted([{ status: 200 }], 300);
    const { queue } = queueFor(OPENREVIEW_SOURCE, net.fetch);
    const forums = Array.from({ length: 120 }, (_, i) => `Forum${String(i).padStart(5, '0')}`);
    const res = await queue.request(
      [...orIds(forums), 'arxiv:2401.01234', 'openreview:bad id!'],
      collector().subscriber,
    );
    expect(res.queued).toBe(120);
    await drain(queue);
    expect(net.calls).toHaveLength(3);
    expect(net.maxInFlight()).toBe(1);
    const sizes = net.calls.map((c) => (new URL(c.url).searchParams.get('ids') ?? '').split(',').length);
    expect(sizes).toEqual([50, 50, 20]);
    for (let i = 1; i < net.calls.length; i++) {
      expect((net.calls[i]?.at ?? 0) - (net.calls[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    }
  });

  it('429 with Retry-After, a 500, malformed JSON and a stalled request all back off and recover', async () => {
    const net = scripted([
      { status: 429, headers: { 'Retry-After': '7' } },
      { status: 500 },
      { status: 200, body: '{"notes": [' },
      'hang',
      { status: 200, body: NOTES },
    ]);
    const { queue } = queueFor(OPENREVIEW_SOURCE, net.fetch);
    const tab = collector();
    await queue.request(orIds(NOTE_IDS), tab.subscriber);
    await drain(queue);
    expect(net.calls).toHaveLength(5);
    const gaps = net.calls.slice(1).map((c, i) => c.at - (net.calls[i]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(7_000); // Retry-After honoured
    expect(tab.progress().some((p) => p.status === 'rate-limited' && (p.retryInMs ?? 0) >= 7_000)).toBe(true);
    expect(tab.results().map((p) => p.id)).toEqual(orIds(NOTE_IDS));
    expect(tab.progress().at(-1)).toMatchObject({ done: 5, total: 5, failed: 0, status: 'done' });
  });
});

describe('progress repeated after the answer', () => {
  it('resendProgress tells the tab the current state, with the time left of a Retry-After', async () => {
    const net = scripted([{ status: 429, headers: { 'Retry-After': '10' } }, { status: 200 }], 0);
    const service = new MultiSourceAbstracts([
      queueFor(ARXIV_SOURCE, net.fetch).queue,
      queueFor(OPENREVIEW_SOURCE, net.fetch).queue,
    ]);
    const tab = collector();
    await service.request(['arxiv:2401.00001'], tab.subscriber, { replace: true });
    await vi.advanceTimersByTimeAsync(4_000);
    const before = tab.progress().length;
    service.resendProgress(tab.subscriber.key);
    const again = tab.progress().slice(before);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ status: 'rate-limited', done: 0, total: 1 });
    expect(again[0]?.retryInMs).toBeGreaterThan(5_000);
    expect(again[0]?.retryInMs).toBeLessThanOrEqual(6_000);
    await drain(service);
    service.resendProgress(tab.subscriber.key); // finished: nothing to repeat
    expect(tab.progress().at(-1)).toMatchObject({ status: 'done', done: 1, total: 1 });
  });
});

describe('one abstracts service over arXiv and OpenReview', () => {
  it('routes each id to its API and gives the tab one monotone progress stream', async () => {
    const net = scripted([{ status: 200 }]);
    const arxiv = queueFor(ARXIV_SOURCE, net.fetch);
    const openreview = queueFor(OPENREVIEW_SOURCE, net.fetch);
    const service = new MultiSourceAbstracts([arxiv.queue, openreview.queue]);
    const tab = collector();
    const ids = [
      'arxiv:2401.00001',
      'arxiv:2401.00002',
      ...orIds(['Forum00001', 'Forum00002', 'Forum00003']),
    ];
    const res = await service.request(ids, tab.subscriber, { replace: true });
    expect(res.queued).toBe(5);
    await drain(service);
    expect(net.calls.map((c) => new URL(c.url).hostname).sort()).toEqual([
      'api2.openreview.net',
      'export.arxiv.org',
    ]);
    expect(
      tab
        .results()
        .map((p) => p.id)
        .sort(),
    ).toEqual([...ids].sort());
    const progress = tab.progress();
    expect(progress.every((p) => p.total === 5)).toBe(true);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]?.done).toBeGreaterThanOrEqual(progress[i - 1]?.done ?? 0);
    expect(progress.filter((p) => p.status === 'done')).toEqual([
      { type: 'abstracts.progress', done: 5, total: 5, failed: 0, status: 'done' },
    ]);
  });

  it('arXiv rate-limiting does not hold up OpenReview; the tab is told it waits', async () => {
    const net = scripted((url) =>
      url.includes('export.arxiv.org') &&
      !net.calls.some((c) => c.url.includes('export.arxiv.org') && c !== net.calls.at(-1))
        ? { status: 429, headers: { 'Retry-After': '30' } }
        : { status: 200 },
    );
    const service = new MultiSourceAbstracts([
      queueFor(ARXIV_SOURCE, net.fetch).queue,
      queueFor(OPENREVIEW_SOURCE, net.fetch).queue,
    ]);
    const tab = collector();
    await service.request(['arxiv:2401.00001', 'openreview:Forum00001'], tab.subscriber);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(tab.results().map((p) => p.id)).toEqual(['openreview:Forum00001']);
    expect(tab.progress().at(-1)).toMatchObject({ done: 1, total: 2, status: 'rate-limited' });
    await drain(service);
    expect(tab.results().map((p) => p.id)).toEqual(['openreview:Forum00001', 'arxiv:2401.00001']);
    expect(tab.progress().at(-1)).toMatchObject({ done: 2, total: 2, status: 'done' });
  });

  it('replace drops what the old page waited for in every queue', async () => {
    const net = scripted(['hang']);
    const arxiv = queueFor(ARXIV_SOURCE, net.fetch);
    const openreview = queueFor(OPENREVIEW_SOURCE, net.fetch);
    const service = new MultiSourceAbstracts([arxiv.queue, openreview.queue]);
    const tab = collector();
    await service.request(['arxiv:2401.00001', 'arxiv:2401.00002', 'openreview:Forum00001'], tab.subscriber);
    await service.request(['openreview:Forum00009'], tab.subscriber, { replace: true });
    expect(arxiv.queue.snapshot().subscribers).toEqual([]);
    expect(openreview.queue.snapshot().subscribers.map((s) => s.waiting)).toEqual([
      ['openreview:Forum00009'],
    ]);
    expect(tab.progress().at(-1)).toMatchObject({ done: 0, total: 1 });
  });
});
