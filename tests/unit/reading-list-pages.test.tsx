/** The popup and the options page (extension pages next to the reading list). */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { OptionsApp, userTopicId } from '../../entrypoints/options/App';
import { directTopicWriter } from '../../entrypoints/options/topic-writer';
import { PopupApp } from '../../entrypoints/popup/App';
import type { PaperSiftDB } from '../../storage/db';
import {
  buttonByText,
  byLabel,
  eachTestDbAndRoot,
  savedPaper,
  typeInto,
  waitFor,
} from './reading-list-helpers';

let db: PaperSiftDB;
let root: HTMLElement;
eachTestDbAndRoot((d, r) => {
  db = d;
  root = r;
});

const switchNamed = (name: string) =>
  [...root.querySelectorAll('[role="switch"]')].find(
    (el) => el.textContent?.trim() === name,
  ) as HTMLButtonElement;

describe('popup', () => {
  it('shows saved and to-read counts live and opens the reading list', async () => {
    await db.papers.bulkPut([
      savedPaper(1),
      savedPaper(2, { status: 'read' }),
      savedPaper(3, { status: 'dismissed' }),
    ]);
    let opened = 0;
    await act(() =>
      render(<PopupApp db={db} openReadingList={() => opened++} openOptions={() => {}} />, root),
    );
    await waitFor(() => expect(root.querySelector('.stats')?.textContent).toBe('Saved2To read1'));
    await db.papers.put(savedPaper(4));
    await waitFor(() => expect(root.querySelector('.stats')?.textContent).toBe('Saved3To read2'));
    await act(() => buttonByText(root, 'Open reading list').click());
    expect(opened).toBe(1);
  });
});

describe('options page', () => {
  async function mount() {
    await act(() => render(<OptionsApp db={db} topics={directTopicWriter(db, () => 42)} />, root));
    await waitFor(() => expect(switchNamed('MoE')).toBeTruthy());
  }

  it('switches built-in topics off and on, stored as builtin TopicRecords', async () => {
    await mount();
    for (const label of ['MoE', 'SAE', 'Sparse attention', 'Pruning']) {
      expect(switchNamed(label).getAttribute('aria-checked')).toBe('true');
    }
    await act(() => switchNamed('SAE').click());
    await waitFor(() => expect(switchNamed('SAE').getAttribute('aria-checked')).toBe('false'));
    expect(await db.topics.get('sae')).toMatchObject({
      id: 'sae',
      builtin: true,
      enabled: false,
      name: 'SAE',
    });
    await act(() => switchNamed('SAE').click());
    await waitFor(async () => expect((await db.topics.get('sae'))?.enabled).toBe(true));
  });

  it('creates, edits and deletes a user topic', async () => {
    await mount();
    await act(() => buttonByText(root, 'New topic').click());
    const form = root.querySelector('form') as HTMLFormElement;
    const [name, desc, inc, exc] = [...form.querySelectorAll('input, textarea')] as HTMLInputElement[];
    await act(() => buttonByText(form, 'Create topic').click());
    expect(form.querySelector('[role="alert"]')?.textContent).toBe('Give the topic a name.');
    await act(() => {
      typeInto(name as HTMLInputElement, 'KV cache');
      typeInto(desc as HTMLInputElement, 'Cache tricks');
      typeInto(inc as HTMLInputElement, 'kv cache\n token eviction \n\n');
      typeInto(exc as HTMLInputElement, 'quantisation');
    });
    await act(() => buttonByText(form, 'Create topic').click());
    await waitFor(async () =>
      expect(await db.topics.get('user:kv-cache')).toMatchObject({
        name: 'KV cache',
        description: 'Cache tricks',
        include: ['kv cache', 'token eviction'],
        exclude: ['quantisation'],
        builtin: false,
        enabled: true,
      }),
    );
    await waitFor(() => expect(switchNamed('KV cache')).toBeTruthy());

    const editButton = await waitFor(() => byLabel<HTMLButtonElement>(root, 'Edit topic KV cache'));
    await act(() => editButton.click());
    const edit = root.querySelector('form') as HTMLFormElement;
    await act(() => typeInto(edit.querySelector('input') as HTMLInputElement, 'KV-cache sparsity'));
    await act(() => buttonByText(edit, 'Save topic').click());
    await waitFor(async () => expect((await db.topics.get('user:kv-cache'))?.name).toBe('KV-cache sparsity'));

    // The store catches up with Dexie through liveQuery: wait for the renamed row, not only the record.
    const del = await waitFor(() => byLabel<HTMLButtonElement>(root, 'Delete topic KV-cache sparsity'));
    await act(() => del.click());
    await act(() => buttonByText(root, 'Delete topic').click());
    await waitFor(async () => expect(await db.topics.get('user:kv-cache')).toBeUndefined());
  });

  it('stores sites and theme in settings', async () => {
    await mount();
    await act(() => switchNamed('Hugging Face').click());
    await waitFor(async () =>
      expect((await db.settings.get('sites'))?.value).toEqual({
        arxiv: true,
        huggingface: false,
        openreview: true,
      }),
    );
    const dark = [...root.querySelectorAll('input[type="radio"]')].find(
      (r) => (r as HTMLInputElement).value === 'dark',
    ) as HTMLInputElement;
    await act(() => dark.click());
    await waitFor(async () => expect((await db.settings.get('theme'))?.value).toBe('dark'));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
  });

  it('deletes everything only after confirmation', async () => {
    await db.papers.bulkPut([savedPaper(1), savedPaper(2)]);
    await db.settings.put({ key: 'theme', value: 'light' });
    await mount();
    await act(() => buttonByText(root, 'Delete everything…').click());
    const dialog = root.querySelector('dialog') as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    await act(() => buttonByText(dialog, 'Cancel').click());
    expect(await db.papers.count()).toBe(2);
    await act(() => buttonByText(root, 'Delete everything…').click());
    await act(() => buttonByText(dialog, 'Delete everything').click());
    await waitFor(async () => expect(await db.papers.count()).toBe(0));
    expect(await db.settings.count()).toBe(0);
  });

  it('makes valid unique user topic ids', () => {
    expect(userTopicId('KV cache', new Set())).toBe('user:kv-cache');
    expect(userTopicId('KV cache', new Set(['user:kv-cache']))).toBe('user:kv-cache-2');
    expect(userTopicId('Überraschung!!', new Set())).toBe('user:uberraschung');
    expect(userTopicId('数学', new Set())).toBe('user:topic');
  });
});
