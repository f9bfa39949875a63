/**
 * `npm run eval [-- --file X.jsonl ...] [--json] [--errors]`: per-topic precision/recall/F1, macro-F1
 * and the "other" false-chip rate of the classifier and of the one-regex-per-topic keyword baseline,
 * with title + abstract and with the title only. Borderline labels count as "either answer is fine".
 * Default files: tests/fixtures/data/labeled-dev.jsonl, then heldout.jsonl, heldout-blind.jsonl,
 * heldout-hf-daily.jsonl, heldout-arxiv-listing.jsonl, heldout-titles.jsonl and heldout-titles-blind.jsonl
 * (titles only).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_TOPICS } from '../lib/types';
import { baselineTopics } from './baseline';
import { type EvalResult, type LabeledPaper, loadLabeled, score } from './dataset';
import { classify } from './index';

/** Repository root: next to this file under Node/tsx; the working directory where import.meta.url is not a file URL (vitest + happy-dom). */
const ROOT = import.meta.url.startsWith('file:')
  ? resolve(dirname(fileURLToPath(import.meta.url)), '..')
  : process.cwd();
export const DEV_FILE = resolve(ROOT, 'tests/fixtures/data/labeled-dev.jsonl');
export const HELDOUT_FILE = resolve(ROOT, 'tests/fixtures/data/heldout.jsonl');
/** Second held-out set, scored for the first time only after it was complete (see the note in each line). */
export const HELDOUT_BLIND_FILE = resolve(ROOT, 'tests/fixtures/data/heldout-blind.jsonl');
/** Real abstracts of a saved Hugging Face daily-papers page (mostly "other" ML papers). */
export const HELDOUT_HF_FILE = resolve(ROOT, 'tests/fixtures/data/heldout-hf-daily.jsonl');
/** Every entry of a saved real arXiv /new listing (materials science: all "other"). */
export const HELDOUT_LISTING_FILE = resolve(ROOT, 'tests/fixtures/data/heldout-arxiv-listing.jsonl');
/** Real titles without abstracts, as on /recent and /pastweek listings. */
export const HELDOUT_TITLES_FILE = resolve(ROOT, 'tests/fixtures/data/heldout-titles.jsonl');
/** Real titles without abstracts (on-topic and near-miss "other"), written before they were first scored. */
export const HELDOUT_TITLES_BLIND_FILE = resolve(ROOT, 'tests/fixtures/data/heldout-titles-blind.jsonl');

export type Mode = 'abstract' | 'title';
export type System = 'classifier' | 'baseline';

export interface FileReport {
  file: string;
  results: Record<System, Record<Mode, EvalResult>>;
}

function input(p: LabeledPaper, mode: Mode) {
  return { title: p.title, abstract: mode === 'abstract' ? p.abstract : '' };
}

export function evaluateFile(file: string): FileReport {
  const papers = loadLabeled(file);
  const run = (sys: System, mode: Mode): EvalResult =>
    score(papers, (p) =>
      sys === 'classifier' ? classify(input(p, mode)).topics : baselineTopics(input(p, mode)),
    );
  return {
    file,
    results: {
      classifier: { abstract: run('classifier', 'abstract'), title: run('classifier', 'title') },
      baseline: { abstract: run('baseline', 'abstract'), title: run('baseline', 'title') },
    },
  };
}

const pct = (x: number) => x.toFixed(3);

function table(r: FileReport): string {
  const lines: string[] = [];
  const head = ['system', 'input', ...BUILTIN_TOPICS.map((t) => `${t} P/R/F1`), 'macro-F1', 'other chip'];
  const rows: string[][] = [];
  for (const sys of ['classifier', 'baseline'] as const) {
    for (const mode of ['abstract', 'title'] as const) {
      const e = r.results[sys][mode];
      rows.push([
        sys,
        mode === 'abstract' ? 'title+abstract' : 'title only',
        ...BUILTIN_TOPICS.map((t) => {
          const s = e.perTopic[t];
          if (s.tp + s.fn + s.fp === 0) return '-';
          return `${pct(s.precision)}/${pct(s.recall)}/${pct(s.f1)}`;
        }),
        pct(e.macroF1),
        `${e.otherWithChip}/${e.others} (${(100 * e.otherFalseChipRate).toFixed(1)}%)`,
      ]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const fmt = (row: string[]) => row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  lines.push(fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt));
  return lines.join('\n');
}

function main(argv: string[]): void {
  const files: string[] = [];
  let json = false;
  let errors = false;
  const explain: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--errors') errors = true;
    else if (a === '--explain') {
      const id = argv[++i];
      if (id === undefined) throw new Error('--explain needs a paper id');
      explain.push(id);
    } else if (a === '--file') {
      const f = argv[++i];
      if (f === undefined) throw new Error('--file needs a path');
      files.push(resolve(f));
    } else if (a === '--help' || a === '-h') {
      console.log('usage: npm run eval -- [--file X.jsonl]... [--json] [--errors]');
      return;
    } else throw new Error(`unknown argument ${a}`);
  }
  if (files.length === 0) {
    files.push(DEV_FILE);
    for (const f of [
      HELDOUT_FILE,
      HELDOUT_BLIND_FILE,
      HELDOUT_HF_FILE,
      HELDOUT_LISTING_FILE,
      HELDOUT_TITLES_FILE,
      HELDOUT_TITLES_BLIND_FILE,
    ])
      if (existsSync(f)) files.push(f);
  }
  if (explain.length > 0) {
    for (const f of files.length > 0 ? files : [DEV_FILE, HELDOUT_FILE, HELDOUT_BLIND_FILE]) {
      for (const p of loadLabeled(f)) {
        if (!explain.includes(p.id)) continue;
        for (const mode of ['abstract', 'title'] as const) {
          const c = classify(input(p, mode));
          console.log(
            `\n${p.id} [${mode}] ${p.title}\n  labels ${JSON.stringify(p.labels)} -> ${c.topics.join(', ')}`,
          );
          for (const t of BUILTIN_TOPICS) {
            const d = c.details[t];
            if (d === undefined) continue;
            const ev = [...d.positive, ...d.negative].map((e) => `${e.phrase}(${e.weight})`).join(' ');
            console.log(`  ${t.padEnd(16)} ${d.score.toFixed(3)}  ${ev}`);
          }
        }
      }
    }
    return;
  }
  const reports = files.map(evaluateFile);
  if (json) {
    console.log(JSON.stringify(reports, null, 2));
    return;
  }
  for (const r of reports) {
    const n = r.results.classifier.abstract.n;
    console.log(
      `\n${r.file} (${n} papers; borderline = either answer is fine; '-' = no paper of that topic)\n`,
    );
    console.log(table(r));
    if (errors) {
      for (const mode of ['abstract', 'title'] as const) {
        for (const e of r.results.classifier[mode].errors)
          console.log(
            `  [${mode}] ${e.kind.toUpperCase()} ${e.topic.padEnd(16)} ${e.id}  ${e.title.slice(0, 90)}`,
          );
      }
    }
  }
}

if (
  import.meta.url.startsWith('file:') &&
  process.argv[1] &&
  resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  // `… | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`eval: ${(e as Error).message}`);
    process.exit(2);
  }
}
