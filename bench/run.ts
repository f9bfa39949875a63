/**
 * `npm run bench` (issue 6): builds the Chrome extension, then measures
 *   1. the classifier in Node (vs tokenise-only),
 *   2. the built extension in headless Chromium on 2,000-entry arXiv listings (vs the same page
 *      without the extension): time to a ready sidebar, long tasks, JS heap,
 *   3. a topic-filter toggle on that page,
 *   4. the reading list with 10,000 and 50,000 saved papers, import and BibTeX export,
 *   5. bundle sizes,
 * each several times (median reported), prints a table and writes bench/results/latest.json.
 *
 *   npm run bench [-- --runs 5] [-- --head] [-- --only 1,2,5]
 *     --head   build the last commit instead of the working tree
 *     --only   run only these parts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Browser, launch } from './browser';
import { type BuiltExtension, buildExtension } from './build';
import { benchBundles } from './bundle-part';
import { benchClassifierPart } from './classifier';
import { ROOT } from './corpus';
import { benchListing } from './listing';
import { machine } from './machine';
import { buildNewListing, buildPastweekListing } from './pages';
import { benchReadingList } from './reading-list';
import { formatTable, type Row, unavailable } from './report';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    head: { type: 'boolean', default: false },
    only: { type: 'string', default: '1,2,3,4,5' },
  },
});
const runs = Math.max(5, Number(values.runs) || 5);
const only = new Set((values.only ?? '').split(',').map((s) => s.trim()));

const started = performance.now();
const loadAtStart = os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
const rows: Row[] = [];
const log = (s: string) =>
  console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${s}`);

/** A part that throws becomes "not available" rows instead of ending the bench. */
async function part(section: string, name: string, fn: () => Promise<Row[]>): Promise<void> {
  log(`${section}…`);
  try {
    rows.push(...(await fn()));
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0] ?? String(e);
    console.error(e);
    rows.push(unavailable(section, name, 'ms', msg));
  }
}

log(`building the Chrome extension (${values.head ? 'HEAD' : 'working tree'})…`);
let ext: BuiltExtension | null = null;
let buildError = '';
try {
  ext = await buildExtension(values.head ?? false);
  log(`built ${ext.source} in ${(ext.ms / 1000).toFixed(1)} s → ${path.relative(ROOT, ext.dir) || ext.dir}`);
} catch (e) {
  buildError = `the extension did not build (${(e as Error).message.split('\n')[0]}); try --head to build the last commit`;
  console.error(`[bench] ${buildError}`);
}

if (only.has('1')) await part('1 classifier (Node)', 'classify throughput', () => benchClassifierPart(runs));

/** Rows for the parts that need the built extension when it did not build. */
function noBuild(): Row[] {
  const parts: [string, string][] = [
    ['2', '2 listing: nav → sidebar ready'],
    ['3', '3 filter toggle'],
    ['4', '4 reading list'],
    ['5', '5 bundle sizes'],
  ];
  return parts
    .filter(([n]) => only.has(n))
    .map(([, name]) => unavailable(name.slice(0, 1), name.slice(2), 'ms', buildError));
}

let withExt: Browser | null = null;
let plain: Browser | null = null;
if (!ext) rows.push(...noBuild());
else {
  const built = ext;
  try {
    if (only.has('2') || only.has('3') || only.has('4')) {
      withExt = await launch(built.dir);
      plain = await launch(null);
    }
    if (withExt && plain && (only.has('2') || only.has('3'))) {
      const b = withExt;
      const p = plain;
      await part('2 listing /new 2000', 'nav → sidebar ready', () =>
        benchListing('2 listing /new 2000 (abstracts)', buildNewListing(), b, p, {
          runs,
          toggle: only.has('3'),
        }),
      );
      if (only.has('2'))
        await part('2 listing /pastweek 2000', 'nav → sidebar ready', () =>
          benchListing('2 listing /pastweek 2000 (titles only)', buildPastweekListing(), b, p, {
            runs,
            toggle: false,
          }),
        );
      const out = [...b.requests.entries()].map(([h, n]) => `${h} ×${n}`).join(', ');
      log(`requests refused (nothing left the machine): ${out || 'none'}`);
    }
    if (withExt && only.has('4')) {
      const b = withExt;
      await part('4 reading list', 'reading list', () => benchReadingList(b, runs));
    }
  } finally {
    await withExt?.close();
    await plain?.close();
  }
  if (only.has('5')) await part('5 bundle', 'bundle sizes', async () => benchBundles(built.dir));
  built.cleanup();
}

const source = ext?.source ?? `build failed (${values.head ? 'HEAD' : 'working tree'})`;
const totalS = (performance.now() - started) / 1000;
const m = machine();
const table = formatTable(rows);
console.log(
  `\nPaperSift bench — ${new Date().toISOString()} — ${source}\n` +
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, ${m.os}; node ${m.node}; ${m.chromium}; load average ${loadAtStart} at start, ${m.loadAverage} at end\n` +
    `median of ${runs} runs per figure; total ${totalS.toFixed(0)} s\n\n${table}\n`,
);
const failed = rows.filter((r) => r.pass === false).length;
const missing = rows.filter((r) => r.median === null).length;
console.log(`${rows.length} figures: ${failed} miss their goal, ${missing} not available.`);

const outDir = path.join(ROOT, 'bench/results');
mkdirSync(outDir, { recursive: true });
writeFileSync(
  path.join(outDir, 'latest.json'),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      source,
      runs,
      totalSeconds: totalS,
      machine: { ...m, loadAverageAtStart: loadAtStart },
      rows,
      table,
    },
    null,
    2,
  )}\n`,
);
console.log(`written ${path.relative(ROOT, path.join(outDir, 'latest.json'))}`);
