/**
 * Classifier speed (issue 3): classifying 2,000 abstracts vs a plain tokenise-only pass over the same
 * text (aim: ratio <= 3). `benchClassifier()` is imported by the project benchmark; run directly with
 * `npx tsx classifier/bench.ts`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLabeled } from './dataset';
import { DEV_FILE, HELDOUT_BLIND_FILE, HELDOUT_FILE } from './eval';
import { classify, tokenize } from './index';
import type { ClassifierInput } from './types';

export interface BenchResult {
  papers: number;
  runs: number;
  abstractsPerSec: number;
  tokenizeOnlyPerSec: number;
  /** classify time / tokenise-only time (lower is better). */
  ratio: number;
}

/** 2,000 real abstracts: the dev and both held-out sets, repeated. */
export function benchCorpus(n = 2000): ClassifierInput[] {
  const base = [
    ...loadLabeled(DEV_FILE),
    ...loadLabeled(HELDOUT_FILE),
    ...loadLabeled(HELDOUT_BLIND_FILE),
  ].map((p) => ({
    title: p.title,
    abstract: p.abstract,
  }));
  const out: ClassifierInput[] = [];
  for (let i = 0; i < n; i++) out.push(base[i % base.length] as ClassifierInput);
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

let sink = 0;

/** CPU time of this process in ms where available (Node), so load from other processes does not skew it. */
function now(): number {
  const p = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process;
  if (p?.cpuUsage) {
    const u = p.cpuUsage();
    return (u.user + u.system) / 1000;
  }
  return performance.now();
}

function timeOnce(fn: () => void): number {
  const t0 = now();
  fn();
  return now() - t0;
}

export function benchClassifier(opts: { papers?: number; runs?: number } = {}): BenchResult {
  const papers = opts.papers ?? 2000;
  const runs = opts.runs ?? 11;
  const corpus = benchCorpus(papers);
  const tokenizeAll = () => {
    for (const p of corpus) sink += tokenize(p.title).length + tokenize(p.abstract ?? '').length;
  };
  const classifyAll = () => {
    for (const p of corpus) sink += classify(p).topics.length;
  };
  // Warm up the JIT and the classifier's word cache.
  tokenizeAll();
  classifyAll();
  const tk: number[] = [];
  const cl: number[] = [];
  for (let r = 0; r < runs; r++) {
    tk.push(timeOnce(tokenizeAll));
    cl.push(timeOnce(classifyAll));
  }
  const tMs = median(tk);
  const cMs = median(cl);
  // Runs alternate, so the median of per-run ratios is robust to load from other processes.
  const ratio = median(cl.map((c, i) => c / (tk[i] as number)));
  return {
    papers,
    runs,
    abstractsPerSec: Math.round((papers / cMs) * 1000),
    tokenizeOnlyPerSec: Math.round((papers / tMs) * 1000),
    ratio: Math.round(ratio * 100) / 100,
  };
}

if (
  import.meta.url.startsWith('file:') &&
  process.argv[1] &&
  resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  const r = benchClassifier();
  console.log(JSON.stringify(r));
  if (sink === -1) console.log('');
}
