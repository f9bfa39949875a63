/**
 * Part 1: the classifier in Node on 2,000 real-looking abstracts against a tokenise-only pass over
 * the same texts in the same run (issue 6: classify ≤ 3× tokenise). Two figures:
 * - classifier/bench.ts `benchClassifier()` (the classifier's own corpus: its labeled dev and
 *   held-out sets, repeated to 2,000), when the classifier ships it;
 * - the same comparison timed here on bench/corpus.ts (2,000 distinct texts, ML and materials
 *   science, as on the benchmarked pages), through classifier/index.ts `classify` and `tokenize`.
 * Both use the process's CPU time, so other work on the machine does not skew them.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, type Text, texts } from './corpus';
import { measured, type Row, unavailable } from './report';

const SECTION = '1 classifier (Node)';
const N = 2000;
const GOAL = { kind: 'max', value: 3, on: 'ratio' } as const;

type Fn = (...args: unknown[]) => unknown;

async function load(rel: string): Promise<Record<string, unknown> | null> {
  const file = path.join(ROOT, rel);
  if (!existsSync(file)) return null;
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** CPU ms of one pass of `fn` over every text. */
function pass(items: readonly Text[], fn: (t: Text) => unknown): number {
  let sink = 0;
  const t0 = cpuMs();
  for (const t of items) if (fn(t)) sink++;
  const ms = cpuMs() - t0;
  if (sink < 0) console.log(sink); // keep the results alive
  return ms;
}

interface BenchResult {
  papers: number;
  runs: number;
  abstractsPerSec: number;
  tokenizeOnlyPerSec: number;
  ratio: number;
}

async function ownBench(runs: number): Promise<Row[]> {
  let mod: Record<string, unknown> | null;
  try {
    mod = await load('classifier/bench.ts');
  } catch (e) {
    return [
      unavailable(
        SECTION,
        'benchClassifier()',
        'abstracts/s',
        `classifier/bench.ts failed to load: ${(e as Error).message}`,
        GOAL,
      ),
    ];
  }
  const bench = mod?.benchClassifier as ((o: { papers: number; runs: number }) => BenchResult) | undefined;
  if (typeof bench !== 'function')
    return [
      unavailable(
        SECTION,
        'benchClassifier()',
        'abstracts/s',
        'classifier/bench.ts does not export benchClassifier yet',
        GOAL,
      ),
    ];
  const r = bench({ papers: N, runs: Math.max(runs, 11) });
  return [
    {
      section: SECTION,
      name: `benchClassifier() throughput (${r.papers} abstracts)`,
      median: r.abstractsPerSec,
      unit: 'abstracts/s',
      runs: r.runs,
      baseline: { name: 'tokenise only', median: r.tokenizeOnlyPerSec },
      ratio: r.ratio,
      goal: GOAL,
      pass: r.ratio <= GOAL.value,
      note: "classifier/bench.ts on the classifier's labeled dev + held-out abstracts repeated to 2,000; ratio = median per-run classify time ÷ tokenise time",
    },
  ];
}

export async function benchClassifierPart(runs: number): Promise<Row[]> {
  return [...(await ownBench(runs)), ...(await independentBench(runs))];
}

async function independentBench(runs: number): Promise<Row[]> {
  const items = texts(N);
  let index: Record<string, unknown> | null;
  try {
    index = await load('classifier/index.ts');
  } catch (e) {
    return [
      unavailable(
        SECTION,
        'classify throughput',
        'abstracts/s',
        `classifier/index.ts failed to load: ${(e as Error).message}`,
        GOAL,
      ),
    ];
  }
  const classify = index?.classify as Fn | undefined;
  const tokenize = (index?.tokenize ?? (await load('classifier/tokenize.ts'))?.tokenize) as Fn | undefined;
  if (typeof classify !== 'function' || typeof tokenize !== 'function')
    return [
      unavailable(
        SECTION,
        'classify throughput',
        'abstracts/s',
        `classifier/index.ts does not export classify and tokenize yet (${index ? Object.keys(index).join(', ') || 'no exports' : 'missing'})`,
        GOAL,
      ),
    ];
  const classifyOne = (t: Text) => classify({ title: t.title, abstract: t.abstract });
  const tokenizeOne = (t: Text) => {
    const a = tokenize(t.title) as ArrayLike<unknown>;
    const b = tokenize(t.abstract) as ArrayLike<unknown>;
    return a.length + b.length;
  };
  // warm-up: JIT and any lazy model set-up are not what a page pays per abstract
  pass(items, classifyOne);
  pass(items, tokenizeOne);
  const cls: number[] = [];
  const tok: number[] = [];
  for (let i = 0; i < runs; i++) {
    tok.push(pass(items, tokenizeOne));
    cls.push(pass(items, classifyOne));
  }
  const perSec = (ms: number) => (N / ms) * 1000;
  const words = items.reduce((n, t) => n + t.abstract.split(/\s+/).length, 0) / N;
  return [
    measured(
      SECTION,
      `classify throughput, bench corpus (${N} distinct abstracts)`,
      'abstracts/s',
      cls.map(perSec),
      {
        baseline: { name: 'tokenise only', samples: tok.map(perSec) },
        invertRatio: true,
        goal: GOAL,
        note: `ratio = tokenise-only throughput / classify throughput (time of classify ÷ time of tokenise); texts from bench/corpus.ts (labeled ML + saved-page materials-science abstracts, sentences reshuffled beyond the 262 originals), ${Math.round(words)} words per abstract on average; classify and tokenize from classifier/index.ts, CPU time`,
      },
    ),
    measured(SECTION, `classify ${N} abstracts, bench corpus (CPU time)`, 'ms', cls, {
      baseline: { name: 'tokenise only', samples: tok },
    }),
  ];
}
