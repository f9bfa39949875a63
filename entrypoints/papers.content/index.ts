/**
 * Content script: pick the site adapter, parse, classify locally, mount the sidebar in an open
 * shadow root, follow SPA navigation and client-side re-renders. Wiring only; the logic lives in
 * controller.ts (state, chunked classification, background sync), host-page.ts (the only host
 * writes) and app.tsx (the sidebar container).
 */
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { type ContentScriptContext, createShadowRootUi, defineContentScript } from '#imports';
import { type ClassifierInput, prepareClassifier } from '../../classifier';
import { send } from '../../lib/messaging';
import { removeSidebarFrame, sidebarFrame } from '../../lib/sidebar-frame';
import type { SiteId } from '../../lib/types';
import { findAdapter, LayoutNotRecognisedError } from './adapters';
import { DEFAULT_SLICE_BUDGET_MS, type ParsedPage, parseSliced } from './adapters/types';
import { ClassifierBridge } from './classifier-bridge';
import { classifierInput, defaultYield, firstAnswers, SidebarController } from './controller';
import { HIDDEN_CLASS, removeHostStyle } from './host-page';
import { mountApp } from './mount';
import { createReparser } from './reparse';
import sidebarCss from './style.css?inline';
import { fetchableAbstracts } from './view-model';

const HOST_TAG = 'papersift-sidebar';
/**
 * Sidebar-only UI preferences (collapsed, "Hide triaged", sort) in extension storage: not user
 * data, so not in the Dexie database; the topic filter is per site in Dexie ('settings.setFilter').
 */
const PREFS_KEY = 'papersift.sidebarPrefs';
interface SidebarPrefs {
  collapsed?: boolean;
  hideTriaged?: boolean;
  sort?: 'page' | 'relevance';
}
/** Papers per background classification request sent while the page is parsed. */
const PREFETCH_BATCH = 250;
/** How long the first classification waits for the user's classifier config before using defaults. */
const CONFIG_WAIT_MS = 150;
/** How long the sidebar waits for its first classified rows before it is shown without them. */
const FIRST_ROWS_WAIT_MS = 150;

export default defineContentScript({
  // arXiv pages are server-rendered: only the supported paths load the script. Hugging Face and
  // OpenReview navigate client-side (a visit may start on /models or the home page and reach
  // /papers without a page load), so the script runs host-wide there and findAdapter decides
  // which pages get a sidebar (issue 4); elsewhere it only listens for navigation.
  matches: [
    'https://arxiv.org/list/*',
    'https://arxiv.org/search/*',
    'https://arxiv.org/abs/*',
    'https://huggingface.co/*',
    'https://openreview.net/*',
  ],
  runAt: 'document_idle',
  // The sidebar's stylesheet is bundled into the script (style.css?inline) and handed to
  // createShadowRootUi as text: with 'ui' WXT fetch()ed it from the extension, and on a
  // 2,000-entry listing that answer waited behind the parse and classification tasks, so the
  // sidebar mounted only after them (issue 6).
  cssInjectionMode: 'manual',

  async main(ctx) {
    // A stale instance (extension reloaded/updated) may have left its host element behind.
    for (const old of document.querySelectorAll(HOST_TAG)) old.remove();
    // A page that gets no sidebar loses the frame frame.content put in at document_start.
    const noSidebar = () => removeSidebarFrame(document);

    let sidebar: Promise<ActiveSidebar | undefined> | undefined;
    let visits = 0;
    /** Shows the sidebar for `url`, or takes it away: unsupported page, or the site switched off. */
    const visit = async (url: URL): Promise<void> => {
      const seq = ++visits;
      const adapter = findAdapter(url);
      const active = sidebar ? await sidebar : undefined;
      if (!adapter) {
        if (active) active.leave();
        else noSidebar();
        return;
      }
      if (!active) {
        // First supported page of this document: the user's config is asked for at once, in
        // parallel with the site switch, so the first classification need not wait twice.
        sidebar = startSidebar(ctx, adapter.site);
        const started = await sidebar;
        if (!started) return noSidebar();
        return void started.show(url, seq === visits);
      }
      const on = await siteEnabled(adapter.site);
      if (seq !== visits) return; // navigated on while asking
      if (on) active.show(url, true);
      else active.leave();
    };
    void visit(new URL(location.href));

    ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl, oldUrl }) => {
      // Section anchors (#item46) change only the hash: same page, nothing to do.
      if (newUrl.href.split('#')[0] === oldUrl.href.split('#')[0]) return;
      void visit(newUrl);
    });
  },
});

/** 'settings.sites' (options page "Sites"); a missing switch, or no answer, means on. */
async function siteEnabled(site: SiteId): Promise<boolean> {
  try {
    const { sites } = await send('settings.sites', {});
    return sites[site] !== false;
  } catch {
    return true;
  }
}

interface ActiveSidebar {
  /** Parse `url` and show its papers (mounting the sidebar if it was taken away). */
  show(url: URL, current: boolean): void;
  /** No sidebar here: every host entry shown again, the sidebar removed, nothing observed. */
  leave(): void;
}

/**
 * Everything the sidebar needs, set up on the first supported page of a document whose site is
 * switched on; undefined (nothing mounted, no host change) when the site is switched off.
 */
async function startSidebar(ctx: ContentScriptContext, site: SiteId): Promise<ActiveSidebar | undefined> {
  // Ask for the user's classifier config first: it arrives while the page is parsed.
  const bridge = new ClassifierBridge(send);
  const configReady = bridge.refresh();
  const enabled = siteEnabled(site);

  const controller = new SidebarController({
    doc: document,
    send,
    classify: bridge.classifier(),
    classifyBatch: bridge.batchClassifier(),
    topics: bridge.topics(),
    api: {
      dismiss: (paper, dismissed) =>
        dismissed
          ? send('papers.dismiss', { paper, topics: [] })
          : send('papers.undismiss', { id: paper.id }),
      correct: async (paper, topic, label) => {
        if (await bridge.correct(paper, topic, label)) reclassify();
      },
      requestAbstracts: async (papers) => {
        // arXiv (export.arxiv.org) and OpenReview (api2.openreview.net) ids; others have no API.
        const { ids, sources } = fetchableAbstracts(papers);
        if (!ids.length) return { cached: [], queued: 0, total: 0, sources };
        const res = await send('abstracts.request', { ids, replace: true });
        return { ...res, total: ids.length, sources };
      },
    },
  });
  const reclassify = () => controller.reclassify(bridge.classifier(), bridge.topics());

  type Parsed = { page: ParsedPage } | { error: LayoutNotRecognisedError } | undefined;
  const tryParse = (url: URL): Parsed => {
    const adapter = findAdapter(url);
    if (!adapter) return undefined;
    try {
      return { page: adapter.parse(document, url) };
    } catch (e) {
      if (e instanceof LayoutNotRecognisedError) return { error: e };
      throw e;
    }
  };
  const show = (parsed: Parsed): void => {
    if (!parsed) controller.deactivate();
    else if ('error' in parsed) controller.showLayoutError(parsed.error.site, parsed.error.kind);
    else {
      controller.load(parsed.page);
      // Earlier corrections of these papers, so they show as the user's and can be undone.
      if (Object.keys(bridge.config.learned ?? {}).length) {
        const ids = parsed.page.entries.map((e) => e.paper.id);
        bridge
          .corrections(ids)
          .then((m) => controller.applyCorrections(m))
          .catch(() => {});
      }
    }
  };
  const parse = (url: URL) => show(tryParse(url));
  /**
   * The first parse of a page, in slices of ~12 ms that yield to the page between them: a
   * 2,000-entry arXiv listing takes 100-250 ms to read, which in one piece would be a long task
   * (issue 6). Results are those of `parse()` (tests/adapters/sliced-parse.test.ts).
   */
  const tryParseSliced = async (url: URL): Promise<Parsed> => {
    const adapter = findAdapter(url);
    if (!adapter) return undefined;
    // Not in the task that evaluated the script: that one already compiled and ran the bundle.
    await defaultYield();
    try {
      const slices = parseSliced(adapter, document, url, { budgetMs: DEFAULT_SLICE_BUDGET_MS });
      // The background classifies what has been read while the rest is (the answers wait in the
      // bridge for the first classification pass).
      let unsent: ClassifierInput[] = [];
      for (;;) {
        const step = slices.next();
        if (!step.done) for (const e of step.value) unsent.push(classifierInput(e.paper));
        if (unsent.length >= PREFETCH_BATCH || (step.done && unsent.length)) {
          bridge.prefetch(unsent);
          unsent = [];
        }
        if (step.done) return { page: step.value };
        await defaultYield();
      }
    } catch (e) {
      if (e instanceof LayoutNotRecognisedError) return { error: e };
      throw e;
    }
  };

  // The stylesheet comes inline (no fetch), so the sidebar mounts right after the parse and its
  // rows appear while the page is classified. Nothing is attached to the page before ui.mount().
  const uiReady = createShadowRootUi(ctx, {
    name: HOST_TAG,
    css: sidebarCss.replaceAll(':root', ':host'),
    position: 'inline',
    // Into the frame reserved at document_start (arXiv), else at the end of the body.
    anchor: () => sidebarFrame(document) ?? document.body,
    append: 'last',
    mode: 'open',
    // Keys typed in the sidebar (j/k/s/…, the search box) never reach the page's own shortcuts.
    isolateEvents: true,
    onMount: (container) =>
      mountApp(container, {
        controller,
        openReadingList: () => void send('readingList.open', {}),
        openUrl: (href) => window.open(href, '_blank', 'noopener'),
        initialCollapsed: prefs.collapsed === true,
        onCollapsedChange: (collapsed) => savePrefs({ collapsed }),
      }),
    onRemove: (container) => {
      if (container) render(null, container);
    },
  });
  uiReady.catch(() => {}); // awaited below; a site switched off never mounts it

  const prefsReady: Promise<SidebarPrefs> = browser.storage.local
    .get(PREFS_KEY)
    .then((r) => ((r as Record<string, unknown>)[PREFS_KEY] ?? {}) as SidebarPrefs)
    .catch(() => ({}));

  // The built-in rules are compiled in a task of their own while the page is parsed (not inside
  // the first classification chunk). Parse before anything else is awaited; classify once the
  // config is in (or has taken too long).
  void defaultYield().then(prepareClassifier);
  const firstHref = location.href;
  const firstParse = tryParseSliced(new URL(firstHref));
  const inTime = await Promise.race([
    configReady.then(() => true),
    new Promise<false>((r) => setTimeout(() => r(false), CONFIG_WAIT_MS)),
  ]);
  if (!(await enabled) || ctx.isInvalid) return undefined;
  const prefs = await prefsReady;
  const first = await firstParse;
  // The last parse slice, taking in the page and mounting the sidebar are three tasks, not one
  // (together 50-60 ms on a slow machine, issue 6).
  await defaultYield();
  if (ctx.isInvalid) return undefined;
  controller.reclassify(bridge.classifier(), bridge.topics());
  if (prefs.hideTriaged) controller.setHideTriaged(true);
  if (prefs.sort === 'relevance') controller.setSort('relevance');
  show(first);
  const savePrefs = (patch: SidebarPrefs) => {
    Object.assign(prefs, patch);
    browser.storage.local.set({ [PREFS_KEY]: prefs }).catch(() => {});
  };
  // The toolbar button's badge: papers of this page with at least one of the user's topics.
  let badgeCount: number | undefined;
  controller.subscribe((st) => {
    if (st.views.length && st.classified >= st.views.length) {
      const count = st.views.reduce((n, v) => n + (v.topics.length ? 1 : 0), 0);
      if (count !== badgeCount) {
        badgeCount = count;
        send('page.matches', { count }).catch(() => {});
      }
    }
  });
  controller.subscribe((st) => {
    if (st.hideTriaged !== (prefs.hideTriaged ?? false) || st.sort !== (prefs.sort ?? 'page'))
      savePrefs({ hideTriaged: st.hideTriaged, sort: st.sort });
  });
  if (!inTime) void configReady.then((changed) => changed && reclassify());

  const ui = await uiReady;
  // The sidebar appears with its first rows: one render and one frame for both, not the empty
  // sidebar first and its rows a frame later (a 2,000-entry page's answers are in by now, asked
  // for while it was parsed).
  await firstAnswers(controller, FIRST_ROWS_WAIT_MS);
  await defaultYield();
  if (ctx.isInvalid) return undefined;
  ui.mount();

  const onMessage = (msg: unknown) => {
    if ((msg as { type?: unknown } | null)?.type === 'classifier.changed') {
      void bridge.refresh().then((changed) => changed && reclassify());
    } else controller.handleMessage(msg);
    return undefined; // a broadcast: no answer, so the sender is not kept waiting
  };
  browser.runtime.onMessage.addListener(onMessage);

  const reparser = createReparser({
    target: document.body,
    ownClass: HIDDEN_CLASS,
    ignore: (node) => node instanceof Element && node.localName === HOST_TAG,
    reparse: () => parse(new URL(location.href)),
    setTimeout: (fn, ms) => ctx.setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id),
  });
  // Client-rendered pages (OpenReview, Hugging Face) fill in after document_idle and re-render on
  // their own; arXiv pages are static, so they are not observed.
  if (site !== 'arxiv') reparser.observe();

  ctx.onInvalidated(() => {
    reparser.disconnect();
    browser.runtime.onMessage.removeListener(onMessage);
    controller.destroy();
    removeHostStyle(document);
  });

  /** The page on show (parsed above, before the config arrived); undefined once the sidebar left. */
  let shown: string | undefined = firstHref;
  return {
    show(url, current) {
      if (!current) return;
      if (!ui.mounted) ui.mount();
      if (url.href === shown) return;
      shown = url.href;
      // The Navigation API reports the change before the new content renders: parse now, and
      // again once the DOM settles.
      parse(url);
      reparser.schedule();
      if (findAdapter(url)?.site !== 'arxiv') reparser.observe();
    },
    leave() {
      shown = undefined;
      reparser.disconnect();
      controller.deactivate();
      if (ui.mounted) ui.remove();
      removeSidebarFrame(document);
    },
  };
}
