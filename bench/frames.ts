/**
 * `npm run bench:frames -- <built extension dir> [...]`: the cost of a frame after small changes
 * in the sidebar, on the 2,000-entry listing once the sidebar is ready. Per build, the median of
 * 15 frames of each: nothing changed, the colour of the header changed (paint only), one
 * character of the header changed, a block of 25 rows appended, 300 rows appended. The time is from the frame's animation callback to a task queued
 * in it: the style, layout and paint of that frame. It is what a hover or a row added costs, and
 * what the page's own paint layer (lib/sidebar-frame.ts) saves.
 *
 *   npm run bench:frames -- ../old/.output/chrome-mv3 .output/chrome-mv3
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { launch, openReady, routeHtml } from './browser';
import { buildNewListing } from './pages';

const dirs = process.argv.slice(2).map((d) => path.resolve(d));
if (dirs.length === 0 || dirs.some((d) => !existsSync(path.join(d, 'manifest.json')))) {
  console.error('usage: npm run bench:frames -- <built extension dir> [...]');
  process.exit(2);
}

const built = buildNewListing();
console.log(`frame after a change in the sidebar, ms (median of 15), /new ${built.count} entries`);
for (const dir of dirs) {
  const b = await launch(dir);
  await routeHtml(b.context, built.url, built.html);
  const page = await openReady(b, built);
  await page.waitForTimeout(1000);
  const r = await page.evaluate(async () => {
    const host = document.querySelector('papersift-frame > papersift-sidebar, papersift-sidebar');
    const sr = host?.shadowRoot;
    const list = sr?.querySelector('ul.list');
    const count = sr?.querySelector<HTMLElement>('.count');
    if (!sr || !list || !count) throw new Error('no sidebar list');
    /** Waits for the next frame; resolves with ms from its animation callback to a task queued there. */
    const frame = () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() => {
          const t = performance.now();
          setTimeout(() => resolve(performance.now() - t), 0);
        }),
      );
    const changes: Record<string, () => void> = {
      'nothing changed': () => {},
      'colour of the header changed (no layout)': () => {
        count.style.color = count.style.color === 'red' ? 'blue' : 'red';
      },
      'one character of the header': () => count.append('!'),
      '25 rows appended': () => list.append(list.children[3]?.cloneNode(true) as Node),
      '300 rows appended': () => {
        for (let i = 0; i < 12; i++) list.append(list.children[3 + i]?.cloneNode(true) as Node);
      },
    };
    const out: Record<string, number> = {};
    for (const [name, change] of Object.entries(changes)) {
      const ms: number[] = [];
      for (let i = 0; i < 15; i++) {
        await frame();
        change();
        ms.push(await frame());
      }
      ms.sort((x, y) => x - y);
      out[name] = ms[ms.length >> 1] ?? Number.NaN;
    }
    return out;
  });
  console.log(path.relative(process.cwd(), dir) || dir);
  for (const [name, ms] of Object.entries(r)) console.log(`  ${ms.toFixed(1).padStart(6)}  ${name}`);
  await b.close();
}
