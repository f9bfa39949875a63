/**
 * Size budgets of the built Chrome extension (issue 6), for scripts/test.sh right after the build:
 * exits 1 when the content script is over 60 KB gzip, the background over 150 KB or any page
 * over 200 KB, or when there is no build to check.
 *
 *   npx tsx bench/size-check.ts [output dir, default .output/chrome-mv3]
 */
import path from 'node:path';
import { BUDGETS, kb, MissingBuildError, measureBundles, overBudget } from './bundle';

const ROOT = path.resolve(import.meta.dirname, '..');
const dir = path.resolve(process.argv[2] ?? path.join(ROOT, '.output/chrome-mv3'));

try {
  const bundles = measureBundles(dir);
  for (const b of bundles) {
    const budget = BUDGETS[b.kind];
    const mark = b.gzip > budget ? 'OVER' : 'ok';
    console.log(
      `${mark.padEnd(4)} ${b.kind.padEnd(14)} ${b.name.padEnd(34)} ${kb(b.gzip).padStart(9)} gzip / ${kb(budget)} (${kb(b.raw)} raw)`,
    );
  }
  const over = overBudget(bundles);
  if (over.length) {
    console.error(
      `\nSize budget exceeded: ${over.map((v) => `${v.bundle.name} is ${kb(v.bundle.gzip)} gzip (budget ${kb(v.budget)})`).join('; ')}`,
    );
    process.exit(1);
  }
  console.log(`\nAll ${bundles.length} bundles within budget (${path.relative(ROOT, dir) || dir}).`);
} catch (e) {
  if (e instanceof MissingBuildError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
