/**
 * Parts 2 and 3: the built extension on 2,000-entry arXiv listings (bench/pages.ts), against the
 * same page in the same Chromium without the extension, plus a topic-filter toggle.
 */
import type { Locator, Page } from '@playwright/test';
import { type Browser, heap, routeHtml } from './browser';
import {
  installListingProbe,
  installToggleProbe,
  type ListingResult,
  readListingProbe,
  type ToggleProbe,
} from './page-probes';
import type { BuiltPage } from './pages';
import { measured, median, type Row, unavailable } from './report';
import { describeTrace, type TraceSummary, traceDuring } from './trace';

const MB = 1024 * 1024;
/** Long tasks are collected up to this long after ready (or after load without the extension). */
const SETTLE_MS = 1000;
const READY_TIMEOUT_MS = 30_000;

interface Run {
  /** ms from navigation start: ready (with ext) or load event end (without). */
  at: number;
  load: number;
  dcl: number;
  longest: number;
  over50: number;
  heapMB: number;
  heapNoGcMB: number;
  nodes: number;
  items: number;
  chips: number;
  mountedAt: number | null;
  marker: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function open(b: Browser, built: BuiltPage, withExt: boolean): Promise<{ page: Page; run: Run }> {
  const page = await b.context.newPage();
  await page.addInitScript(installListingProbe, built.count);
  await page.goto(built.url, { waitUntil: 'load', timeout: 60_000 });
  if (withExt) {
    try {
      await page.waitForFunction(() => window.__bench?.readyAt != null, undefined, {
        timeout: READY_TIMEOUT_MS,
        polling: 100,
      });
    } catch {
      const r = await page.evaluate(readListingProbe);
      await page.close();
      throw new Error(
        `sidebar not ready within ${READY_TIMEOUT_MS / 1000} s (mounted: ${r.probe.mountedAt !== null}, ` +
          `listitems ${r.probe.items}/${built.count}, chips ${r.probe.chips}, marker "${r.probe.marker}")`,
      );
    }
  }
  const end = withExt ? ((await page.evaluate(readListingProbe)).probe.readyAt ?? 0) : 0;
  await page.waitForFunction(
    (until) => performance.now() > until,
    (withExt ? end : (await page.evaluate(readListingProbe)).loadEventEnd) + SETTLE_MS,
  );
  const result: ListingResult = await page.evaluate(readListingProbe);
  const h = await heap(page);
  const limit = (withExt ? (result.probe.readyAt ?? 0) : result.loadEventEnd) + SETTLE_MS;
  const tasks = result.probe.longtasks.filter((t) => t.start <= limit);
  return {
    page,
    run: {
      at: withExt ? (result.probe.readyAt ?? Number.NaN) : result.loadEventEnd,
      load: result.loadEventEnd,
      dcl: result.domContentLoaded,
      longest: Math.max(0, ...tasks.map((t) => t.duration)),
      over50: tasks.filter((t) => t.duration > 50).length,
      heapMB: h.jsHeapUsed / MB,
      heapNoGcMB: h.jsHeapUsedNoGc / MB,
      nodes: h.nodes,
      items: result.probe.items,
      chips: result.probe.chips,
      mountedAt: result.probe.mountedAt,
      marker: result.probe.marker,
    },
  };
}

export interface ListingOptions {
  runs: number;
  /** Also measure the filter toggle on this page. */
  toggle: boolean;
}

export async function benchListing(
  section: string,
  built: BuiltPage,
  ext: Browser,
  plain: Browser,
  opts: ListingOptions,
): Promise<Row[]> {
  await routeHtml(ext.context, built.url, built.html);
  await routeHtml(plain.context, built.url, built.html);
  const withRuns: Run[] = [];
  const withoutRuns: Run[] = [];
  let lastPage: Page | null = null;
  let failure: string | null = null;
  // Interleaved (without, with, without, with…) so drift of a noisy machine hits both alike.
  for (let i = 0; i < opts.runs; i++) {
    const a = await open(plain, built, false);
    withoutRuns.push(a.run);
    await a.page.close();
    try {
      const b = await open(ext, built, true);
      withRuns.push(b.run);
      if (lastPage) await lastPage.close();
      lastPage = b.page;
    } catch (e) {
      failure = (e as Error).message;
      break;
    }
  }
  const rows: Row[] = [];
  const base = (name: string, pick: (r: Run) => number) => ({ name, samples: withoutRuns.map(pick) });
  const kb = `${Math.round(built.html.length / 1024)} KB HTML`;
  if (failure || withRuns.length === 0) {
    rows.push(
      unavailable(section, 'nav → sidebar ready (all papers + chips)', 'ms', failure ?? 'no run', {
        kind: 'max',
        value: 250,
        on: 'delta',
      }),
    );
    rows.push(
      measured(
        section,
        'page load event, no extension',
        'ms',
        withoutRuns.map((r) => r.load),
        { note: kb },
      ),
    );
    await lastPage?.close();
    return rows;
  }
  const last = withRuns[withRuns.length - 1] as Run;
  rows.push(
    measured(
      section,
      'nav → sidebar ready (all papers + chips)',
      'ms',
      withRuns.map((r) => r.at),
      {
        baseline: base('load, no ext', (r) => r.load),
        goal: { kind: 'max', value: 250, on: 'delta' },
        note:
          `${kb}; ready = first animation frame with ${last.items} sidebar listitems and ${last.chips} chips` +
          `${last.marker ? ` (marker "${last.marker}")` : ''}; sidebar mounted at ${Math.round(last.mountedAt ?? 0)} ms` +
          ` (last run); added = ${Math.round(median(withRuns.map((r) => r.at)) - median(withoutRuns.map((r) => r.load)))} ms`,
      },
    ),
  );
  rows.push(
    measured(
      section,
      'page load event, with extension',
      'ms',
      withRuns.map((r) => r.load),
      {
        baseline: base('no ext', (r) => r.load),
      },
    ),
  );
  rows.push(
    measured(
      section,
      "sidebar ready after the page's own load event (same page)",
      'ms',
      withRuns.map((r) => r.at - r.load),
      {
        goal: { kind: 'max', value: 250 },
        note: 'per run, ready − loadEventEnd in the same tab: what the extension adds after the page has loaded, free of the run-to-run noise of the page load itself',
      },
    ),
  );
  rows.push(
    measured(
      section,
      'longest main-thread task (nav → ready + 1 s)',
      'ms',
      withRuns.map((r) => r.longest),
      {
        baseline: base('no ext, nav → load + 1 s', (r) => r.longest),
        goal: { kind: 'max', value: 50 },
        note: `tasks > 50 ms per run: with ext ${withRuns.map((r) => r.over50).join('/')}, without ${withoutRuns.map((r) => r.over50).join('/')}`,
      },
    ),
  );
  rows.push(
    measured(
      section,
      'JS heap used after GC (page + content script)',
      'MB',
      withRuns.map((r) => r.heapMB),
      {
        baseline: base('no ext', (r) => r.heapMB),
        goal: { kind: 'max', value: 30, on: 'delta' },
        note: `added = ${(median(withRuns.map((r) => r.heapMB)) - median(withoutRuns.map((r) => r.heapMB))).toFixed(1)} MB`,
      },
    ),
  );
  rows.push(
    measured(
      section,
      'JS heap used, no forced GC',
      'MB',
      withRuns.map((r) => r.heapNoGcMB),
      {
        baseline: base('no ext', (r) => r.heapNoGcMB),
      },
    ),
  );
  rows.push(
    measured(
      section,
      'DOM nodes (page + shadow tree)',
      'nodes',
      withRuns.map((r) => r.nodes),
      {
        baseline: base('no ext', (r) => r.nodes),
      },
    ),
  );
  if (opts.toggle && lastPage) rows.push(...(await benchToggle(section, lastPage, opts.runs)));
  await lastPage?.close();
  rows.push(...(await traceLoad(section, ext, plain, built)));
  return rows;
}

/** One more load with the extension, traced, to attribute the main-thread time. */
async function tracePlainLoad(plain: Browser, built: BuiltPage): Promise<TraceSummary | null> {
  const page = await plain.context.newPage();
  try {
    return await traceDuring(
      page,
      async () => {
        await page.goto(built.url, { waitUntil: 'load', timeout: 60_000 });
        await sleep(SETTLE_MS);
      },
      { navigates: true },
    );
  } catch {
    return null;
  } finally {
    await page.close();
  }
}

const styleLayout = (s: TraceSummary) =>
  Object.entries(s.byKind)
    .filter(([k]) => /^(style|layout)/.test(k))
    .reduce((n, [, ms]) => n + ms, 0);

async function traceLoad(section: string, ext: Browser, plain: Browser, built: BuiltPage): Promise<Row[]> {
  const base = await tracePlainLoad(plain, built);
  const page = await ext.context.newPage();
  await page.addInitScript(installListingProbe, built.count);
  try {
    const sum = await traceDuring(
      page,
      async () => {
        await page.goto(built.url, { waitUntil: 'load', timeout: 60_000 });
        await page.waitForFunction(() => window.__bench?.readyAt != null, undefined, {
          timeout: READY_TIMEOUT_MS,
          polling: 100,
        });
      },
      { navigates: true },
    );
    const withExt = sum.longTasks.filter((t) => t.extensionScriptMs > 0);
    const ext =
      (sum.byKind['script: extension'] ?? 0) +
      (sum.byKind['style forced by extension script'] ?? 0) +
      (sum.byKind['layout forced by extension script'] ?? 0);
    return [
      measured(
        section,
        'longest task running extension script (trace)',
        'ms',
        [Math.max(0, ...withExt.map((t) => t.ms))],
        {
          goal: { kind: 'max', value: 50 },
          note: `1 traced load nav → ready; ${withExt.length} tasks > 50 ms ran content-script code: ${withExt
            .sort((a, b) => b.ms - a.ms)
            .slice(0, 6)
            .map((t) => `${t.ms} ms (script ${t.extensionScriptMs})`)
            .join(', ')}; ${describeTrace(sum)}`,
        },
      ),
      measured(section, 'content-script main-thread time (trace)', 'ms', [ext], {
        note: 'self time of script from chrome-extension:// URLs plus style/layout it forced, nav → ready',
      }),
      measured(section, 'style + layout main-thread time (trace)', 'ms', [styleLayout(sum)], {
        ...(base ? { baseline: { name: 'no ext, nav → load + 1 s', samples: [styleLayout(base)] } } : {}),
        note: `the host page's own rendering work, with the sidebar mounted and entries classed vs without the extension${base ? `; without: ${describeTrace(base)}` : ''}`,
      }),
    ];
  } catch (e) {
    return [
      unavailable(
        section,
        'longest task running extension script (trace)',
        'ms',
        (e as Error).message.split('\n')[0] ?? '',
      ),
    ];
  } finally {
    await page.close();
  }
}

const TOGGLE_QUIET_MS = 300;

/** Click the toggle, wait until the host page has been quiet for a while, return the probe. */
async function clickAndSettle(page: Page, clickIt: () => Promise<void>): Promise<ToggleProbe> {
  await clickIt();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const t = (await page.evaluate(() => ({ ...window.__toggle, now: performance.now() }))) as ToggleProbe & {
      now: number;
    };
    const lastMut = t.mutations[t.mutations.length - 1];
    if (
      t.clickAt !== null &&
      lastMut !== undefined &&
      t.frameAt !== null &&
      t.now - lastMut > TOGGLE_QUIET_MS
    )
      return t;
    if (Date.now() > deadline) return t;
    await sleep(50);
  }
}

/** The sidebar's "MoE" topic filter toggle. */
export function moeToggle(page: Page): Locator {
  const bar = page.getByRole('complementary', { name: 'PaperSift' });
  return bar
    .getByRole('button', { name: /^MoE/ })
    .or(bar.getByRole('checkbox', { name: /^MoE/ }))
    .first();
}

/**
 * One click of `toggle` (the page holds installToggleProbe), once the host page is quiet again:
 * ms from the click to the last host-page mutation (`dom`) and to the frame after it (`frame`);
 * null when the click changed nothing in the host page.
 */
export async function timeToggle(
  page: Page,
  toggle: Locator,
): Promise<{ dom: number; frame: number } | null> {
  // A real (trusted) click: Playwright waits until the renderer has handled the input, which on a
  // 2,000-entry page includes the frame that restyles it, hence the long time-out.
  const t = await clickAndSettle(page, () => toggle.click({ timeout: 120_000 }));
  const lastMut = t.mutations[t.mutations.length - 1];
  if (t.clickAt === null || lastMut === undefined) return null;
  return { dom: lastMut - t.clickAt, frame: (t.frameAt ?? Number.NaN) - t.clickAt };
}

async function benchToggle(section: string, page: Page, runs: number): Promise<Row[]> {
  const toggle = moeToggle(page);
  const name = 'topic filter toggle (MoE) → host page updated';
  const goal = { kind: 'max', value: 16 } as const;
  if ((await toggle.count()) === 0)
    return [unavailable(section, name, 'ms', 'no "MoE…" toggle in the sidebar', goal)];
  await page.evaluate(installToggleProbe);
  // Entries that still take space: the sidebar may hide entries without display:none
  // (entrypoints/papers.content/host-page.ts collapses them to height 0 instead).
  const visibleCount = () =>
    page.evaluate(
      () =>
        Array.from(document.querySelectorAll('dl#articles > dt')).filter(
          (dt) => dt.getBoundingClientRect().height > 0,
        ).length,
    );
  const on: number[] = [];
  const off: number[] = [];
  const onFrame: number[] = [];
  const offFrame: number[] = [];
  let shown = Number.NaN;
  let noChange = 0;
  for (let i = 0; i < runs; i++) {
    for (const [dom, frame] of [
      [on, onFrame],
      [off, offFrame],
    ] as const) {
      const t = await timeToggle(page, toggle);
      if (!t) {
        noChange++;
        continue;
      }
      dom.push(t.dom);
      frame.push(t.frame);
      if (dom === on && Number.isNaN(shown)) shown = await visibleCount();
    }
  }
  if (on.length === 0)
    return [unavailable(section, name, 'ms', 'clicking the toggle changed nothing in the host page', goal)];
  const traced: string[] = [];
  for (const what of ['on']) {
    const sum = await traceDuring(
      page,
      async () => {
        await toggle.click({ timeout: 120_000 });
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      },
      { light: true },
    );
    traced.push(`toggle ${what}: ${describeTrace(sum)}`);
  }
  // Leave the filter off: it is remembered per site, and the loads measured after this one (the
  // traced load, the /pastweek page) must start as a first visit does, with nothing filtered.
  await clickAndSettle(page, () => toggle.click({ timeout: 120_000 }));
  const note = `click event → last host-page mutation (MutationObserver on class/hidden/style/childList); ${Number.isNaN(shown) ? '' : `filter on shows ${shown} of 2000 entries`}${noChange ? `; ${noChange} clicks changed nothing` : ''}`;
  return [
    measured(section, name, 'ms', on, { goal, note }),
    measured(section, 'filter toggle off → host page updated', 'ms', off, { goal }),
    measured(section, 'filter toggle on → next frame', 'ms', onFrame, {
      goal,
      note: `to a task queued from the first animation frame after the last mutation (style/layout/paint of the change included); traced once more: ${traced.join(' | ')}`,
    }),
    measured(section, 'filter toggle off → next frame', 'ms', offFrame, { goal }),
  ];
}
