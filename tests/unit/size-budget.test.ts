/**
 * The size budgets of issue 6 (content script ≤ 60 KB gzip, background ≤ 150 KB, each page
 * ≤ 200 KB with the chunks it loads), checked by bench/size-check.ts right after the build in
 * scripts/test.sh. Unit tests run before the build, so these tests check the checker on small
 * synthetic builds laid out like WXT's .output/chrome-mv3.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUDGETS, MissingBuildError, measureBundles, overBudget } from '../../bench/bundle';

const ROOT = path.resolve(import.meta.dirname, '../..');
const KB = 1024;
let dirs: string[] = [];

afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** Random text holding `kb` KB of entropy (base64 of random bytes), so its gzip size is ≈ kb KB. */
const noise = (kb: number) => randomBytes(kb * KB).toString('base64');

interface Layout {
  content?: number;
  background?: number;
  page?: number;
  shared?: number;
}

/** A build with one content script, a background, and a page whose chunk imports a shared chunk. */
function fakeBuild(kb: Layout = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'papersift-size-'));
  dirs.push(dir);
  for (const sub of ['content-scripts', 'chunks', 'assets']) mkdirSync(path.join(dir, sub));
  writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      background: { service_worker: 'background.js' },
      content_scripts: [{ matches: ['https://arxiv.org/list/*'], js: ['content-scripts/papers.js'] }],
    }),
  );
  writeFileSync(path.join(dir, 'content-scripts/papers.js'), `/*${noise(kb.content ?? 10)}*/`);
  writeFileSync(path.join(dir, 'background.js'), `/*${noise(kb.background ?? 10)}*/`);
  writeFileSync(path.join(dir, 'chunks/shared-abc.js'), `/*${noise(kb.shared ?? 5)}*/export const x = 1;`);
  writeFileSync(
    path.join(dir, 'chunks/reading-list-xyz.js'),
    `import { x } from "./shared-abc.js";/*${noise(kb.page ?? 10)}*/console.log(x);`,
  );
  writeFileSync(path.join(dir, 'assets/reading-list.css'), 'body{margin:0}');
  writeFileSync(
    path.join(dir, 'reading-list.html'),
    '<!doctype html><html><head><script type="module" crossorigin src="/chunks/reading-list-xyz.js"></script>' +
      '<link rel="stylesheet" crossorigin href="/assets/reading-list.css"></head><body></body></html>',
  );
  return dir;
}

const byName = (dir: string) => new Map(measureBundles(dir).map((b) => [b.name, b]));

describe('size budgets', () => {
  it('groups the build as loaded: content script, background, each page with its chunks and imports', () => {
    const bundles = byName(fakeBuild());
    expect([...bundles.keys()].sort()).toEqual([
      'background.js',
      'content-scripts/papers.js',
      'reading-list.html',
    ]);
    const page = bundles.get('reading-list.html');
    expect(page?.files.map((f) => f.file).sort()).toEqual([
      'assets/reading-list.css',
      'chunks/reading-list-xyz.js',
      'chunks/shared-abc.js',
      'reading-list.html',
    ]);
    expect(page?.gzip).toBeGreaterThan(14 * KB); // page chunk (10 KB) + shared chunk (5 KB) of noise
  });

  it('passes a build within every budget', () => {
    expect(overBudget(measureBundles(fakeBuild()))).toEqual([]);
  });

  it('fails when the content script is over 60 KB gzip', () => {
    const over = overBudget(measureBundles(fakeBuild({ content: 64 })));
    expect(over.map((v) => v.bundle.name)).toEqual(['content-scripts/papers.js']);
    expect(over[0]?.budget).toBe(BUDGETS['content script']);
    expect(BUDGETS['content script']).toBe(60 * KB);
  });

  it('fails when the background is over 150 KB gzip', () => {
    expect(overBudget(measureBundles(fakeBuild({ background: 155 }))).map((v) => v.bundle.name)).toEqual([
      'background.js',
    ]);
  });

  it('counts a shared chunk against the page that imports it (page over 200 KB)', () => {
    // neither chunk alone is over 200 KB; together they are
    expect(
      overBudget(measureBundles(fakeBuild({ page: 120, shared: 90 }))).map((v) => v.bundle.name),
    ).toEqual(['reading-list.html']);
  });

  it('says to build first when there is no build output', () => {
    const missing = path.join(tmpdir(), 'papersift-no-such-build');
    expect(() => measureBundles(missing)).toThrow(MissingBuildError);
    expect(() => measureBundles(missing)).toThrow(/build the extension first/);
  });

  it('bench/size-check.ts exits 1 on a regression and 0 within budget', () => {
    const run = (dir: string) => {
      try {
        execFileSync('npx', ['tsx', 'bench/size-check.ts', dir], { cwd: ROOT, stdio: 'pipe' });
        return 0;
      } catch (e) {
        return (e as { status: number }).status;
      }
    };
    expect(run(fakeBuild())).toBe(0);
    expect(run(fakeBuild({ content: 64 }))).toBe(1);
    expect(run(path.join(tmpdir(), 'papersift-no-such-build'))).toBe(1);
  }, 60_000); // three tsx start-ups on a busy 2-core machine
});
