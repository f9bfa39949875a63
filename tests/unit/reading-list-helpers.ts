/** Helpers for reading-list component tests: papers, a fresh database, waiting for liveQuery. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach } from 'vitest';
import { PaperSiftDB, type SavedPaper } from '../../storage/db';

let dbCounter = 0;
export function freshDb(): PaperSiftDB {
  return new PaperSiftDB(`papersift-test-${Date.now()}-${dbCounter++}`);
}

/**
 * For every test of the file: a fresh database and a root element attached to the document, handed
 * to `use`; afterwards the root is unmounted and removed and the database deleted.
 */
export function eachTestDbAndRoot(use: (db: PaperSiftDB, root: HTMLElement) => void): void {
  let db: PaperSiftDB;
  let root: HTMLElement;
  beforeEach(() => {
    db = freshDb();
    root = document.createElement('div');
    document.body.append(root);
    use(db, root);
  });
  afterEach(async () => {
    await act(() => render(null, root));
    root.remove();
    db.close();
    await db.delete();
  });
}

export function savedPaper(n: number, over: Partial<SavedPaper> = {}): SavedPaper {
  const arxivId = `2601.${String(10000 + n).slice(-5)}`;
  return {
    id: `arxiv:${arxivId}`,
    title: `Paper number ${n}`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    abstract: `Abstract of paper ${n}.`,
    url: `https://arxiv.org/abs/${arxivId}`,
    pdfUrl: `https://arxiv.org/pdf/${arxivId}`,
    site: 'arxiv',
    categories: ['cs.LG'],
    topics: [],
    sites: ['arxiv'],
    savedAt: 1_780_000_000_000 + n * 60_000,
    updatedAt: 1_780_000_000_000 + n * 60_000,
    status: 'to-read',
    tags: [],
    notes: '',
    starred: false,
    ...over,
  };
}

/** Polls (flushing Preact effects) until `check` stops throwing. */
export async function waitFor<T>(check: () => T | Promise<T>, timeout = 10_000): Promise<T> {
  const start = Date.now();
  let last: unknown;
  while (Date.now() - start < timeout) {
    try {
      await act(async () => {
        await new Promise((r) => setTimeout(r, 10));
      });
      return await check();
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

export function typeInto(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

export function titlesIn(root: ParentNode): string[] {
  return [...root.querySelectorAll('.paper-row .row-title')].map((el) => el.textContent ?? '');
}

export function byLabel<T extends Element = HTMLElement>(root: ParentNode, label: string): T {
  const el = root.querySelector(`[aria-label="${CSS.escape(label)}"]`);
  if (!el) throw new Error(`no element labelled ${label}`);
  return el as unknown as T;
}

export function buttonByText(root: ParentNode, text: string): HTMLButtonElement {
  const b = [...root.querySelectorAll('button')].find((el) => el.textContent?.trim() === text);
  if (!b) throw new Error(`no button ${text}`);
  return b;
}
