/**
 * `abstracts.request` for every site kind, through handleMessage with the real wiring
 * (createAbstractService: arXiv + OpenReview queues, Dexie cache), fetch stubbed by URL:
 *  - an OpenReview venue page (constructed fixture) asks for its forum ids: api2.openreview.net
 *    `/notes?ids=` answers, abstracts reach the tab and the cache, a saved title-only copy is filled;
 *  - a Hugging Face page whose embedded data is missing (cards only) yields arXiv ids, which go
 *    to the arXiv API like any title-only arXiv listing.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackgroundDeps, SenderLike } from '../../entrypoints/background/deps';
import { handleMessage } from '../../entrypoints/background/handle-message';
import {
  createAbstractService,
  OPENREVIEW_QUEUE_KEY,
  resumeAbstractService,
} from '../../entrypoints/background/main';
import { parseHfPapers } from '../../entrypoints/papers.content/adapters/huggingface-papers';
import { parseOpenReviewGroup } from '../../entrypoints/papers.content/adapters/openreview-group';
import type { BackgroundEvent, FetchedAbstract, Result } from '../../lib/protocol';
import { PaperSiftDB } from '../../storage/db';
import { getPaper, savePaper } from '../../storage/papers';
import { getSetting } from '../../storage/settings';

const fixture = (name: string) => readFileSync(resolve(process.cwd(), 'tests/fixtures/pages', name), 'utf8');
const NOTES = fixture('openreview-api-notes-constructed.json');
const EXT_ID = 'papersift-sites';

const dbs: PaperSiftDB[] = [];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  for (const db of dbs.splice(0)) await db.delete();
});

function feedFor(arxivIds: readonly string[]): string {
  const entries = arxivIds
    .map(
      (a) =>
        `<entry><id>http://arxiv.org/abs/${a}v1</id><title>Paper ${a}</title><summary>Abstract of ${a}.</summary><author><name>A. Writer</name></author></entry>`,
    )
    .join('');
  return `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">${entries}</feed>`;
}

function setup() {
  const db = new PaperSiftDB(`sites-${crypto.randomUUID()}`);
  dbs.push(db);
  const all: BackgroundEvent[] = [];
  const toTab: { tabId: number; event: BackgroundEvent }[] = [];
  const broadcast = {
    all: (e: BackgroundEvent) => all.push(e),
    tab: (tabId: number, event: BackgroundEvent) => toTab.push({ tabId, event }),
  };
  const urls: string[] = [];
  const net = { frozen: false };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      urls.push(url);
      if (net.frozen) return new Promise(() => {});
      const u = new URL(url);
      const body =
        u.hostname === 'api2.openreview.net'
          ? NOTES
          : feedFor((u.searchParams.get('id_list') ?? '').split(','));
      return { ok: true, status: 200, headers: new Headers(), text: async () => body };
    }),
  );
  const service = createAbstractService(db, broadcast);
  const deps: BackgroundDeps = {
    db,
    extensionId: EXT_ID,
    extensionOrigin: `chrome-extension://${EXT_ID}/`,
    broadcast,
    openReadingList: async () => {},
    now: Date.now,
    abstracts: service,
    log: () => {},
  };
  const tab = (id: number, url: string): SenderLike => ({ id: EXT_ID, url, tab: { id }, frameId: 0 });
  const request = (ids: string[], sender: SenderLike) =>
    handleMessage({ type: 'abstracts.request', payload: { ids, replace: true } }, sender, deps) as Promise<
      Result<{ cached: FetchedAbstract[]; queued: number }>
    >;
  const drain = async () => {
    const idle = service.idle();
    await vi.runAllTimersAsync();
    await idle;
  };
  const results = (tabId: number) =>
    toTab.flatMap((t) => (t.tabId === tabId && t.event.type === 'abstracts.result' ? t.event.papers : []));
  const lastProgress = (tabId: number) =>
    toTab.filter((t) => t.tabId === tabId && t.event.type === 'abstracts.progress').at(-1)?.event;
  return { db, all, toTab, urls, request, drain, results, lastProgress, broadcast, net, service, tab };
}

const OR_URL = 'https://openreview.net/group?id=ICLR.cc/2025/Conference';

describe('OpenReview venue page', () => {
  it("fetches the page's abstracts from api2.openreview.net, caches them and fills a saved copy", async () => {
    const s = setup();
    const doc = new DOMParser().parseFromString(fixture('openreview-group-constructed.html'), 'text/html');
    const page = parseOpenReviewGroup(doc, new URL(OR_URL));
    const ids = page.entries.filter((e) => !e.paper.abstract).map((e) => e.paper.id);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    expect(ids.every((id) => id.startsWith('openreview:'))).toBe(true);
    // Saved from the page before its abstract arrived.
    const first = page.entries.find((e) =>
      NOTES.includes(`"${e.paper.id.slice('openreview:'.length)}"`),
    )?.paper;
    if (!first) throw new Error('fixture has no entries');
    await savePaper(s.db, first, [], 1);

    const res = await s.request(ids, s.tab(11, OR_URL) as SenderLike);
    expect(res).toEqual({ ok: true, value: { cached: [], queued: ids.length } });
    await s.drain();
    expect(s.urls).toHaveLength(1);
    const u = new URL(s.urls[0] ?? '');
    expect(`${u.origin}${u.pathname}`).toBe('https://api2.openreview.net/notes');
    expect(u.searchParams.get('ids')?.split(',').sort()).toEqual(
      ids.map((i) => i.slice('openreview:'.length)).sort(),
    );
    const got = s.results(11);
    const inNotes = JSON.parse(NOTES).notes.map((n: { id: string }) => `openreview:${n.id}`) as string[];
    expect(got.map((p) => p.id).sort()).toEqual(ids.filter((i) => inNotes.includes(i)).sort());
    expect(got.every((p) => p.abstract.length > 0)).toBe(true);
    expect(s.lastProgress(11)).toMatchObject({
      type: 'abstracts.progress',
      done: ids.length,
      total: ids.length,
      status: 'done',
    });
    // The saved copy got its abstract, and the tabs were told.
    expect(inNotes).toContain(first.id);
    expect((await getPaper(s.db, first.id))?.abstract).not.toBe('');
    expect(s.all).toContainEqual({ type: 'papers.changed', ids: [first.id] });
    // A revisit costs no request.
    const again = await s.request(ids, s.tab(12, OR_URL) as SenderLike);
    expect(again.ok && again.value.cached.length).toBe(got.length);
    await s.drain();
    expect(s.urls).toHaveLength(1);
  });

  it('a worker stopped mid-request carries on for the same tab from the OpenReview journal', async () => {
    const s = setup();
    s.net.frozen = true;
    await s.request(['openreview:B3vTn9LsQ4', 'openreview:C8dHy1ZeR6'], s.tab(21, OR_URL) as SenderLike);
    await vi.advanceTimersByTimeAsync(5_000);
    const journal = await getSetting<{ subscribers: { key: string }[] } | undefined>(
      s.db,
      OPENREVIEW_QUEUE_KEY,
      undefined,
    );
    expect(journal?.subscribers.map((x) => x.key)).toEqual(['tab:21:0']);
    s.net.frozen = false;
    const restarted = createAbstractService(s.db, s.broadcast);
    await resumeAbstractService(s.db, restarted, s.broadcast);
    const idle = restarted.idle();
    await vi.runAllTimersAsync();
    await idle;
    expect(
      s
        .results(21)
        .map((p) => p.id)
        .sort(),
    ).toEqual(['openreview:B3vTn9LsQ4', 'openreview:C8dHy1ZeR6']);
    expect(s.lastProgress(21)).toMatchObject({ done: 2, total: 2, status: 'done' });
  });
});

describe('Hugging Face page without embedded abstracts', () => {
  it('its papers carry arXiv ids, which go through the arXiv queue', async () => {
    const s = setup();
    const html = fixture('hf-papers-daily-1.html').replace(/\sdata-props="[^"]*"/g, '');
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const page = parseHfPapers(doc, new URL('https://huggingface.co/papers'));
    expect(page.titleOnly).toBe(true);
    const ids = page.entries.filter((e) => !e.paper.abstract).map((e) => e.paper.id);
    expect(ids).toHaveLength(13);
    expect(ids.every((id) => /^arxiv:\d{4}\.\d{4,5}$/.test(id))).toBe(true);
    const res = await s.request(ids, s.tab(31, 'https://huggingface.co/papers') as SenderLike);
    expect(res.ok && res.value.queued).toBe(13);
    await s.drain();
    expect(s.urls.map((x) => new URL(x).hostname)).toEqual(['export.arxiv.org']);
    expect(
      s
        .results(31)
        .map((p) => p.id)
        .sort(),
    ).toEqual([...ids].sort());
    expect(s.lastProgress(31)).toMatchObject({ done: 13, total: 13, failed: 0, status: 'done' });
  });
});
