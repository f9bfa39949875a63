/** Options page → Topics: export/import of a topics file, and a topic's example papers. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyCorrection, parseTopicsJson } from '../../classifier';
import { OptionsApp } from '../../entrypoints/options/App';
import { directTopicWriter } from '../../entrypoints/options/topic-writer';
import type { PaperSiftDB, TopicRecord } from '../../storage/db';
import { searchTitles, type TitleEntry } from '../../storage/paper-titles';
import { listModels, listTopics, putModel, putTopic } from '../../storage/topics';
import { buttonByText, byLabel, freshDb, savedPaper, typeInto, waitFor } from './reading-list-helpers';

let db: PaperSiftDB;
let root: HTMLElement;
let downloads: { name: string; blob: Blob }[];
beforeEach(() => {
  db = freshDb();
  root = document.createElement('div');
  document.body.append(root);
  downloads = [];
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, b as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    const blob = blobs.get(this.getAttribute('href') ?? '');
    if (blob) downloads.push({ name: this.download, blob });
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await act(() => render(null, root));
  root.remove();
  db.close();
  await db.delete();
});

const kvCache = (over: Partial<TopicRecord> = {}): TopicRecord => ({
  id: 'user:kv-cache',
  name: 'KV cache',
  description: 'Cache tricks',
  include: ['kv cache'],
  exclude: [],
  builtin: false,
  enabled: true,
  examples: [{ paperId: 'arxiv:2601.10001', title: 'Paper number 1', abstract: 'Abstract of paper 1.' }],
  createdAt: 1,
  ...over,
});

async function mount() {
  await act(() => render(<OptionsApp db={db} topics={directTopicWriter(db, () => 100)} />, root));
  await waitFor(() => expect(root.querySelector('[role="switch"]')).toBeTruthy());
}

const importInput = () => {
  const input = [...root.querySelectorAll<HTMLInputElement>('input[type="file"]')].find((i) =>
    i.closest('label')?.textContent?.trim().startsWith('Import topics'),
  );
  if (!input) throw new Error('no "Import topics" file input');
  return input;
};

async function importText(text: string, name = 'topics.json') {
  const input = importInput();
  Object.defineProperty(input, 'files', {
    configurable: true,
    value: [new File([text], name, { type: 'application/json' })],
  });
  await act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

const topicsMessage = () => root.querySelector('.topics-file .data-message');

const file = (topics: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'papersift-topics', version: 1, topics, ...extra });

describe('Export topics', () => {
  it('downloads papersift-topics-YYYY-MM-DD.json with topics, examples, switched-off built-ins, thresholds and models', async () => {
    await putTopic(db, kvCache({ threshold: 0.65 }));
    await putTopic(db, {
      ...kvCache({ id: 'sae', name: 'SAE', builtin: true, enabled: false }),
      examples: [],
    });
    const moe = applyCorrection({}, 'moe', { title: 'Experts routing', abstract: '' }, 1);
    await putModel(db, 'moe', moe);
    await mount();
    await act(() => buttonByText(root, 'Export topics').click());
    await waitFor(() => expect(downloads).toHaveLength(1));
    const [d] = downloads;
    expect(d?.name).toMatch(/^papersift-topics-\d{4}-\d{2}-\d{2}\.json$/);
    const parsed = parseTopicsJson(await (d as { blob: Blob }).blob.text());
    expect(parsed.topics).toEqual([
      {
        id: 'user:kv-cache',
        name: 'KV cache',
        description: 'Cache tricks',
        include: ['kv cache'],
        exclude: [],
        examples: kvCache().examples,
      },
    ]);
    expect(parsed.disabledBuiltins).toEqual(['sae']);
    expect(parsed.thresholds).toEqual({ 'user:kv-cache': 0.65 });
    expect(parsed.learned).toEqual({ moe });
    await waitFor(() =>
      expect(topicsMessage()?.textContent).toMatch(/^Saved papersift-topics-.*with 1 topic/),
    );
  });

  it('export then import into a fresh profile gives the same topics', async () => {
    await putTopic(db, kvCache());
    await mount();
    await act(() => buttonByText(root, 'Export topics').click());
    await waitFor(() => expect(downloads).toHaveLength(1));
    const text = await (downloads[0] as { blob: Blob }).blob.text();
    await act(() => render(null, root));
    await db.topics.clear();
    await mount();
    await importText(text);
    await waitFor(() => expect(topicsMessage()?.textContent).toBe('Imported 1 topic.'));
    const { createdAt: _a, ...back } = (await db.topics.get('user:kv-cache')) as TopicRecord;
    const { createdAt: _b, ...orig } = kvCache();
    expect(back).toEqual(orig);
  });
});

describe('Import topics', () => {
  it('merges a good file: replaces a topic with the same id, adds new ones, switches built-ins off', async () => {
    await putTopic(db, kvCache());
    await mount();
    const moe = applyCorrection({}, 'moe', { title: 'Experts routing', abstract: '' }, 1);
    await importText(
      file(
        [
          { id: 'user:kv-cache', name: 'KV cache (imported)', include: ['kv cache', 'paged attention'] },
          { id: 'user:speculative', name: 'Speculative decoding', include: ['draft model'] },
          {
            id: 'user:rag',
            name: 'Retrieval',
            include: ['retrieval'],
            examples: [{ title: 'Retrieval-augmented generation', abstract: 'RAG.' }],
          },
        ],
        { disabledBuiltins: ['pruning'], learned: { moe } },
      ),
    );
    await waitFor(() =>
      expect(topicsMessage()?.textContent).toBe(
        'Imported 3 topics (1 replaced); 1 built-in topic switched off, 1 learned model.',
      ),
    );
    expect(topicsMessage()?.getAttribute('role')).toBe('status');
    expect((await db.topics.get('user:kv-cache'))?.name).toBe('KV cache (imported)');
    expect((await db.topics.get('user:rag'))?.examples).toEqual([
      {
        paperId: expect.stringMatching(/^example:/),
        title: 'Retrieval-augmented generation',
        abstract: 'RAG.',
      },
    ]);
    expect((await db.topics.get('pruning'))?.enabled).toBe(false);
    expect((await listModels(db)).map((m) => m.topic)).toEqual(['moe']);
    await waitFor(() => {
      const names = [...root.querySelectorAll('[role="switch"]')].map((s) => s.textContent?.trim());
      expect(names).toEqual(
        expect.arrayContaining(['KV cache (imported)', 'Speculative decoding', 'Retrieval']),
      );
    });
    const pruning = [...root.querySelectorAll('[role="switch"]')].find(
      (s) => s.textContent?.trim() === 'Pruning',
    );
    expect(pruning?.getAttribute('aria-checked')).toBe('false');
  });

  it.each([
    ['malformed JSON', '{"format": "papersift-topics", ', /not valid JSON/],
    [
      'another kind of file',
      JSON.stringify({ format: 'papersift-backup', version: 1 }),
      /format: must be "papersift-topics"/,
    ],
    [
      'a newer version',
      JSON.stringify({ format: 'papersift-topics', version: 2, topics: [] }),
      /version: unsupported version 2 \(expected 1\)/,
    ],
    [
      'an empty include phrase in the third topic',
      file([
        { id: 'user:a', name: 'A', include: ['a'] },
        { id: 'user:b', name: 'B', include: ['b'] },
        { id: 'user:c', name: 'C', include: [''] },
      ]),
      /topics\[2\]\.include\[0\]: must be a non-empty string/,
    ],
    [
      'an example with a bad paperId',
      file([{ id: 'user:a', name: 'A', examples: [{ paperId: 'http://x', title: 'T' }] }]),
      /topics\[0\]\.examples\[0\]\.paperId: "http:\/\/x" must be a paper id/,
    ],
    [
      'too many examples',
      file([
        {
          id: 'user:a',
          name: 'A',
          examples: Array.from({ length: 201 }, (_, i) => ({ title: `Paper ${i}` })),
        },
      ]),
      /topics\[0\]\.examples: has 201 examples \(at most 200\)/,
    ],
    [
      'a learned model of an unknown topic',
      file([], { learned: { 'user:ghost': {} } }),
      /learned\.user:ghost: unknown topic/,
    ],
  ])('refuses %s with an alert naming the problem, and changes nothing', async (_what, text, message) => {
    await putTopic(db, kvCache());
    await mount();
    const before = await listTopics(db);
    await importText(text, 'mine.json');
    await waitFor(() => expect(topicsMessage()?.getAttribute('role')).toBe('alert'));
    const shown = topicsMessage()?.textContent ?? '';
    expect(shown).toMatch(message);
    expect(shown).toMatch(/^Could not import mine\.json: /);
    expect(shown).toMatch(/Nothing was changed\.$/);
    expect(await listTopics(db)).toEqual(before);
    expect(await listModels(db)).toEqual([]);
  });
});

describe('example papers of a topic', () => {
  const combobox = () => {
    const label = [...root.querySelectorAll('label')].find((l) =>
      l.textContent?.trim().startsWith('Search saved papers'),
    );
    const input = label && root.querySelector<HTMLInputElement>(`#${CSS.escape(label.htmlFor)}`);
    if (!input) throw new Error('no "Search saved papers" box');
    return input;
  };
  const options = () => [...root.querySelectorAll<HTMLElement>('[role="listbox"] [role="option"]')];
  const key = (el: Element, k: string) =>
    act(() => {
      el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    });

  async function editKvCache() {
    await mount();
    const edit = await waitFor(() => byLabel<HTMLButtonElement>(root, 'Edit topic KV cache'));
    await act(() => edit.click());
  }

  it('lists the examples, finds saved papers by title, adds with the keyboard and by click, removes, saves', async () => {
    await db.papers.bulkPut([
      savedPaper(1),
      savedPaper(2, { title: 'Attention sinks in streaming language models' }),
      savedPaper(3, { title: 'Efficient streaming attention with sinks' }),
      savedPaper(4, { title: 'Sinks everywhere', status: 'dismissed' }),
    ]);
    await putTopic(db, kvCache());
    await editKvCache();
    const list = root.querySelector('ul[aria-label="Example papers"]') as HTMLElement;
    expect(list.textContent).toContain('Paper number 1');
    const input = combobox();
    expect(input.getAttribute('role')).toBe('combobox');
    expect(input.getAttribute('aria-expanded')).toBe('false');

    await act(() => {
      input.focus();
      typeInto(input, 'sinks');
    });
    // The dismissed paper is not offered; "sinks" starts a word in both titles: newest saved first.
    await waitFor(() =>
      expect(options().map((o) => o.textContent)).toEqual([
        'Efficient streaming attention with sinks',
        'Attention sinks in streaming language models',
      ]),
    );
    expect(input.getAttribute('aria-expanded')).toBe('true');
    expect(input.getAttribute('aria-activedescendant')).toBe(options()[0]?.id);
    await key(input, 'ArrowDown');
    expect(input.getAttribute('aria-activedescendant')).toBe(options()[1]?.id);
    expect(options()[1]?.getAttribute('aria-selected')).toBe('true');
    await key(input, 'Enter');
    await waitFor(() => expect(list.textContent).toContain('Attention sinks in streaming language models'));
    // Enter picked a paper and did not submit the form.
    expect(root.querySelector('form')).not.toBeNull();
    expect(input.value).toBe('');

    // A paper already there is marked and not added twice.
    await act(() => typeInto(input, 'attention sinks'));
    await waitFor(() => expect(options()[0]?.textContent).toContain('already an example'));
    await act(() => options()[0]?.click());
    expect(list.querySelectorAll('li')).toHaveLength(2);

    await act(() => typeInto(input, 'paper number'));
    await waitFor(() => expect(options()[0]?.getAttribute('aria-disabled')).toBe('true'));
    await act(() => byLabel<HTMLButtonElement>(root, 'Remove example Paper number 1').click());
    expect(list.textContent).not.toContain('Paper number 1');

    await act(() => typeInto(input, 'nothing like this'));
    await waitFor(() =>
      expect(root.querySelector('.example-search')?.textContent).toContain('No saved paper'),
    );
    await act(() => buttonByText(root, 'Save topic').click());
    await waitFor(async () =>
      expect((await db.topics.get('user:kv-cache'))?.examples).toEqual([
        {
          paperId: savedPaper(2).id,
          title: 'Attention sinks in streaming language models',
          abstract: 'Abstract of paper 2.',
        },
      ]),
    );
    await waitFor(() => expect(root.textContent).toContain('1 example paper'));
  });

  it('stops at 200 examples', async () => {
    const many = Array.from({ length: 200 }, (_, i) => ({
      paperId: `arxiv:2602.${String(10000 + i)}`,
      title: `Example ${i}`,
      abstract: '',
    }));
    await putTopic(db, kvCache({ examples: many }));
    await editKvCache();
    expect(combobox().disabled).toBe(true);
    expect(root.querySelector('.examples')?.textContent).toContain('200 of 200');
  });
});

describe('searchTitles', () => {
  const index: TitleEntry[] = Array.from({ length: 10_000 }, (_, i) => {
    const title = i % 1000 === 7 ? `Sparse mixture of experts ${i}` : `Paper about topic ${i} and sparsity`;
    return { id: `arxiv:2601.${i}`, title, abstract: '', lower: title.toLowerCase() };
  });

  it('gives at most 8, titles starting with the query first, then word starts, then the rest', () => {
    expect(searchTitles(index, 'sparse').map((e) => e.title)).toEqual(
      Array.from({ length: 8 }, (_, k) => `Sparse mixture of experts ${k * 1000 + 7}`),
    );
    const mixed = [
      { id: 'a', title: 'Model sparsification', abstract: '', lower: 'model sparsification' },
      { id: 'b', title: 'Nonsparse models', abstract: '', lower: 'nonsparse models' },
      { id: 'c', title: 'Sparse models', abstract: '', lower: 'sparse models' },
    ];
    expect(searchTitles(mixed, 'SPARS').map((e) => e.id)).toEqual(['c', 'a', 'b']);
    // Every word somewhere, the phrase nowhere: newest (index order) first.
    expect(searchTitles(mixed, 'models sparse').map((e) => e.id)).toEqual(['b', 'c']);
    expect(searchTitles(mixed, 'dense')).toEqual([]);
    expect(searchTitles(mixed, '   ')).toEqual([]);
  });

  it('stays fast on 10,000 titles', () => {
    const start = performance.now();
    for (let i = 0; i < 50; i++) searchTitles(index, `no such title ${i}`);
    // 50 full scans; generous so a loaded CI machine passes, tight enough to catch a quadratic search.
    expect((performance.now() - start) / 50).toBeLessThan(20);
  });
});
