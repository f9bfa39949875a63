/** Labeled JSONL datasets (tests/fixtures/data/*.jsonl) and scoring with "borderline = either answer". */
import { readFileSync } from 'node:fs';
import { BUILTIN_TOPICS, type BuiltinTopicId } from '../lib/types';

export type Label = 'core' | 'borderline';

export interface LabeledPaper {
  id: string;
  title: string;
  abstract: string;
  labels: Partial<Record<BuiltinTopicId, Label>>;
  note?: string;
}

export function loadLabeled(path: string): LabeledPaper[] {
  const out: LabeledPaper[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let d: unknown;
      try {
        d = JSON.parse(line);
      } catch (e) {
        throw new Error(`${path}:${i + 1}: bad JSON: ${(e as Error).message}`);
      }
      const p = d as LabeledPaper;
      if (
        typeof p.id !== 'string' ||
        typeof p.title !== 'string' ||
        typeof p.labels !== 'object' ||
        p.labels === null
      )
        throw new Error(`${path}:${i + 1}: needs "id", "title" and "labels"`);
      for (const [t, l] of Object.entries(p.labels)) {
        if (!(BUILTIN_TOPICS as readonly string[]).includes(t))
          throw new Error(`${path}:${i + 1}: unknown topic "${t}"`);
        if (l !== 'core' && l !== 'borderline')
          throw new Error(`${path}:${i + 1}: label of ${t} must be core|borderline`);
      }
      out.push({ ...p, abstract: p.abstract ?? '' });
    });
  return out;
}

export interface TopicScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvalResult {
  n: number;
  perTopic: Record<BuiltinTopicId, TopicScore>;
  macroF1: number;
  /** Papers with no label at all ("other"). */
  others: number;
  /** "Other" papers that got at least one chip. */
  otherWithChip: number;
  otherFalseChipRate: number;
  /** Papers with at least one wrong chip (FP on a topic labeled neither core nor borderline). */
  papersWithFalseChip: number;
  errors: Array<{ id: string; title: string; topic: BuiltinTopicId; kind: 'fp' | 'fn' }>;
}

/** Scores predictions; a borderline label is "either answer is fine" (neither TP, FP nor FN). */
export function score(
  papers: readonly LabeledPaper[],
  predict: (p: LabeledPaper) => readonly string[],
): EvalResult {
  const counts = Object.fromEntries(BUILTIN_TOPICS.map((t) => [t, { tp: 0, fp: 0, fn: 0 }])) as Record<
    BuiltinTopicId,
    { tp: number; fp: number; fn: number }
  >;
  let others = 0;
  let otherWithChip = 0;
  let papersWithFalseChip = 0;
  const errors: EvalResult['errors'] = [];
  for (const p of papers) {
    const pred = new Set(predict(p));
    const isOther = Object.keys(p.labels).length === 0;
    if (isOther) {
      others++;
      if (BUILTIN_TOPICS.some((t) => pred.has(t))) otherWithChip++;
    }
    let falseChip = false;
    for (const t of BUILTIN_TOPICS) {
      const label = p.labels[t];
      const has = pred.has(t);
      const c = counts[t];
      if (label === 'borderline') continue;
      if (label === 'core') {
        if (has) c.tp++;
        else {
          c.fn++;
          errors.push({ id: p.id, title: p.title, topic: t, kind: 'fn' });
        }
      } else if (has) {
        c.fp++;
        falseChip = true;
        errors.push({ id: p.id, title: p.title, topic: t, kind: 'fp' });
      }
    }
    if (falseChip) papersWithFalseChip++;
  }
  const perTopic = {} as Record<BuiltinTopicId, TopicScore>;
  for (const t of BUILTIN_TOPICS) {
    const { tp, fp, fn } = counts[t];
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perTopic[t] = { tp, fp, fn, precision, recall, f1 };
  }
  // Macro-F1 over the topics the file has something to say about (a positive or a false positive);
  // a file of "other" papers only has none, and its figure is its false-chip rate.
  const supported = BUILTIN_TOPICS.filter((t) => perTopic[t].tp + perTopic[t].fn + perTopic[t].fp > 0);
  const macroF1 =
    supported.length === 0 ? 1 : supported.reduce((s, t) => s + perTopic[t].f1, 0) / supported.length;
  return {
    n: papers.length,
    perTopic,
    macroF1,
    others,
    otherWithChip,
    otherFalseChipRate: others === 0 ? 0 : otherWithChip / others,
    papersWithFalseChip,
    errors,
  };
}
