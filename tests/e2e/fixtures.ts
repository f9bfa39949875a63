/**
 * Playwright fixtures: a persistent Chromium context with the real built extension loaded, and
 * saved real pages served by routing their real URLs (there is no network here).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, test as base, chromium, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS, extensionArgs } from './chromium';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = path.join(ROOT, '.output/chrome-mv3');
export const PAGES_DIR = path.join(ROOT, 'tests/fixtures/pages');

export function fixturePage(name: string): string {
  return readFileSync(path.join(PAGES_DIR, name), 'utf8');
}

interface Fixtures {
  context: BrowserContext;
  extensionId: string;
  /** Serve `body` (HTML) at `url` and open it in a new tab. */
  openRouted: (url: string, body: string, contentType?: string) => Promise<Page>;
}

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixture signature
  context: async ({}, use) => {
    const userDataDir = mkdtempSync(path.join(tmpdir(), 'papersift-e2e-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [...extensionArgs(EXTENSION_DIR), ...CHROMIUM_ARGS],
    });
    // Nothing may leave the machine: anything not routed by a test is refused.
    await context.route(/^https?:\/\//, (route) => route.abort('internetdisconnected'));
    await use(context);
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  },
  extensionId: async ({ context }, use) => {
    let [worker] = context.serviceWorkers();
    if (!worker) worker = await context.waitForEvent('serviceworker');
    await use(new URL(worker.url()).host);
  },
  openRouted: async ({ context }, use) => {
    await use(async (url, body, contentType = 'text/html; charset=utf-8') => {
      await context.route(url, (route) => route.fulfill({ status: 200, contentType, body }));
      const page = await context.newPage();
      await page.goto(url);
      return page;
    });
  },
});

export const expect = test.expect;

/** The sidebar landmark (inside the open shadow root; Playwright pierces open shadow roots). */
export function sidebar(page: Page) {
  return page.getByRole('complementary', { name: 'PaperSift' });
}
