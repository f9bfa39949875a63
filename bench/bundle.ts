/**
 * Sizes of a built extension (raw and gzip via zlib, level 9 like the stores' transfer), grouped
 * the way they are loaded: the content script(s), the background, and each HTML page with every
 * script/style/chunk it pulls in (read from the page's own <script>/<link> tags and, for shared
 * chunks, their static imports).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FileSize {
  file: string;
  raw: number;
  gzip: number;
}

export interface Bundle {
  /** 'content script', 'background' or 'page' */
  kind: 'content script' | 'background' | 'page';
  /** content-scripts/papers.js, background.js, reading-list.html */
  name: string;
  files: FileSize[];
  raw: number;
  gzip: number;
}

/** Budgets in gzip bytes (issue 6: content script ≤ 60 KB; background and pages as agreed). */
export const BUDGETS: Record<Bundle['kind'], number> = {
  'content script': 60 * 1024,
  background: 150 * 1024,
  page: 200 * 1024,
};

function size(dir: string, file: string): FileSize {
  const buf = readFileSync(path.join(dir, file));
  return { file, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
}

function walk(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel)).flatMap((n) => {
    const r = rel ? `${rel}/${n}` : n;
    return statSync(path.join(dir, r)).isDirectory() ? walk(dir, r) : [r];
  });
}

/** Static imports of a JS file, as paths relative to the output root. */
function jsImports(dir: string, file: string): string[] {
  const src = readFileSync(path.join(dir, file), 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/(?:import|export)\s*(?:[^'"();]*?\sfrom\s*)?["']([^"']+\.js)["']/g)) {
    const spec = m[1] as string;
    const resolved = spec.startsWith('/')
      ? spec.slice(1)
      : path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    if (existsSync(path.join(dir, resolved))) out.push(resolved);
  }
  return out;
}

function withDeps(dir: string, roots: string[]): string[] {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const f = stack.pop() as string;
    if (seen.has(f)) continue;
    seen.add(f);
    if (f.endsWith('.js')) stack.push(...jsImports(dir, f));
  }
  return [...seen];
}

function bundle(kind: Bundle['kind'], name: string, dir: string, files: string[]): Bundle {
  const sizes = files.map((f) => size(dir, f));
  return {
    kind,
    name,
    files: sizes,
    raw: sizes.reduce((n, s) => n + s.raw, 0),
    gzip: sizes.reduce((n, s) => n + s.gzip, 0),
  };
}

export class MissingBuildError extends Error {
  override name = 'MissingBuildError';
}

/** Every bundle of the built extension in `dir` (e.g. .output/chrome-mv3). */
export function measureBundles(dir: string): Bundle[] {
  const manifestPath = path.join(dir, 'manifest.json');
  if (!existsSync(manifestPath))
    throw new MissingBuildError(
      `${dir} has no manifest.json: build the extension first (npm run build:chrome, or npx wxt build)`,
    );
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    background?: { service_worker?: string; scripts?: string[] };
    content_scripts?: { js?: string[]; css?: string[] }[];
  };
  const out: Bundle[] = [];
  const scripts = new Map<string, string[]>();
  for (const cs of manifest.content_scripts ?? []) {
    for (const js of cs.js ?? []) scripts.set(js, [...new Set([js, ...(cs.css ?? [])])]);
  }
  for (const [js, files] of scripts) out.push(bundle('content script', js, dir, withDeps(dir, files)));
  const bg = manifest.background?.service_worker ?? manifest.background?.scripts?.[0];
  if (bg) out.push(bundle('background', bg, dir, withDeps(dir, [bg])));
  for (const html of walk(dir).filter((f) => f.endsWith('.html'))) {
    const src = readFileSync(path.join(dir, html), 'utf8');
    const refs = [...src.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)]
      .map((m) => (m[1] as string).replace(/^\//, ''))
      .filter((f) => existsSync(path.join(dir, f)));
    out.push(bundle('page', html, dir, withDeps(dir, [html, ...refs])));
  }
  return out;
}

export interface BudgetViolation {
  bundle: Bundle;
  budget: number;
}

export function overBudget(bundles: readonly Bundle[]): BudgetViolation[] {
  return bundles.filter((b) => b.gzip > BUDGETS[b.kind]).map((b) => ({ bundle: b, budget: BUDGETS[b.kind] }));
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
