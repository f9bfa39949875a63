/**
 * Adapter parse time in headless Chromium on the 2,000-entry arXiv listings of bench/pages.ts (real
 * entry markup of tests/fixtures/pages/arxiv-list-new-2026-1.html). Stand-alone, not part of
 * `npm run bench`:
 *
 *   npx tsx bench/adapters-parse.ts [--runs 7] [--baseline <git-rev>] [--budget 12]
 *
 * The adapters are bundled with esbuild into an IIFE and added to a page built with setContent (no
 * extension, no network). Every run is a fresh page, so each parse is a cold one like the content
 * script's. Reported: parse() median/min/max, and for parseIncremental() the total and the longest
 * slice (the main-thread task the content script would see between yields). With --baseline the
 * adapters of that revision (entrypoints/papers.content/adapters + lib, from `git archive`) are
 * measured in the same run, and their parse() result is compared with the current one field by
 * field (papers, node identity, warnings, counts). The current adapters' parse() is also timed in an
 * isolated world (CDP Page.createIsolatedWorld), where the content script runs: there each element
 * it touches gets a wrapper of that world's own.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { build } from 'esbuild';
import type { ParsedPage, SiteAdapter } from '../entrypoints/papers.content/adapters/types';
import { CHROMIUM } from './browser';
import { buildNewListing, buildPastweekListing } from './pages';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg('runs') ?? 7);
const BASELINE = arg('baseline');
const BUDGET = Number(arg('budget') ?? 12);
const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, 'tests/fixtures/pages');

async function bundle(rootDir: string, globalName: string): Promise<string> {
  const entry = path.join(rootDir, 'entrypoints/papers.content/adapters/index.ts');
  const out = await build({
    stdin: {
      contents: `export { ADAPTERS } from ${JSON.stringify(entry)};`,
      resolveDir: rootDir,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName,
    target: 'es2022',
    write: false,
    minify: true,
  });
  return out.outputFiles[0]?.text ?? '';
}

function baselineTree(rev: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'papersift-adapters-baseline-'));
  execSync(`git archive ${rev} entrypoints/papers.content/adapters lib | tar -x -C ${dir}`, { cwd: ROOT });
  return dir;
}

interface Sample {
  parseMs: number;
  entries: number;
  incTotalMs?: number;
  incMaxSliceMs?: number;
  slices?: number;
  same?: boolean;
}

/** Runs inside the page: one cold parse() or one cold parseIncremental() drained slice by slice. */
function probe(args: {
  global: string;
  adapter: string;
  url: string;
  budget: number;
  incremental: boolean;
}): Sample {
  const g = globalThis as unknown as Record<string, { ADAPTERS: SiteAdapter[] } | undefined>;
  const adapter = g[args.global]?.ADAPTERS.find((a) => a.id === args.adapter);
  if (!adapter) throw new Error('no adapter');
  const url = new URL(args.url);
  if (!args.incremental || !adapter.parseIncremental) {
    const t0 = performance.now();
    const page = adapter.parse(document, url);
    return { parseMs: performance.now() - t0, entries: page.entries.length };
  }
  let max = 0;
  let slices = 0;
  const start = performance.now();
  const it = adapter.parseIncremental(document, url, { budgetMs: args.budget });
  const collected: ParsedPage['entries'] = [];
  let final: ParsedPage;
  for (;;) {
    const s = performance.now();
    const r = it.next();
    const d = performance.now() - s;
    if (d > max) max = d;
    if (r.done) {
      final = r.value;
      break;
    }
    slices++;
    collected.push(...r.value);
  }
  const total = performance.now() - start;
  const whole = adapter.parse(document, url);
  const same =
    JSON.stringify({ ...final, entries: collected.map((e) => e.paper) }) ===
      JSON.stringify({ ...whole, entries: whole.entries.map((e) => e.paper) }) &&
    whole.entries.every(
      (e, i) =>
        e.nodes.length === collected[i]?.nodes.length &&
        e.nodes.every((n, k) => n === collected[i]?.nodes[k]),
    );
  return {
    parseMs: Number.NaN,
    entries: final.entries.length,
    incTotalMs: total,
    incMaxSliceMs: max,
    slices,
    same,
  };
}

/** Runs inside the page: both bundles' parse() results, compared including node identity. */
function compare(args: { a: string; b: string; adapter: string; url: string }): string[] {
  const g = globalThis as unknown as Record<string, { ADAPTERS: SiteAdapter[] } | undefined>;
  const url = new URL(args.url);
  const pa = g[args.a]?.ADAPTERS.find((x) => x.id === args.adapter)?.parse(document, url) as ParsedPage;
  const pb = g[args.b]?.ADAPTERS.find((x) => x.id === args.adapter)?.parse(document, url) as ParsedPage;
  const diffs: string[] = [];
  const strip = (p: { entries: { paper: unknown; nodes: Element[] }[] }) => ({
    ...p,
    entries: p.entries.map((e) => e.paper),
  });
  if (JSON.stringify(strip(pa)) !== JSON.stringify(strip(pb))) {
    pa.entries.forEach((e: { paper: unknown }, i: number) => {
      if (diffs.length < 5 && JSON.stringify(e.paper) !== JSON.stringify(pb.entries[i]?.paper))
        diffs.push(`entry ${i}: ${JSON.stringify(e.paper)} != ${JSON.stringify(pb.entries[i]?.paper)}`);
    });
    if (diffs.length === 0) diffs.push('page fields differ');
  }
  pa.entries.forEach((e: { nodes: Element[] }, i: number) => {
    const o = pb.entries[i]?.nodes ?? [];
    if (e.nodes.length !== o.length || e.nodes.some((n, k) => n !== o[k]))
      diffs.push(`entry ${i}: nodes differ`);
  });
  return diffs;
}

/** One cold parse() of the bundle `script` in a new isolated world of `page` (the content script's kind). */
async function isolatedParse(page: Page, script: string, args: Parameters<typeof probe>[0]): Promise<Sample> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const { executionContextId: contextId } = await cdp.send('Page.createIsolatedWorld', {
      frameId: frameTree.frame.id,
      worldName: 'papersift-bench',
    });
    const run = async (expression: string) => {
      const r = await cdp.send('Runtime.evaluate', { expression, contextId, returnByValue: true });
      if (r.exceptionDetails) throw new Error(`isolated world: ${r.exceptionDetails.text}`);
      return r.result.value as unknown;
    };
    await run('globalThis.__name ??= (f) => f;');
    await run(script);
    return (await run(`(${probe.toString()})(${JSON.stringify(args)})`)) as Sample;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const f = (n: number | undefined) => (n === undefined ? '-' : n.toFixed(1));

async function main(): Promise<void> {
  const current = await bundle(ROOT, '__psCurrent');
  let baselineDir: string | undefined;
  let baseline: string | undefined;
  if (BASELINE) {
    baselineDir = baselineTree(BASELINE);
    baseline = await bundle(baselineDir, '__psBaseline');
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const context = await browser.newContext();
  await context.route(/^https?:\/\//, (route) => route.abort('internetdisconnected'));
  await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  const pages = [
    { name: '/new, 2,000 with abstracts', adapter: 'arxiv-listing', built: buildNewListing(2000) },
    { name: '/pastweek, 2,000 title-only', adapter: 'arxiv-listing', built: buildPastweekListing(2000) },
    {
      name: 'arXiv search, 200 (saved page)',
      adapter: 'arxiv-search',
      built: {
        html: readFileSync(path.join(FIXTURES, 'arxiv-search-1.html'), 'utf8'),
        url: 'https://arxiv.org/search/?query=distributed+systems&searchtype=abstract',
      },
    },
    {
      name: 'HF daily papers (saved page)',
      adapter: 'huggingface-papers',
      built: {
        html: readFileSync(path.join(FIXTURES, 'hf-papers-daily-1.html'), 'utf8'),
        url: 'https://huggingface.co/papers',
      },
    },
  ];
  const fresh = async (html: string, scripts: string[]): Promise<Page> => {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'domcontentloaded' });
    for (const content of scripts) await page.addScriptTag({ content });
    return page;
  };
  console.log(
    `Chromium ${browser.version()}, ${RUNS} cold runs each (fresh page per run), slice budget ${BUDGET} ms`,
  );
  for (const { name, adapter, built } of pages) {
    const variants = [
      ...(baseline ? [{ label: `baseline ${BASELINE}`, global: '__psBaseline', script: baseline }] : []),
      { label: 'current', global: '__psCurrent', script: current },
    ];
    if (baseline) {
      const page = await fresh(built.html, [baseline, current]);
      const diffs = await page.evaluate(compare, {
        a: '__psBaseline',
        b: '__psCurrent',
        adapter,
        url: built.url,
      });
      console.log(
        `${name}: current vs baseline parse(): ${diffs.length === 0 ? 'identical' : diffs.join('\n')}`,
      );
      await page.close();
    }
    const parses = new Map<string, number[]>(variants.map((v) => [v.label, []]));
    const isolated: number[] = [];
    const inc: Sample[] = [];
    let entries = 0;
    for (let r = 0; r < RUNS; r++) {
      // Alternate the order so load from elsewhere on the machine hits both variants alike.
      for (const v of r % 2 ? [...variants].reverse() : variants) {
        const page = await fresh(built.html, [v.script]);
        const sample = await page.evaluate(probe, {
          global: v.global,
          adapter,
          url: built.url,
          budget: BUDGET,
          incremental: false,
        });
        entries = sample.entries;
        parses.get(v.label)?.push(sample.parseMs);
        await page.close();
      }
      const iso = await fresh(built.html, []);
      isolated.push(
        (
          await isolatedParse(iso, current, {
            global: '__psCurrent',
            adapter,
            url: built.url,
            budget: BUDGET,
            incremental: false,
          })
        ).parseMs,
      );
      await iso.close();
      const page = await fresh(built.html, [current]);
      inc.push(
        await page.evaluate(probe, {
          global: '__psCurrent',
          adapter,
          url: built.url,
          budget: BUDGET,
          incremental: true,
        }),
      );
      await page.close();
    }
    for (const v of variants) {
      const ps = parses.get(v.label) ?? [];
      console.log(
        `${name} | ${v.label.padEnd(18)} | ${entries} entries | parse() median ${f(median(ps))} ms, min ${f(Math.min(...ps))}, max ${f(Math.max(...ps))}`,
      );
    }
    console.log(
      `${name} | ${'current, isolated'.padEnd(18)} | ${entries} entries | parse() median ${f(median(isolated))} ms, min ${f(Math.min(...isolated))}, max ${f(Math.max(...isolated))} (the content script's world)`,
    );
    if (baseline) {
      const b = parses.get(variants[0]?.label ?? '') ?? [];
      const c = parses.get('current') ?? [];
      console.log(
        `${name} | current / baseline, median of per-run ratios: ${median(c.map((x, i) => x / (b[i] ?? Number.NaN))).toFixed(2)}`,
      );
    }
    if (inc.every((s) => s.incTotalMs === undefined)) continue;
    const slices = inc.map((s) => s.incMaxSliceMs ?? 0);
    console.log(
      `${name} | parseIncremental({budgetMs: ${BUDGET}}) | total median ${f(median(inc.map((s) => s.incTotalMs ?? 0)))} ms | longest slice median ${f(median(slices))} ms, min ${f(Math.min(...slices))}, max ${f(Math.max(...slices))} | ${inc[0]?.slices} slices | same as parse(): ${inc.every((s) => s.same)}`,
    );
  }
  await browser.close();
  if (baselineDir) rmSync(baselineDir, { recursive: true, force: true });
}

await main();
