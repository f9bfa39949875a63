import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { NOTES_SAVE_DELAY_MS } from '../../components/reading-list/DetailsPanel';
import { ReadingListApp } from '../../entrypoints/reading-list/App';
import type { PaperSiftDB } from '../../storage/db';
import {
  buttonByText,
  byLabel,
  eachTestDbAndRoot,
  savedPaper,
  titlesIn,
  typeInto,
  waitFor,
} from './reading-list-helpers';

let db: PaperSiftDB;
let root: HTMLElement;
eachTestDbAndRoot((d, r) => {
  db = d;
  root = r;
});

async function mount() {
  await act(() => render(<ReadingListApp db={db} />, root));
}

function change(el: HTMLSelectElement | HTMLInputElement, value: string) {
  el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('reading list actions', () => {
  it('sets status, star, tags and notes (notes saved as you type)', async () => {
    await db.papers.put(savedPaper(1, { title: 'Alpha' }));
    await mount();
    await waitFor(() => expect(titlesIn(root)).toEqual(['Alpha']));

    await act(() => change(byLabel<HTMLSelectElement>(root, 'Status of Alpha'), 'reading'));
    await waitFor(async () => expect((await db.papers.get('arxiv:2601.10001'))?.status).toBe('reading'));
    await act(() => byLabel<HTMLButtonElement>(root, 'Star Alpha').click());
    await waitFor(() => expect(byLabel(root, 'Star Alpha').getAttribute('aria-pressed')).toBe('true'));

    await act(() => byLabel<HTMLButtonElement>(root, 'Notes and tags for Alpha').click());
    const panel = await waitFor(() => root.querySelector('#details-panel') as HTMLElement);
    const tagInput = panel.querySelector('input[list]') as HTMLInputElement;
    await act(() => typeInto(tagInput, 'moe'));
    await act(() => buttonByText(panel, 'Add tag').click());
    await act(() => typeInto(tagInput, 'survey,'));
    await waitFor(async () =>
      expect((await db.papers.get('arxiv:2601.10001'))?.tags).toEqual(['moe', 'survey']),
    );

    const notes = panel.querySelector('textarea') as HTMLTextAreaElement;
    await act(() => typeInto(notes, 'Line one\nLine <b>two</b>'));
    expect((await db.papers.get('arxiv:2601.10001'))?.notes).toBe('');
    await new Promise((r) => setTimeout(r, NOTES_SAVE_DELAY_MS + 100));
    await waitFor(async () =>
      expect((await db.papers.get('arxiv:2601.10001'))?.notes).toBe('Line one\nLine <b>two</b>'),
    );
    expect(root.querySelector('b')).toBeNull();

    // the search covers notes and tags
    const search = root.querySelector('input[type="search"]') as HTMLInputElement;
    await act(() => typeInto(search, 'survey'));
    expect(titlesIn(root)).toEqual(['Alpha']);
  });

  it('filters by status (dismissed hidden by default), topic and tag, and sorts', async () => {
    await db.papers.bulkPut([
      savedPaper(1, { title: 'B read moe', status: 'read', topics: ['moe'], tags: ['x'] }),
      savedPaper(2, { title: 'A to read sae', topics: ['sae'] }),
      savedPaper(3, { title: 'C dismissed', status: 'dismissed' }),
    ]);
    await mount();
    await waitFor(() => expect(titlesIn(root)).toEqual(['A to read sae', 'B read moe']));
    const selects = [...root.querySelectorAll('.filter-row select')] as HTMLSelectElement[];
    const [status, topic, tag, , , sort] = selects as [
      HTMLSelectElement,
      HTMLSelectElement,
      HTMLSelectElement,
      HTMLSelectElement,
      HTMLSelectElement,
      HTMLSelectElement,
    ];
    await act(() => change(status, 'dismissed'));
    expect(titlesIn(root)).toEqual(['C dismissed']);
    await act(() => change(status, 'all'));
    expect(titlesIn(root)).toHaveLength(3);
    await act(() => change(topic, 'moe'));
    expect(titlesIn(root)).toEqual(['B read moe']);
    expect([...topic.options].map((o) => o.text)).toEqual(expect.arrayContaining(['MoE', 'SAE']));
    await act(() => change(topic, ''));
    await act(() => change(tag, 'x'));
    expect(titlesIn(root)).toEqual(['B read moe']);
    await act(() => change(tag, ''));
    await act(() => change(sort, 'title-asc'));
    expect(titlesIn(root)).toEqual(['A to read sae', 'B read moe', 'C dismissed']);
    await act(() => change(sort, 'added-asc'));
    expect(titlesIn(root)).toEqual(['B read moe', 'A to read sae', 'C dismissed']);
  });

  it('bulk status, tag and delete apply to the selection in one go, with undo', async () => {
    await db.papers.bulkPut([1, 2, 3].map((n) => savedPaper(n, { title: `P${n}` })));
    await mount();
    await waitFor(() => expect(titlesIn(root)).toHaveLength(3));
    await act(() => byLabel<HTMLInputElement>(root, 'Select P1').click());
    await act(() => byLabel<HTMLInputElement>(root, 'Select P3').click());
    await waitFor(() => expect(root.textContent).toContain('2 selected'));

    await act(() => change(byLabel<HTMLSelectElement>(root, 'Set status of selected papers'), 'read'));
    await waitFor(async () =>
      expect((await db.papers.toArray()).map((p) => p.status)).toEqual(['read', 'to-read', 'read']),
    );
    await act(() => buttonByText(root, 'Undo').click());
    await waitFor(async () =>
      expect((await db.papers.toArray()).every((p) => p.status === 'to-read')).toBe(true),
    );

    await act(() => typeInto(byLabel<HTMLInputElement>(root, 'Tag for selected papers'), 'batch'));
    await act(() => byLabel<HTMLButtonElement>(root, 'Add tag to selected').click());
    await waitFor(async () =>
      expect((await db.papers.toArray()).map((p) => p.tags)).toEqual([['batch'], [], ['batch']]),
    );

    await act(() => buttonByText(root, 'Delete selected').click());
    await waitFor(() => expect(titlesIn(root)).toEqual(['P2']));
    expect(await db.papers.count()).toBe(1);
    await act(() => buttonByText(root, 'Undo').click());
    await waitFor(() => expect(titlesIn(root)).toEqual(['P3', 'P2', 'P1']));
  });

  it('stays fast at 10,000 papers: renders a window of rows and searches within a frame', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      savedPaper(i, {
        id: `arxiv:2601.${String(i).padStart(5, '0')}`,
        title: i === 4321 ? 'Needle in the haystack' : `Paper ${i} on sparse things`,
      }),
    );
    await db.papers.bulkPut(many);
    await mount();
    await waitFor(() => expect(root.textContent).toContain('10,000 papers'), 10_000);
    const rows = root.querySelectorAll('.paper-row').length;
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(60);
    const list = root.querySelector('.virtual-list') as HTMLElement;
    expect(list.querySelector('[aria-setsize="10000"]')).not.toBeNull();
    const search = root.querySelector('input[type="search"]') as HTMLInputElement;
    await act(() => typeInto(search, 'needle')); // warm the search index
    await act(() => typeInto(search, ''));
    const times: number[] = [];
    for (const q of ['haystack', 'sparse', 'haystack']) {
      const t0 = performance.now();
      await act(() => typeInto(search, q));
      times.push(performance.now() - t0);
    }
    expect(titlesIn(root)).toEqual(['Needle in the haystack']);
    // Generous: happy-dom under a loaded test run is far slower than a browser (a few ms there);
    // an accidental O(n²) or a full re-read per keystroke would take seconds.
    expect(times.sort((a, b) => a - b)[1]).toBeLessThan(400);
  }, 30_000);

  it('renders short lists whole (find in page and outside checks see every paper)', async () => {
    await db.papers.bulkPut(
      Array.from({ length: 120 }, (_, i) => savedPaper(i, { title: `Short list ${i}` })),
    );
    await mount();
    await waitFor(() => expect(titlesIn(root)).toHaveLength(120));
  });

  it('is keyboard operable: / search, j/k move, x select, s star', async () => {
    await db.papers.bulkPut([1, 2, 3].map((n) => savedPaper(n, { title: `P${n}` })));
    await mount();
    await waitFor(() => expect(titlesIn(root)).toEqual(['P3', 'P2', 'P1']));
    const key = (k: string) =>
      act(() => {
        (document.activeElement ?? document.body).dispatchEvent(
          new KeyboardEvent('keydown', { key: k, bubbles: true }),
        );
      });
    const focusedTitle = () =>
      document.activeElement?.closest('.paper-row')?.querySelector('.row-title')?.textContent;
    await key('j');
    await waitFor(() => expect(focusedTitle()).toBe('P3'));
    await key('j');
    await waitFor(() => expect(focusedTitle()).toBe('P2'));
    await key('x');
    await waitFor(() => expect(root.textContent).toContain('1 selected'));
    await key('s');
    await waitFor(async () => expect((await db.papers.get(savedPaper(2).id))?.starred).toBe(true));
    await key('k');
    await waitFor(() => expect(focusedTitle()).toBe('P3'));
    await key('/');
    expect(document.activeElement?.getAttribute('type')).toBe('search');
  });

  it('has named landmarks and every control named', async () => {
    await db.papers.put(savedPaper(1, { title: 'Alpha', topics: ['moe'] }));
    await mount();
    await waitFor(() => expect(titlesIn(root)).toEqual(['Alpha']));
    expect(root.querySelector('header h1')?.textContent).toBe('Reading list');
    expect(root.querySelector('main')).not.toBeNull();
    const exports = [...root.querySelectorAll('button')].map(
      (b) => b.getAttribute('aria-label') ?? b.textContent,
    );
    for (const name of [
      'Export BibTeX',
      'Export RIS',
      'Export CSV',
      'Export Markdown',
      'Export JSON backup',
    ]) {
      expect(exports).toContain(name);
    }
    const file = root.querySelector('input[type="file"]') as HTMLInputElement;
    expect(file.closest('label')?.textContent?.trim()).toBe('Import backup or BibTeX');
    for (const el of root.querySelectorAll('button, select, input, textarea')) {
      const named =
        el.getAttribute('aria-label') ||
        el.textContent?.trim() ||
        el.closest('label')?.textContent?.trim() ||
        (el.id && root.querySelector(`label[for="${el.id}"]`));
      expect(named, el.outerHTML.slice(0, 120)).toBeTruthy();
    }
  });
});
