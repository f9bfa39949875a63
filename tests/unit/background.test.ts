import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBroadcaster, openReadingList } from '../../entrypoints/background/broadcast';
import type { BackgroundDeps, ExtensionApi, SenderLike, TabLike } from '../../entrypoints/background/deps';
import { handleMessage } from '../../entrypoints/background/handle-message';
import { main } from '../../entrypoints/background/main';
import { type BackgroundEvent, isBackgroundEvent, type Result } from '../../lib/protocol';
import type { Paper } from '../../lib/types';
import { PaperSiftDB } from '../../storage/db';
import { getPaper, savePaper } from '../../storage/papers';
import { backgroundHarness, contentScriptAt, EXT_ID, extensionPage, ORIGIN } from './background-harness';

const contentScript: SenderLike = { ...contentScriptAt(undefined, 7), frameId: 0 };
const readingListPage: SenderLike = { ...extensionPage('reading-list.html'), tab: { id: 9 } };

function setup(overrides: Partial<BackgroundDeps> = {}) {
  const { db, deps, events, tabEvents, attempt } = backgroundHarness({ overrides, sender: contentScript });
  return { db, deps, events, tabEvents, send: attempt };
}

function paper(n: number, over: Partial<Paper> = {}): Paper {
  const aid = `2609.${String(20000 + n)}`;
  return {
    id: `arxiv:${aid}`,
    title: `Pruning large language models ${n}`,
    authors: ['B. Author'],
    abstract: '',
    url: `https://arxiv.org/abs/${aid}`,
    site: 'arxiv',
    ...over,
  };
}

const expectError = (r: Result<unknown>, pattern: RegExp) => {
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error).toMatch(pattern);
};

describe('handleMessage: who may send what', () => {
  it('refuses messages from another extension or with no sender id', async () => {
    const { send, db } = setup();
    const msg = { paper: paper(1), topics: [] };
    expectError(
      await send('papers.save', msg, { ...contentScript, id: 'evil-extension' }),
      /only from PaperSift/,
    );
    expectError(await send('papers.save', msg, {}), /only from PaperSift/);
    expect(await db.papers.count()).toBe(0);
  });

  it('rejects malformed messages with a message naming the problem, and never throws', async () => {
    const { deps, db } = setup();
    const cases: [unknown, RegExp][] = [
      [null, /expected an object/],
      ['papers.save', /expected an object/],
      [{ type: 'papers.drop' }, /unknown message type "papers.drop"/],
      [{ type: 'papers.save', payload: { paper: { id: 'x' } } }, /payload\.paper\.id: expected a paper id/],
      [
        { type: 'papers.save', payload: { paper: paper(1, { title: '  ' }), topics: [] } },
        /title: must not be empty/,
      ],
      [
        { type: 'papers.save', payload: { paper: paper(1, { url: 'javascript:alert(1)' }), topics: [] } },
        /url: expected an https URL/,
      ],
      [
        { type: 'papers.save', payload: { paper: paper(1), topics: ['<b>'] } },
        /topics\[0\]: expected a topic id/,
      ],
      [{ type: 'papers.state', payload: { ids: 'arxiv:1' } }, /ids: expected an array/],
      [{ type: 'settings.get', payload: { site: 'example.com' } }, /site: unknown site/],
      [{ type: 'papers.update', payload: { id: paper(1).id, edit: {} } }, /edit: nothing to change/],
      [
        { type: 'papers.update', payload: { id: paper(1).id, edit: { status: 'later' } } },
        /status: expected one of/,
      ],
    ];
    for (const [raw, pattern] of cases) expectError(await handleMessage(raw, contentScript, deps), pattern);
    expect(await db.papers.count()).toBe(0);
  });

  it('rejects oversized arrays with a clear limit', async () => {
    const { send } = setup();
    const ids = Array.from({ length: 5001 }, (_, i) => `arxiv:2609.${String(i).padStart(5, '0')}`);
    expectError(await send('papers.state', { ids }), /payload\.ids: expected an array of at most 5000 items/);
    expectError(
      await send('papers.save', { paper: paper(1), topics: Array.from({ length: 65 }, () => 'moe') }),
      /at most 64/,
    );
  });

  it('keeps whole-list operations to extension pages', async () => {
    const { send, db } = setup();
    await savePaper(db, paper(1), []);
    expectError(await send('papers.bulkRemove', { ids: [paper(1).id] }), /PaperSift's own pages only/);
    expect(await db.papers.count()).toBe(1);
    // A page on another origin that merely contains the extension URL is still a content script.
    const sneaky = { ...contentScript, url: `https://arxiv.org/?next=${ORIGIN}` };
    expectError(await send('papers.bulkRemove', { ids: [paper(1).id] }, sneaky), /own pages only/);
    const ok = await send('papers.bulkRemove', { ids: [paper(1).id] }, readingListPage);
    expect(ok.ok).toBe(true);
    expect(await db.papers.count()).toBe(0);
  });

  it('a full disk answers with the quota message, broadcasts nothing and keeps saved papers', async () => {
    const { send, db, events } = setup();
    let full = false;
    db.use({
      stack: 'dbcore',
      name: 'full-disk',
      create: (down) => ({
        ...down,
        table: (name) => {
          const t = down.table(name);
          return {
            ...t,
            mutate: (req) =>
              full ? Promise.reject(new DOMException('Quota exceeded', 'QuotaExceededError')) : t.mutate(req),
          };
        },
      }),
    });
    await send('papers.save', { paper: paper(1), topics: [] });
    events.length = 0;
    full = true;
    const r = await send('papers.save', { paper: paper(2), topics: [] });
    expectError(r, /storage for this extension is full.*Nothing already saved was lost/);
    expect(events).toEqual([]);
    full = false;
    expect((await db.papers.toArray()).map((p) => p.id)).toEqual([paper(1).id]);
  });

  it('papers.notifyChanged relays direct writes of extension pages to the content scripts', async () => {
    const { send, events } = setup();
    expectError(await send('papers.notifyChanged', { ids: [paper(1).id] }), /own pages only/);
    const ok = await send('papers.notifyChanged', { ids: [paper(1).id, paper(1).id] }, readingListPage);
    expect(ok.ok).toBe(true);
    expect(events).toEqual([{ type: 'papers.changed', ids: [paper(1).id] }]);
  });

  it('turns storage failures into a readable error instead of throwing', async () => {
    const { send } = setup();
    expectError(
      await send('papers.update', { id: paper(1).id, edit: { status: 'read' } }),
      /Not in the reading list/,
    );
  });
});

describe('handleMessage: papers and settings', () => {
  it('saves, reports state for the asked ids only, and broadcasts after the write', async () => {
    const { send, db, events, deps } = setup();
    let seenAtBroadcast: unknown;
    deps.broadcast.all = (e) => {
      events.push(e);
      seenAtBroadcast = getPaper(db, paper(1).id);
    };
    const r = await send('papers.save', { paper: paper(1), topics: ['pruning'] });
    expect(r).toEqual({ ok: true, value: { ok: true } });
    expect(events).toEqual([{ type: 'papers.changed', ids: [paper(1).id] }]);
    expect(await seenAtBroadcast).toMatchObject({ id: paper(1).id, topics: ['pruning'] });

    await send('papers.save', { paper: paper(2), topics: [] });
    await send('papers.dismiss', { paper: paper(3), topics: [] });
    const state = await send('papers.state', { ids: [paper(1).id, paper(3).id, paper(4).id] });
    expect(state).toEqual({ ok: true, value: { saved: [paper(1).id], dismissed: [paper(3).id] } });
  });

  it('removes and edits, broadcasting each change; a no-op remove broadcasts nothing', async () => {
    const { send, db, events } = setup();
    await send('papers.save', { paper: paper(1), topics: [] });
    events.length = 0;
    await send('papers.update', { id: paper(1).id, edit: { status: 'read', tags: ['x'], starred: true } });
    expect(await getPaper(db, paper(1).id)).toMatchObject({ status: 'read', tags: ['x'], starred: true });
    await send('papers.remove', { id: paper(1).id });
    await send('papers.remove', { id: paper(1).id });
    expect(events).toEqual([
      { type: 'papers.changed', ids: [paper(1).id] },
      { type: 'papers.changed', ids: [paper(1).id] },
    ]);
  });

  it('bulk update and remove + restore (undo) from the reading list', async () => {
    const { send, db, events } = setup();
    for (let i = 1; i <= 3; i++) await send('papers.save', { paper: paper(i), topics: ['moe'] });
    const ids = [1, 2, 3].map((i) => paper(i).id);
    const upd = await send('papers.bulkUpdate', { ids, edit: { addTags: ['batch'] } }, readingListPage);
    expect(upd).toEqual({ ok: true, value: { count: 3 } });
    const removed = await send('papers.bulkRemove', { ids: ids.slice(0, 2) }, readingListPage);
    expect(removed.ok && (removed.value as { removed: unknown[] }).removed).toHaveLength(2);
    expect(await db.papers.count()).toBe(1);
    const restore = await send(
      'papers.restore',
      { papers: removed.ok ? (removed.value as { removed: unknown[] }).removed : [] },
      readingListPage,
    );
    expect(restore.ok).toBe(true);
    expect((await db.papers.toArray()).every((p) => p.tags.includes('batch'))).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'papers.changed', ids: ids.slice(0, 2) });
  });

  it('keeps the topic filter per site', async () => {
    const { send } = setup();
    expect(await send('settings.get', { site: 'arxiv' })).toEqual({ ok: true, value: { filter: [] } });
    await send('settings.setFilter', { site: 'arxiv', filter: ['moe'] });
    expect(await send('settings.get', { site: 'arxiv' })).toEqual({ ok: true, value: { filter: ['moe'] } });
    expect(await send('settings.get', { site: 'huggingface' })).toEqual({ ok: true, value: { filter: [] } });
  });

  it('readingList.open delegates to the opener', async () => {
    const { send, deps } = setup();
    expect(await send('readingList.open', undefined)).toEqual({ ok: true, value: { ok: true } });
    expect(deps.openReadingList).toHaveBeenCalledOnce();
  });
});

describe('five tabs at once', () => {
  it('every change is present and none is doubled', async () => {
    const { send, db } = setup();
    const shared = paper(100);
    const tabs = [1, 2, 3, 4, 5].map((t) => ({ ...contentScript, tab: { id: t } }));
    await Promise.all(
      tabs.map(async (sender, t) => {
        // Every tab saves the shared paper (seen on different sites) and its own papers, then edits.
        const site = t % 2 ? 'huggingface' : 'arxiv';
        const results = await Promise.all([
          send('papers.save', { paper: { ...shared, site }, topics: ['moe'] }, sender),
          ...[0, 1, 2].map((k) => send('papers.save', { paper: paper(t * 10 + k), topics: [] }, sender)),
        ]);
        expect(results.every((r) => r.ok)).toBe(true);
        await send('papers.update', { id: shared.id, edit: { addTags: [`tab-${t}`] } }, sender);
        await send('papers.update', { id: paper(t * 10).id, edit: { notes: `note from tab ${t}` } }, sender);
      }),
    );
    const all = await db.papers.toArray();
    expect(all).toHaveLength(1 + 5 * 3);
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
    const rec = all.find((p) => p.id === shared.id);
    expect(new Set(rec?.tags)).toEqual(new Set(['tab-0', 'tab-1', 'tab-2', 'tab-3', 'tab-4']));
    expect(rec?.tags).toHaveLength(5);
    expect(rec?.sites.sort()).toEqual(['arxiv', 'huggingface']);
    for (let t = 0; t < 5; t++)
      expect((await getPaper(db, paper(t * 10).id))?.notes).toBe(`note from tab ${t}`);
  });
});

function fakeApi(tabs: TabLike[]) {
  const sent: { tabId: number; message: unknown }[] = [];
  const runtimeSent: unknown[] = [];
  const api: ExtensionApi = {
    runtime: {
      id: EXT_ID,
      getURL: (p) => `${ORIGIN}${p.replace(/^\//, '')}`,
      sendMessage: async (m) => {
        runtimeSent.push(m);
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
      onMessage: { addListener: () => {} },
    },
    tabs: {
      query: async () => tabs,
      sendMessage: async (tabId, message) => {
        if (tabId === 2) throw new Error('Receiving end does not exist.');
        sent.push({ tabId, message });
        return undefined;
      },
      create: vi.fn(async (p: { url: string }) => ({ id: 99, url: p.url })),
      update: vi.fn(async (id: number) => ({ id })),
    },
    windows: { update: vi.fn(async () => ({})) },
  };
  return { api, sent, runtimeSent };
}

describe('broadcast and reading list tab', () => {
  it('sends to every tab and extension pages (once each), ignoring tabs without our content script', async () => {
    const { api, sent, runtimeSent } = fakeApi([
      { id: 1 },
      { id: 2 },
      { id: 3, url: 'https://arxiv.org/list/cs.LG/new' },
      { id: 4, url: `${ORIGIN}reading-list.html` },
      {},
    ]);
    const event: BackgroundEvent = { type: 'papers.changed', ids: ['arxiv:2609.00001'] };
    createBroadcaster(api).all(event);
    await vi.waitFor(() => expect(sent.map((s) => s.tabId)).toEqual([1, 3]));
    expect(runtimeSent).toEqual([event]);
    expect(isBackgroundEvent(event)).toBe(true);
    expect(isBackgroundEvent({ type: 'papers.save', payload: {} })).toBe(false);
  });

  it('opens the reading list once, then focuses the open tab', async () => {
    const empty = fakeApi([{ id: 1, url: 'https://arxiv.org/list/cs.LG/new' }]);
    await openReadingList(empty.api);
    expect(empty.api.tabs.create).toHaveBeenCalledWith({ url: `${ORIGIN}reading-list.html`, active: true });

    const open = fakeApi([{ id: 5, windowId: 2, url: `${ORIGIN}reading-list.html#tag=x` }]);
    await openReadingList(open.api);
    expect(open.api.tabs.create).not.toHaveBeenCalled();
    expect(open.api.tabs.update).toHaveBeenCalledWith(5, { active: true });
    expect(open.api.windows?.update).toHaveBeenCalledWith(2, { focused: true });
  });
});

describe('main() wiring', () => {
  afterEach(() => fakeBrowser.reset());

  it('registers the listener synchronously and answers through it', async () => {
    const db = new PaperSiftDB(`bg-${crypto.randomUUID()}`);
    onTestFinished(() => db.delete());
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
    main(fakeBrowser as unknown as ExtensionApi, db);
    expect(fakeBrowser.runtime.onMessage.hasListeners()).toBe(true);
    const sender = { id: fakeBrowser.runtime.id, url: 'https://arxiv.org/list/cs.LG/new' };
    const [res] = await fakeBrowser.runtime.onMessage.trigger(
      { type: 'papers.save', payload: { paper: paper(1), topics: [] } },
      sender,
      () => {},
    );
    expect(res).toEqual({ ok: true, value: { ok: true } });
    expect(await db.papers.count()).toBe(1);
    const [refused] = await fakeBrowser.runtime.onMessage.trigger(
      { type: 'papers.state', payload: { ids: [] } },
      {},
      () => {},
    );
    expect(refused).toMatchObject({ ok: false });
  });
});
