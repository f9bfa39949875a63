import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
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

const notified: string[][] = [];
async function mount() {
  notified.length = 0;
  await act(() => render(<ReadingListApp db={db} notify={(ids) => notified.push([...ids])} />, root));
}

describe('reading list page', () => {
  it('lists saved papers newest first with title, authors, topic chips and links, hiding dismissed', async () => {
    await db.papers.bulkPut([
      savedPaper(1, { title: 'Old MoE paper', topics: ['moe'] }),
      savedPaper(3, { title: 'Newest SAE paper', topics: ['sae', 'sparse_attention'] }),
      savedPaper(2, { title: 'Middle pruning paper', topics: ['pruning'] }),
      savedPaper(4, { title: 'Dismissed one', status: 'dismissed' }),
    ]);
    await mount();
    await waitFor(() =>
      expect(titlesIn(root)).toEqual(['Newest SAE paper', 'Middle pruning paper', 'Old MoE paper']),
    );
    const first = root.querySelector('.paper-row') as HTMLElement;
    expect(first.textContent).toContain('Ada Lovelace, Alan Turing');
    expect([...first.querySelectorAll('.chip.topic')].map((c) => c.textContent)).toEqual([
      'SAE',
      'Sparse attention',
    ]);
    expect(first.querySelector('.row-title a')?.getAttribute('href')).toBe(
      'https://arxiv.org/abs/2601.10003',
    );
    expect(byLabel(first, 'PDF of Newest SAE paper').getAttribute('href')).toBe(
      'https://arxiv.org/pdf/2601.10003',
    );
    expect(root.querySelector('main')).not.toBeNull();
    expect(root.querySelector('header')).not.toBeNull();
  });

  it('updates live when a paper is saved elsewhere', async () => {
    await db.papers.put(savedPaper(1, { title: 'First' }));
    await mount();
    await waitFor(() => expect(titlesIn(root)).toEqual(['First']));
    await db.papers.put(savedPaper(2, { title: 'Saved in another tab' }));
    await waitFor(() => expect(titlesIn(root)).toEqual(['Saved in another tab', 'First']));
  });

  it('filters as you type over title, authors, abstract, notes and tags', async () => {
    await db.papers.bulkPut([
      savedPaper(1, { title: 'Routing experts', authors: ['Noam Shazeer'] }),
      savedPaper(2, { title: 'Dictionary features', notes: 'Read the appendix on TRANSCODERS' }),
      savedPaper(3, {
        title: 'Token eviction',
        tags: ['kv-cache'],
        abstract: 'We evict tokens from the cache.',
      }),
    ]);
    await mount();
    await waitFor(() => expect(titlesIn(root)).toHaveLength(3));
    const search = root.querySelector('input[type="search"]') as HTMLInputElement;
    expect(search.getAttribute('aria-label')).toMatch(/^Search/);
    for (const [q, expected] of [
      ['shaz', ['Routing experts']],
      ['transcoders', ['Dictionary features']],
      ['kv-cache', ['Token eviction']],
      ['evict cache', ['Token eviction']],
      ['features dictionary', ['Dictionary features']],
      ['nothing matches this', []],
      ['', ['Token eviction', 'Dictionary features', 'Routing experts']],
    ] as const) {
      await act(() => typeInto(search, q));
      expect(titlesIn(root)).toEqual(expected);
    }
  });

  it('removes a paper and brings it back with Undo', async () => {
    await db.papers.bulkPut([
      savedPaper(1, { title: 'Keep me', tags: ['x'], notes: 'my notes' }),
      savedPaper(2, { title: 'Remove me' }),
    ]);
    await mount();
    await waitFor(() => expect(titlesIn(root)).toHaveLength(2));
    const before = await db.papers.get('arxiv:2601.10002');
    await act(() => byLabel<HTMLButtonElement>(root, 'Remove Remove me').click());
    await waitFor(() => expect(titlesIn(root)).toEqual(['Keep me']));
    expect(await db.papers.get('arxiv:2601.10002')).toBeUndefined();
    // open sidebars are told, so the paper shows as unsaved there
    expect(notified).toEqual([['arxiv:2601.10002']]);
    await act(() => buttonByText(root, 'Undo').click());
    await waitFor(() => expect(titlesIn(root)).toEqual(['Remove me', 'Keep me']));
    expect(await db.papers.get('arxiv:2601.10002')).toEqual(before);
    expect(notified).toEqual([['arxiv:2601.10002'], ['arxiv:2601.10002']]);
  });

  it('renders hostile titles as literal text', async () => {
    const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    await db.papers.put(
      savedPaper(1, { title: hostile, authors: ['<b>Bold</b>'], url: 'javascript:alert(3)' }),
    );
    await mount();
    await waitFor(() => expect(titlesIn(root)).toEqual([hostile]));
    expect(root.querySelector('img, script, b')).toBeNull();
    expect(root.querySelector('a[href^="javascript"]')).toBeNull();
  });
});
