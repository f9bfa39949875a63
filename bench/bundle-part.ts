/** Part 5: bundle sizes of the built extension, raw and gzip, against the size budgets. */
import { BUDGETS, measureBundles } from './bundle';
import { measured, type Row } from './report';

const SECTION = '5 bundle (gzip)';

export function benchBundles(dir: string): Row[] {
  return measureBundles(dir).map((b) =>
    measured(SECTION, `${b.kind} ${b.name}`, 'KB', [b.gzip / 1024], {
      goal: { kind: 'max', value: BUDGETS[b.kind] / 1024 },
      note: `${(b.raw / 1024).toFixed(1)} KB raw; ${b.files.map((f) => `${f.file} ${(f.gzip / 1024).toFixed(1)} KB`).join(', ')}`,
    }),
  );
}
