/**
 * Builds the Chrome extension for the benchmark with WXT's own build (what `npx wxt build` runs),
 * into a directory of its own so a bench run never replaces the .output/chrome-mv3 that tests
 * or other people are using. `--head` builds the last commit (a `git archive` snapshot) instead
 * of the working tree, to measure what is committed while work in progress sits in the tree.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'wxt';
import { ROOT } from './corpus';

export interface BuiltExtension {
  /** The chrome-mv3 directory to load. */
  dir: string;
  /** What was built: 'working tree' or 'HEAD <sha>'. */
  source: string;
  ms: number;
  cleanup(): void;
}

function gitHead(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export async function buildExtension(fromHead: boolean): Promise<BuiltExtension> {
  const started = performance.now();
  let root = ROOT;
  let snapshot: string | null = null;
  const sha = gitHead();
  if (fromHead) {
    snapshot = mkdtempSync(path.join(tmpdir(), 'papersift-bench-src-'));
    execFileSync('sh', ['-c', `git archive HEAD | tar -x -C "${snapshot}"`], { cwd: ROOT });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(snapshot, 'node_modules'));
    root = snapshot;
  }
  const outBase = fromHead ? path.join(root, '.output') : path.join(ROOT, '.output/bench');
  await build({ root, outDir: outBase, browser: 'chrome', manifestVersion: 3, logger: quietLogger() });
  return {
    dir: path.join(outBase, 'chrome-mv3'),
    source: fromHead ? `HEAD ${sha}` : `working tree (HEAD ${sha} + uncommitted changes)`,
    ms: performance.now() - started,
    cleanup() {
      if (snapshot) rmSync(snapshot, { recursive: true, force: true });
    },
  };
}

/** WXT's logger, minus the progress spinner and file list (the bench prints its own table). */
function quietLogger() {
  const noop = () => {};
  const warn = (...a: unknown[]) => console.warn('[wxt]', ...a);
  return {
    debug: noop,
    log: noop,
    info: noop,
    warn,
    error: (...a: unknown[]) => console.error('[wxt]', ...a),
    fatal: (...a: unknown[]) => console.error('[wxt]', ...a),
    success: noop,
    level: 3,
  };
}
