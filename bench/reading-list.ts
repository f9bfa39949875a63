/**
 * Part 4: the reading list (chrome-extension://<id>/reading-list.html) with 10,000 and 50,000
 * saved papers written straight into the extension's IndexedDB, plus JSON-backup import and
 * BibTeX export of 10,000.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import type { Browser } from './browser';
import { heap } from './browser';
import { ROOT } from './corpus';
import { measured, type Row, unavailable } from './report';
import { paperBatch, savedPapers, textPool } from './saved-papers';

const SECTION = '4 reading list';
const SIZES = [10_000, 50_000];
const SEARCH_WORDS = ['sparse', 'expert', 'pruning', 'autoencoder', 'attention', 'quantum', 'lattice'];
const QUIET_MS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes papers [from, to) into the `papers` store with the raw IndexedDB API, in batches. */
async function seed(page: Page, from: number, to: number): Promise<void> {
  const pool = textPool();
  for (let start = from; start < to; start += 5000) {
    await page.evaluate(paperBatch, { start, end: Math.min(to, start + 5000), pool, write: true });
  }
}

async function clearPapers(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const req = indexedDB.open('papersift');
      req.onsuccess = () => res(req.result);
      req.onerror = () => rej(req.error);
    });
    await new Promise<void>((res, rej) => {
      const tx = db.transaction('papers', 'readwrite');
      tx.objectStore('papers').clear();
      tx.oncomplete = () => res();
      tx.onerror = () => rej(tx.error);
    });
    db.close();
  });
}

interface RenderProbe {
  /** performance.now() when the first paper row (or the empty-state text) entered the DOM. */
  shownAt: number | null;
  /** ...and when the frame showing it had been produced. */
  paintedAt: number | null;
  rows: number;
}

declare global {
  interface Window {
    __rl?: RenderProbe;
    __kb?: { downAt: number | null; mutations: number[] };
  }
}

function installRenderProbe(): void {
  const p: RenderProbe = { shownAt: null, paintedAt: null, rows: 0 };
  window.__rl = p;
  const mo = new MutationObserver(() => {
    if (p.shownAt !== null) return;
    const rows = document.querySelectorAll('li.paper-row, [data-paper-id]').length;
    const empty = document.querySelector('.empty');
    if (rows > 0 || empty) {
      p.shownAt = performance.now();
      p.rows = rows;
      mo.disconnect();
      requestAnimationFrame(() =>
        setTimeout(() => {
          p.paintedAt = performance.now();
        }, 0),
      );
    }
  });
  mo.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
}

async function firstRender(page: Page, url: string): Promise<RenderProbe> {
  await page.goto(url);
  await page.waitForFunction(() => window.__rl?.paintedAt != null, undefined, {
    timeout: 30_000,
    polling: 50,
  });
  return (await page.evaluate(() => window.__rl)) as RenderProbe;
}

/** keydown → last DOM mutation in the page's main (results list and count) within a quiet window. */
async function keystrokes(page: Page, word: string, chars: number): Promise<number[]> {
  const box = page.getByRole('searchbox', { name: /^Search/ });
  await box.fill('');
  await sleep(QUIET_MS);
  await box.focus();
  await page.evaluate(() => {
    if (window.__kb) return;
    const kb = { downAt: null as number | null, mutations: [] as number[] };
    window.__kb = kb;
    window.addEventListener(
      'keydown',
      () => {
        kb.downAt = performance.now();
        kb.mutations = [];
      },
      true,
    );
    new MutationObserver(() => kb.mutations.push(performance.now())).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });
  const out: number[] = [];
  for (const ch of word.slice(0, chars)) {
    await page.keyboard.press(ch);
    const deadline = Date.now() + 5000;
    for (;;) {
      await sleep(50);
      const s = await page.evaluate(() => ({ ...window.__kb, now: performance.now() }));
      const last = s.mutations?.[s.mutations.length - 1];
      if (last !== undefined && s.downAt != null && s.now - last > QUIET_MS) {
        out.push(last - s.downAt);
        break;
      }
      if (Date.now() > deadline) break;
    }
  }
  return out;
}

async function loadModule(rel: string): Promise<Record<string, unknown> | null> {
  const file = path.join(ROOT, rel);
  if (!existsSync(file)) return null;
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

function timeIt(runs: number, fn: () => unknown): number[] {
  fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

interface ImportFixture {
  name: string;
  text: string;
}

/** Node: BibTeX export and JSON-backup parse of 10,000 (pure functions of lib/export). */
async function exportAndParse(runs: number): Promise<{ rows: Row[]; backup: ImportFixture | null }> {
  const rows: Row[] = [];
  const papers = await savedPapers(10_000, 200_000);
  const mod = await loadModule('lib/export/index.ts');
  const toBibtex = mod?.toBibtex as ((p: unknown[]) => string) | undefined;
  const bibName = 'BibTeX export of 10,000 (toBibtex, Node)';
  if (typeof toBibtex !== 'function')
    rows.push(
      unavailable(SECTION, bibName, 'ms', 'lib/export has no toBibtex', { kind: 'max', value: 1000 }),
    );
  else {
    let size = 0;
    const samples = timeIt(runs, () => {
      size = toBibtex(papers).length;
    });
    rows.push(
      measured(SECTION, bibName, 'ms', samples, {
        goal: { kind: 'max', value: 1000 },
        note: `${(size / 1024 / 1024).toFixed(1)} MB of BibTeX`,
      }),
    );
  }
  const toJsonBackup = mod?.toJsonBackup as ((d: unknown) => string) | undefined;
  const parseJsonBackup = mod?.parseJsonBackup as
    | ((t: string) => { ok: boolean; error?: string })
    | undefined;
  const parseName = 'JSON backup of 10,000: parse + validate (parseJsonBackup, Node)';
  if (typeof toJsonBackup !== 'function' || typeof parseJsonBackup !== 'function') {
    rows.push(unavailable(SECTION, parseName, 'ms', 'lib/export has no toJsonBackup/parseJsonBackup'));
    return { rows, backup: null };
  }
  const text = toJsonBackup({ papers, topics: [], corrections: [], models: [], settings: [] });
  let ok = true;
  const samples = timeIt(runs, () => {
    const r = parseJsonBackup(text);
    if (!r.ok) ok = false;
  });
  rows.push(
    measured(SECTION, parseName, 'ms', samples, {
      note: `${(text.length / 1024 / 1024).toFixed(1)} MB file${ok ? '' : '; the backup did NOT validate'}`,
    }),
  );
  return { rows, backup: { name: 'papersift-backup-bench.json', text } };
}

/**
 * The whole import as a user does it: choose the file in the reading list's import control →
 * the page's "Imported …" message (read, parse, validate, one Dexie transaction, notify).
 */
async function importThroughPage(page: Page, url: string, backup: ImportFixture, runs: number): Promise<Row> {
  const name = 'import 10,000 from a JSON backup (file chosen → "Imported" shown)';
  const goal = { kind: 'max', value: 3000 } as const;
  const input = page.locator('input[type="file"]').first();
  const buffer = Buffer.from(backup.text, 'utf8');
  const samples: number[] = [];
  let message = '';
  for (let i = 0; i < runs; i++) {
    await clearPapers(page);
    await firstRender(page, url);
    if ((await input.count()) === 0)
      return unavailable(SECTION, name, 'ms', 'the reading list has no file input', goal);
    await page.evaluate(() => {
      const w = window as unknown as { __imp: { t0: number | null; t1: number | null; text: string } };
      w.__imp = { t0: null, t1: null, text: '' };
      document.addEventListener('change', () => (w.__imp.t0 = performance.now()), true);
      const mo = new MutationObserver(() => {
        const el = Array.from(document.querySelectorAll('[role="status"], [role="alert"]')).find((e) =>
          /Imported|Nothing was changed|Could not/.test(e.textContent ?? ''),
        );
        if (el && w.__imp.t0 !== null && w.__imp.t1 === null) {
          w.__imp.t1 = performance.now();
          w.__imp.text = el.textContent ?? '';
        }
      });
      mo.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await input.setInputFiles({ name: backup.name, mimeType: 'application/json', buffer });
    await page.waitForFunction(
      () => (window as unknown as { __imp: { t1: number | null } }).__imp.t1 !== null,
      undefined,
      { timeout: 60_000, polling: 50 },
    );
    const r = await page.evaluate(
      () => (window as unknown as { __imp: { t0: number; t1: number; text: string } }).__imp,
    );
    message = r.text;
    if (!/Imported/.test(r.text)) return unavailable(SECTION, name, 'ms', `import failed: ${r.text}`, goal);
    samples.push(r.t1 - r.t0);
  }
  return measured(SECTION, name, 'ms', samples, {
    goal,
    note: `into an empty list each run; page said "${message.trim().slice(0, 90)}"`,
  });
}

export async function benchReadingList(b: Browser, runs: number): Promise<Row[]> {
  const rows: Row[] = [];
  const { rows: nodeRows, backup } = await exportAndParse(runs);
  rows.push(...nodeRows);
  if (!b.extensionId) return [...rows, unavailable(SECTION, 'first render', 'ms', 'no extension id')];
  const url = `chrome-extension://${b.extensionId}/reading-list.html`;
  const page = await b.context.newPage();
  await page.addInitScript(installRenderProbe);
  try {
    await firstRender(page, url);
  } catch (e) {
    await page.close();
    return [
      ...rows,
      unavailable(
        SECTION,
        'first render',
        'ms',
        `reading list did not render: ${(e as Error).message.split('\n')[0]}`,
      ),
    ];
  }
  if (backup) rows.push(await importThroughPage(page, url, backup, runs));
  await clearPapers(page);
  const empty: number[] = [];
  for (let i = 0; i < runs; i++) {
    const p = await firstRender(page, url);
    empty.push(p.paintedAt ?? Number.NaN);
  }
  let seeded = 0;
  for (const n of SIZES) {
    const t0 = performance.now();
    await seed(page, seeded, n);
    seeded = n;
    const seedS = (performance.now() - t0) / 1000;
    const render: number[] = [];
    let shownRows = 0;
    for (let i = 0; i < runs; i++) {
      const p = await firstRender(page, url);
      render.push(p.paintedAt ?? Number.NaN);
      shownRows = p.rows;
    }
    rows.push(
      measured(SECTION, `nav → first rows painted, ${n.toLocaleString('en-US')} papers`, 'ms', render, {
        baseline: { name: 'empty list', samples: empty },
        goal: { kind: 'max', value: 300 },
        note: `${shownRows} rows in the DOM (virtual list); seeding ${n.toLocaleString('en-US')} took ${seedS.toFixed(1)} s`,
      }),
    );
    const keys: number[] = [];
    for (let i = 0; i < runs; i++)
      keys.push(...(await keystrokes(page, SEARCH_WORDS[i % SEARCH_WORDS.length] as string, 3)));
    if (keys.length === 0)
      rows.push(
        unavailable(
          SECTION,
          `search keystroke → results, ${n.toLocaleString('en-US')}`,
          'ms',
          'typing changed nothing on the page',
          { kind: 'max', value: 50 },
        ),
      );
    else
      rows.push(
        measured(SECTION, `search keystroke → results, ${n.toLocaleString('en-US')} papers`, 'ms', keys, {
          goal: { kind: 'max', value: 50 },
          note: `keydown → last DOM mutation; ${keys.length} keystrokes (first 3 letters of ${runs} words); slowest ${Math.round(Math.max(...keys))} ms`,
        }),
      );
    const h = await heap(page);
    rows.push(
      measured(SECTION, `JS heap after GC, ${n.toLocaleString('en-US')} papers`, 'MB', [
        h.jsHeapUsed / 1024 / 1024,
      ]),
    );
  }
  await clearPapers(page);
  await page.close();
  return rows;
}
