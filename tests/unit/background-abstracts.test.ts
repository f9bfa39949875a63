import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackgroundDeps, SenderLike } from '../../entrypoints/background/deps';
import { handleMessage } from '../../entrypoints/background/handle-message';
import {
  ABSTRACT_QUEUE_KEY,
  createAbstractQueue,
  resumeAbstractQueue,
} from '../../entrypoints/background/main';
import { parseArxivAtom } from '../../lib/api/arxiv-atom';
import type { BackgroundEvent, FetchedAbstract, Result } from '../../lib/protocol';
import { PaperSiftDB } from '../../storage/db';
import { getPaper, savePaper } from '../../storage/papers';
import { getSetting, setSetting } from '../../storage/settings';

const ATOM_2 = readFileSync(resolve(process.cwd(), 'tests/fixtures/pages/arxiv-api-atom-2.xml'), 'utf8');
const ATOM_2_IDS = parseArxivAtom(ATOM_2).papers.map((p) => p.id);

const EXT_ID = 'papersift-test-id';
const tab = (id: number, frameId = 0): SenderLike => ({
  id: EXT_ID,
  url: 'https://arxiv.org/list/cs.LG/pastweek?show=2000',
  tab: { id },
  frameId,
});

const dbs: PaperSiftDB[] = [];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  for (const db of dbs.splice(0)) await db.delete();
});

function setup() {
  const db = new PaperSiftDB(`bga-${crypto.randomUUID()}`);
  dbs.push(db);
  const all: BackgroundEvent[] = [];
  const toTab: { tabId: number; frameId: number | undefined; event: BackgroundEvent }[] = [];
  const broadcast = {
    all: (e: BackgroundEvent) => all.push(e),
    tab: (tabId: number, event: BackgroundEvent, frameId?: number) => toTab.push({ tabId, frameId, event }),
  };
  const fetchCalls: string[] = [];
  const net = { frozen: false };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      fetchCalls.push(url);
      // A worker stopped mid-request: nothing ever comes back, not even an abort.
      if (net.frozen) return new Promise(() => {});
      return { ok: true, status: 200, headers: new Headers(), text: async () => ATOM_2 };
    }),
  );
  const queue = createAbstractQueue(db, broadcast);
  const deps: BackgroundDeps = {
    db,
    extensionId: EXT_ID,
    extensionOrigin: `chrome-extension://${EXT_ID}/`,
    broadcast,
    openReadingList: async () => {},
    now: Date.now,
    abstracts: queue,
    log: () => {},
  };
  const send = (payload: unknown, sender: SenderLike = tab(3)) =>
    handleMessage({ type: 'abstracts.request', payload }, sender, deps) as Promise<
      Result<{ cached: FetchedAbstract[]; queued: number }>
    >;
  const drain = async () => {
    const idle = queue.idle();
    await vi.runAllTimersAsync();
    await idle;
  };
  return { db, all, toTab, fetchCalls, send, drain, queue, broadcast, net };
}

describe('abstracts.request', () => {
  it('queues missing abstracts, pushes results and progress to the asking tab, caches them in Dexie', async () => {
    const { db, toTab, all, fetchCalls, send, drain } = setup();
    // A paper saved earlier from a title-only page gets its abstract when it arrives.
    const savedId = ATOM_2_IDS[0] ?? '';
    await savePaper(
      db,
      {
        id: savedId,
        title: 'Saved from a title-only listing',
        authors: [],
        abstract: '',
        url: `https://arxiv.org/abs/${savedId.slice(6)}`,
        site: 'arxiv',
      },
      [],
    );
    const ids = [...ATOM_2_IDS, 'arxiv:2606.00001'];
    const first = await send({ ids });
    expect(first).toEqual({ ok: true, value: { cached: [], queued: 6 } });
    await drain();

    expect(fetchCalls).toHaveLength(1);
    expect(fetchCalls[0]).toContain('max_results=6');
    expect(toTab.every((t) => t.tabId === 3 && t.frameId === 0)).toBe(true);
    const results = toTab.flatMap((t) => (t.event.type === 'abstracts.result' ? t.event.papers : []));
    expect(results.map((r) => r.id)).toEqual(ATOM_2_IDS);
    expect(toTab.at(-1)?.event).toEqual({
      type: 'abstracts.progress',
      done: 6,
      total: 6,
      failed: 1,
      status: 'done',
    });

    expect(await db.abstracts.count()).toBe(6);
    expect((await getPaper(db, savedId))?.abstract.length).toBeGreaterThan(100);
    expect(all).toContainEqual({ type: 'papers.changed', ids: [savedId] });

    // Revisit from another tab: everything from the cache, no request.
    const again = await send({ ids }, tab(4));
    expect(again.ok && again.value.cached.map((c) => c.id)).toEqual(ATOM_2_IDS);
    expect(again.ok && again.value.queued).toBe(0);
    await drain();
    expect(fetchCalls).toHaveLength(1);
  });

  it('accepts only versionless arXiv ids and requests from a tab', async () => {
    const { send, fetchCalls } = setup();
    expect(await send({ ids: ['arxiv:2401.01234v2'] })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/ids\[0\]: expected a versionless arXiv paper id/),
    });
    expect(await send({ ids: ['arxiv:2401.01234&start=0'] })).toMatchObject({ ok: false });
    expect(await send({ ids: ['openreview:abc'] })).toMatchObject({ ok: false });
    expect(
      await send({ ids: ['arxiv:2401.01234'] }, { id: EXT_ID, url: 'chrome-extension://x/popup.html' }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/from a page in a tab/),
    });
    expect(fetchCalls).toHaveLength(0);
  });

  it('a restarted worker picks up the journal and finishes for the same tab; a stale one is dropped', async () => {
    const first = setup();
    first.net.frozen = true;
    await first.send({ ids: ATOM_2_IDS }, tab(8, 2));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(first.toTab.some((t) => t.event.type === 'abstracts.result')).toBe(false);
    const journal = await getSetting<{ subscribers: { key: string }[] }>(first.db, ABSTRACT_QUEUE_KEY, {
      subscribers: [],
    });
    expect(journal.subscribers.map((s) => s.key)).toEqual(['tab:8:2']);

    // The worker is gone; a fresh one on the same database resumes.
    first.net.frozen = false;
    const restarted = createAbstractQueue(first.db, first.broadcast);
    await resumeAbstractQueue(first.db, restarted, first.broadcast);
    const idle = restarted.idle();
    await vi.runAllTimersAsync();
    await idle;
    const done = first.toTab.filter(
      (t) => t.tabId === 8 && t.frameId === 2 && t.event.type === 'abstracts.result',
    );
    expect(
      done.flatMap((t) => (t.event.type === 'abstracts.result' ? t.event.papers : [])).map((p) => p.id),
    ).toEqual(ATOM_2_IDS);
    expect(first.toTab.at(-1)?.event).toEqual({
      type: 'abstracts.progress',
      done: 5,
      total: 5,
      failed: 0,
      status: 'done',
    });

    await setSetting(first.db, ABSTRACT_QUEUE_KEY, {
      savedAt: Date.now() - 3600_000,
      subscribers: [{ key: 'tab:9:0', waiting: ['arxiv:2606.00002'], total: 1, done: 0, failed: 0 }],
    });
    const calls = first.fetchCalls.length;
    const another = createAbstractQueue(first.db, first.broadcast);
    await resumeAbstractQueue(first.db, another, first.broadcast);
    await vi.runAllTimersAsync();
    expect(first.fetchCalls.length).toBe(calls);
  });
});
