/**
 * Figures of `npm run bench`: one row per measured figure (median of several runs, optional
 * baseline measured in the same run, ratio, goal, verdict), printed as a table and saved as JSON.
 */

export type Unit = 'ms' | 'MB' | 'KB' | 'abstracts/s' | '×' | 'count' | 'nodes';

export interface Goal {
  /** 'max': the figure must be ≤ value; 'min': ≥ value. */
  kind: 'max' | 'min';
  value: number;
  /**
   * What the goal is compared with: the figure itself (default), its ratio to the baseline, or
   * its difference from the baseline (e.g. "the extension adds ≤ 250 ms").
   */
  on?: 'value' | 'ratio' | 'delta';
}

export interface Row {
  section: string;
  name: string;
  /** Median over `runs` (null when the part could not run). */
  median: number | null;
  unit: Unit;
  runs: number;
  /** Every run's value, in order, so noise is visible in the JSON. */
  samples?: number[];
  baseline?: { name: string; median: number; samples?: number[] };
  ratio?: number;
  goal?: Goal;
  pass?: boolean;
  /** Why the figure is missing, or a short remark on what was measured. */
  note?: string;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function verdict(value: number, goal: Goal | undefined): boolean | undefined {
  if (!goal || !Number.isFinite(value)) return undefined;
  return goal.kind === 'max' ? value <= goal.value : value >= goal.value;
}

/** A row from samples (and optional baseline samples); the verdict follows goal.on. */
export function measured(
  section: string,
  name: string,
  unit: Unit,
  samples: readonly number[],
  opts: {
    goal?: Goal;
    baseline?: { name: string; samples: readonly number[] };
    /** ratio = baseline / value instead of value / baseline (e.g. for throughputs). */
    invertRatio?: boolean;
    note?: string;
  } = {},
): Row {
  const m = median(samples);
  const row: Row = { section, name, median: m, unit, runs: samples.length, samples: [...samples] };
  if (opts.baseline) {
    const b = median(opts.baseline.samples);
    row.baseline = { name: opts.baseline.name, median: b, samples: [...opts.baseline.samples] };
    row.ratio = opts.invertRatio ? b / m : m / b;
  }
  if (opts.goal) {
    row.goal = opts.goal;
    let compared = m;
    if (opts.goal.on === 'ratio') compared = row.ratio ?? Number.NaN;
    else if (opts.goal.on === 'delta') compared = row.baseline ? m - row.baseline.median : Number.NaN;
    row.pass = verdict(compared, opts.goal);
  }
  if (opts.note) row.note = opts.note;
  return row;
}

export function unavailable(section: string, name: string, unit: Unit, why: string, goal?: Goal): Row {
  const row: Row = { section, name, median: null, unit, runs: 0, note: `not available: ${why}` };
  if (goal) row.goal = goal;
  return row;
}

const fmt = (v: number | null | undefined, unit?: Unit): string => {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const abs = Math.abs(v);
  const digits = unit === 'count' || unit === 'nodes' ? 0 : abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
};

function goalText(g: Goal | undefined, unit: Unit): string {
  if (!g) return '';
  const op = g.kind === 'max' ? '≤' : '≥';
  if (g.on === 'ratio') return `ratio ${op} ${g.value}×`;
  if (g.on === 'delta') return `adds ${op} ${g.value} ${unit}`;
  return `${op} ${g.value} ${unit}`;
}

/** Plain-text table (also valid Markdown) of the rows, grouped by section. */
export function formatTable(rows: readonly Row[]): string {
  const header = ['figure', 'median', 'unit', 'runs', 'baseline (median)', 'ratio', 'goal', 'verdict'];
  const body = rows.map((r) => [
    `${r.section}: ${r.name}`,
    r.median === null ? 'n/a' : fmt(r.median, r.unit),
    r.unit,
    String(r.runs),
    r.baseline ? `${r.baseline.name} ${fmt(r.baseline.median, r.unit)}` : '',
    r.ratio !== undefined && Number.isFinite(r.ratio) ? `${fmt(r.ratio)}×` : '',
    goalText(r.goal, r.unit),
    r.median === null ? 'n/a' : r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const out = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)];
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.section}: ${r.name}: ${r.note}`);
  return [...out, ...(notes.length ? ['', 'Notes:', ...notes] : [])].join('\n');
}
