/**
 * `npm run bench:ab -- <built extension dir> <built extension dir> [...]`: compares builds on the
 * 2,000-entry listing, their loads interleaved with those of the same page without any extension
 * (none, A, B, none, A, B, …) so that a machine whose speed changes from minute to minute (a shared
 * VM) slows every build alike. Reports, per build, the medians of the page's own load event, of
 * "sidebar ready" (both from navigation start), of "ready − own load" in the same tab, and of
 * "ready − the load event without the extension" (what section 2 of `npm run bench` holds to
 * ≤ 250 ms); then the time to show the whole list again (the sidebar collapsed, then opened: every
 * row at once, with nothing else to do), and a topic filter switched on and off (section 3). Build
 * each side with `./scripts/build.sh` (or `npx wxt build`) in its own checkout and pass its
 * `.output/chrome-mv3`.
 *
 *   npm run bench:ab -- [--page new|pastweek] [--runs 9] ../old/.output/chrome-mv3 .output/chrome-mv3
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from '@playwright/test';
import { type Browser, launch, openReady, routeHtml } from './browser';
import { moeToggle, timeToggle } from './listing';
import { installListingProbe, installToggleProbe, readListingProbe } from './page-probes';
import { buildNewListing, buildPastweekListing } from './pages';
import { median } from './report';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { page: { type: 'string', default: 'new' }, runs: { type: 'string', default: '9' } },
});
const dirs = positionals.map((d) => path.resolve(d));
const runs = Math.max(3, Number(values.runs) || 9);
if (dirs.length < 2 || values.page === undefined || !['new', 'pastweek'].includes(values.page)) {
  console.error(
    'usage: npm run bench:ab -- [--page new|pastweek] [--runs 9] <extension dir> <extension dir> [...]',
  );
  process.exit(2);
}
for (const d of dirs) {
  if (!existsSync(path.join(d, 'manifest.json'))) {
    console.error(`not a built extension (no manifest.json): ${d}`);
    process.exit(2);
  }
}

const built = values.page === 'new' ? buildNewListing() : buildPastweekListing();
const plain = await launch(null);
const browsers: Browser[] = [];
for (const dir of dirs) browsers.push(await launch(dir));
for (const b of [plain, ...browsers]) {
  await routeHtml(b.context, built.url, built.html);
  // One load first: the extension's service worker and the page's caches are warm for every run,
  // the page's without extension too.
  const warm = await b.context.newPage();
  await warm.goto(built.url, { waitUntil: 'load' });
  await warm.waitForTimeout(2000);
  await warm.close();
}

interface Load {
  load: number;
  ready: number;
}
const loads: Load[][] = dirs.map(() => []);
const plainLoads: number[] = [];
for (let i = 0; i < runs; i++) {
  const page = await plain.context.newPage();
  await page.addInitScript(installListingProbe, built.count);
  await page.goto(built.url, { waitUntil: 'load' });
  plainLoads.push((await page.evaluate(readListingProbe)).loadEventEnd);
  await page.close();
  for (const [k, b] of browsers.entries()) {
    const page = await openReady(b, built);
    const r = await page.evaluate(readListingProbe);
    loads[k]?.push({ load: r.loadEventEnd, ready: r.probe.readyAt ?? Number.NaN });
    await page.close();
  }
}
await plain.close();

/** Collapse, then open the sidebar: ms from the click to the list shown again (all rows), in the next task. */
async function rerender(b: Browser): Promise<number[]> {
  const page = await openReady(b, built);
  await page.waitForTimeout(2000);
  const bar = page.getByRole('complementary', { name: 'PaperSift' });
  const out: number[] = [];
  for (let i = 0; i < 5; i++) {
    await bar.getByRole('button', { name: 'Collapse PaperSift sidebar' }).click();
    await page.waitForTimeout(200);
    const open = bar.getByRole('button', { name: /^Open PaperSift sidebar/ });
    out.push(
      await open.evaluate(async (el: HTMLElement, n: number) => {
        const root = el.getRootNode() as ShadowRoot;
        const t0 = performance.now();
        el.click();
        await new Promise((r) => setTimeout(r, 0));
        const t = performance.now() - t0;
        const rows = root.querySelectorAll(
          '[aria-label="Papers on this page"] :is(li:not([role]), [role="listitem"])',
        ).length;
        return rows >= n ? t : Number.NaN;
      }, built.count),
    );
    await page.waitForTimeout(200);
  }
  await page.close();
  return out;
}
const renders: number[][] = [];
for (const b of browsers) renders.push(await rerender(b));

/**
 * The MoE filter switched on and off, 5 times per build, the builds in turn: ms from the click to
 * the host page updated and to the next frame (section 3 of `npm run bench`). Even clicks: the
 * filter, remembered per site, ends off.
 */
const TOGGLES = 5;
const toggles = dirs.map(() => ({
  onDom: [] as number[],
  onFrame: [] as number[],
  offDom: [] as number[],
  offFrame: [] as number[],
}));
const togglePages: Page[] = [];
for (const b of browsers) {
  const page = await openReady(b, built);
  await page.waitForTimeout(1000);
  await page.evaluate(installToggleProbe);
  togglePages.push(page);
}
for (let i = 0; i < TOGGLES; i++) {
  for (const [k, page] of togglePages.entries()) {
    const t = toggles[k];
    const on = await timeToggle(page, moeToggle(page));
    const off = await timeToggle(page, moeToggle(page));
    if (!t || !on || !off) throw new Error(`${dirs[k]}: the MoE toggle changed nothing in the host page`);
    t.onDom.push(on.dom);
    t.onFrame.push(on.frame);
    t.offDom.push(off.dom);
    t.offFrame.push(off.frame);
  }
}
for (const b of browsers) await b.close();

/** One line per build: the median (`digits` decimals), the build, every sample. */
function printMedians(title: string, perBuild: number[][], digits: number): void {
  console.log(title);
  for (const [k, d] of dirs.entries()) {
    const xs = perBuild[k] ?? [];
    const all = xs.map((x) => x.toFixed(0)).join(' ');
    console.log(
      `${median(xs).toFixed(digits).padStart(6)} ms  ${path.relative(process.cwd(), d) || d}  (${all})`,
    );
  }
}
const plainLoad = median(plainLoads);
console.log(
  `/${values.page} ${built.count} entries, ${runs} loads per build, interleaved with the page without extension ` +
    `(its load event: median ${plainLoad.toFixed(0)} ms); ms from navigation start, medians`,
);
console.log('  load event   ready   ready − own load   ready − load without   build');
for (const [k, d] of dirs.entries()) {
  const xs = loads[k] ?? [];
  const ready = median(xs.map((x) => x.ready));
  const cols = [
    median(xs.map((x) => x.load))
      .toFixed(0)
      .padStart(12),
    ready.toFixed(0).padStart(7),
    median(xs.map((x) => x.ready - x.load))
      .toFixed(0)
      .padStart(18),
    (ready - plainLoad).toFixed(0).padStart(22),
  ];
  console.log(`${cols.join(' ')}   ${path.relative(process.cwd(), d) || d}`);
}
printMedians(`whole list shown again (collapse, open; ${built.count} rows, 5 times)`, renders, 1);
console.log(`MoE filter toggle, ${TOGGLES} times per build, in turn: ms from the click (medians)`);
console.log('  on: host updated   next frame   off: host updated   next frame   build');
for (const [k, d] of dirs.entries()) {
  const t = toggles[k];
  if (!t) continue;
  const cols = [
    median(t.onDom).toFixed(1).padStart(18),
    median(t.onFrame).toFixed(0).padStart(12),
    median(t.offDom).toFixed(1).padStart(19),
    median(t.offFrame).toFixed(0).padStart(12),
  ];
  console.log(`${cols.join(' ')}   ${path.relative(process.cwd(), d) || d}`);
}
