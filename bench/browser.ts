/**
 * Headless Debian Chromium through Playwright, set up like tests/e2e/fixtures.ts: a persistent
 * context with the built extension loaded (or, for baselines, the same context without it), no
 * network (every http(s) request is refused unless a benchmark routes it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from '@playwright/test';

import { CHROMIUM, CHROMIUM_ARGS, extensionArgs } from '../tests/e2e/chromium';
import { installListingProbe } from './page-probes';
import type { BuiltPage } from './pages';

export { CHROMIUM };

export interface Browser {
  context: BrowserContext;
  /** Extension id (host of the service worker URL), null without the extension. */
  extensionId: string | null;
  /** Requests that reached the "network" layer, by host (all refused unless routed). */
  requests: Map<string, number>;
  close(): Promise<void>;
}

const BASE_ARGS = [
  ...CHROMIUM_ARGS,
  // performance.memory with real (not bucketed) numbers
  '--enable-precise-memory-info',
];

export async function launch(extensionDir: string | null): Promise<Browser> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), `papersift-bench-${extensionDir ? 'ext' : 'noext'}-`));
  const args = extensionDir
    ? [...extensionArgs(extensionDir), ...BASE_ARGS]
    : ['--disable-extensions', ...BASE_ARGS];
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args,
  });
  // tsx (esbuild keepNames) wraps named inner functions of the probes in `__name(fn, 'name')`;
  // Playwright ships those functions to pages as source, where `__name` must exist.
  await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  const requests = new Map<string, number>();
  context.on('request', (r) => {
    const u = r.url();
    if (!/^https?:/.test(u)) return;
    const host = new URL(u).host;
    requests.set(host, (requests.get(host) ?? 0) + 1);
  });
  // Nothing may leave the machine: anything not routed by a benchmark is refused.
  await context.route(/^https?:\/\//, (route) => route.abort('internetdisconnected'));
  let extensionId: string | null = null;
  if (extensionDir) {
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent('serviceworker', { timeout: 20_000 });
    extensionId = new URL(worker.url()).host;
  }
  return {
    context,
    extensionId,
    requests,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Serve `html` at `url` in this context (the real URL, so the content script matches). */
export async function routeHtml(context: BrowserContext, url: string, html: string): Promise<void> {
  const body = Buffer.from(html, 'utf8');
  await context.route(url, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }),
  );
}

export interface HeapSample {
  /** CDP Performance.getMetrics JSHeapUsedSize of the page's renderer isolate (all worlds), bytes. */
  jsHeapUsed: number;
  /** Same, without a forced GC first. */
  jsHeapUsedNoGc: number;
  /** DOM nodes of the page (document + shadow trees). */
  nodes: number;
}

/**
 * Heap of the page target. V8 keeps one isolate per renderer thread, and the content script's
 * isolated world is a context in that isolate, so JSHeapUsedSize covers the page's main world
 * AND the content script; it does not cover the extension's service worker (another process).
 */
export async function heap(page: Page): Promise<HeapSample> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    const read = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (n: string) => metrics.find((m) => m.name === n)?.value ?? Number.NaN;
      return { heap: get('JSHeapUsedSize'), nodes: get('Nodes') };
    };
    const before = await read();
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const after = await read();
    return { jsHeapUsed: after.heap, jsHeapUsedNoGc: before.heap, nodes: after.nodes };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

export function chromiumVersion(): string {
  try {
    return execFileSync(CHROMIUM, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

/** A new tab of `b` on `built`, once its sidebar is ready (the bench's listing probe says so). */
export async function openReady(b: Browser, built: BuiltPage): Promise<Page> {
  const page = await b.context.newPage();
  await page.addInitScript(installListingProbe, built.count);
  await page.goto(built.url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__bench?.readyAt != null, undefined, {
    timeout: 60_000,
    polling: 100,
  });
  return page;
}
