/** Options page → Topics: see a topic's corrections, undo one (the model is rebuilt), reset a topic. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { applyCorrection, type ClassifierConfig, parseLearnerState } from '../../classifier';
import { OptionsApp } from '../../entrypoints/options/App';
import { directTopicWriter, type TopicWriter } from '../../entrypoints/options/topic-writer';
import type { TopicId } from '../../lib/types';
import type { PaperSiftDB } from '../../storage/db';
import { addCorrection, getModel, getTopic, listCorrections, putTopic } from '../../storage/topics';
import { buttonByText, byLabel, eachTestDbAndRoot, waitFor } from './reading-list-helpers';

let db: PaperSiftDB;
let root: HTMLElement;
eachTestDbAndRoot((d, r) => {
  db = d;
  root = r;
});

const KV_CACHE = {
  id: 'user:kv-cache',
  name: 'KV cache',
  description: '',
  include: ['kv cache'],
  exclude: [],
  examples: [],
};
/** The rules a correction trains against: built-ins plus the user topic above. */
const rules: ClassifierConfig = { userTopics: [KV_CACHE] };

let clock = 1_780_000_000_000;
/** A correction trained into the topic's model, as the `topics.correct` handler stores it. */
function correct(topic: TopicId, n: number, label: 1 | -1, title = `Paper number ${n}`) {
  const input = { title, abstract: `Abstract of paper ${n}.` };
  clock += 60_000;
  return addCorrection(
    db,
    { paperId: `arxiv:2601.${String(10000 + n).slice(-5)}`, topic, label, ...input },
    (prev) =>
      applyCorrection(rules, topic, input, label, prev === undefined ? undefined : parseLearnerState(prev)),
    clock,
  );
}

async function mount(writer: TopicWriter = directTopicWriter(db, () => 100)) {
  await act(() => render(<OptionsApp db={db} topics={writer} />, root));
  await waitFor(() => expect(root.querySelector('[role="switch"]')).toBeTruthy());
}

/** The "Corrections (n)" disclosure of the topic whose reset/list is labelled with `name`. */
const disclosureOf = (name: string): HTMLButtonElement => {
  const list = [...root.querySelectorAll<HTMLButtonElement>('button.disclosure')].find((b) =>
    b.closest('li')?.querySelector('[role="switch"]')?.textContent?.includes(name),
  );
  if (!list) throw new Error(`no corrections disclosure for ${name}`);
  return list;
};
const rowsOf = (name: string) => [
  ...root.querySelectorAll<HTMLLIElement>(`[aria-label="Corrections of ${name}"] li`),
];
/** A row's parts as a reader meets them (title, "is … · date", button), one space apart. */
const rowText = (li: HTMLLIElement) =>
  [...li.children].map((el) => el.textContent?.replace(/\s+/g, ' ').trim()).join(' ');
const resetDialog = () => {
  const d = [...root.querySelectorAll('dialog')].find((el) => el.textContent?.startsWith('Reset '));
  if (!d) throw new Error('no reset dialog');
  return d;
};

describe('options page: corrections', () => {
  it('lists a topic’s corrections newest first with links, labels and dates, and counts them all', async () => {
    await correct('moe', 1, -1);
    await correct('moe', 2, 1);
    await correct('sae', 3, 1);
    await mount();
    await waitFor(() => expect(root.textContent).toContain('3 corrections in all'));
    const moe = disclosureOf('MoE');
    expect(moe.textContent).toBe('Corrections (2)');
    expect(moe.getAttribute('aria-expanded')).toBe('false');
    expect(disclosureOf('Pruning').textContent).toBe('Corrections (0)');
    expect(root.querySelector('[aria-label="Reset Pruning to defaults"]')).toBeNull();
    expect(buttonByText(root, 'Reset MoE to defaults')).toBeTruthy();

    await act(() => moe.click());
    expect(moe.getAttribute('aria-expanded')).toBe('true');
    await waitFor(() => expect(rowsOf('MoE')).toHaveLength(2));
    const [newest, oldest] = rowsOf('MoE') as [HTMLLIElement, HTMLLIElement];
    expect(rowText(newest)).toMatch(/^Paper number 2 is MoE · \w+ \d+, 2026 Undo$/);
    expect(rowText(oldest)).toMatch(/^Paper number 1 is not MoE/);
    expect(newest.querySelector('a')?.getAttribute('href')).toBe('https://arxiv.org/abs/2601.10002');
    expect(byLabel(root, 'Undo correction Paper number 2').tagName).toBe('BUTTON');
    expect(rowsOf('SAE')).toHaveLength(0); // its disclosure is still closed

    await act(() => moe.click());
    expect(moe.getAttribute('aria-expanded')).toBe('false');
    expect(rowsOf('MoE')).toHaveLength(0);
  });

  it('undo removes the correction and rebuilds the model from the ones left', async () => {
    await correct('moe', 1, -1);
    const afterFirst = (await getModel(db, 'moe'))?.state;
    await correct('moe', 2, 1);
    expect((await getModel(db, 'moe'))?.state).not.toEqual(afterFirst);
    await mount();
    await act(() => disclosureOf('MoE').click());
    await waitFor(() => expect(rowsOf('MoE')).toHaveLength(2));

    await act(() => byLabel<HTMLButtonElement>(root, 'Undo correction Paper number 2').click());
    await waitFor(() => expect(rowsOf('MoE')).toHaveLength(1));
    await waitFor(() => expect(disclosureOf('MoE').textContent).toBe('Corrections (1)'));
    expect((await listCorrections(db)).map((c) => c.title)).toEqual(['Paper number 1']);
    expect((await getModel(db, 'moe'))?.state).toEqual(afterFirst);

    await act(() => byLabel<HTMLButtonElement>(root, 'Undo correction Paper number 1').click());
    await waitFor(() => expect(root.textContent).toContain('No corrections yet'));
    expect(await getModel(db, 'moe')).toBeUndefined();
    expect(root.textContent).not.toContain('corrections in all');
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });

  it('reset asks first, says how many go, removes only that topic’s corrections and model, keeps its threshold', async () => {
    await putTopic(db, {
      id: 'moe',
      name: 'MoE',
      description: '',
      include: [],
      exclude: [],
      builtin: true,
      enabled: true,
      examples: [],
      threshold: 0.7,
      createdAt: 1,
    });
    await correct('moe', 1, -1);
    await correct('moe', 2, 1);
    await correct('sae', 3, 1);
    await mount();
    await act(() => buttonByText(root, 'Reset MoE to defaults').click());
    const dialog = resetDialog();
    expect(dialog.open).toBe(true);
    expect(dialog.textContent).toContain('Reset MoE to defaults?');
    // The count is read from the database after the dialog opens (on a loaded machine, later).
    await waitFor(() => expect(dialog.textContent).toContain('This removes 2 corrections'));
    await act(() => buttonByText(dialog, 'Cancel').click());
    expect(dialog.open).toBe(false);
    expect(await listCorrections(db)).toHaveLength(3);

    await act(() => buttonByText(root, 'Reset MoE to defaults').click());
    await act(() => buttonByText(dialog, 'Reset topic').click());
    await waitFor(() =>
      expect(root.querySelector('[role="status"].learned-message')?.textContent).toBe(
        'Reset MoE: 2 corrections removed',
      ),
    );
    expect(dialog.open).toBe(false);
    expect((await listCorrections(db)).map((c) => c.topic)).toEqual(['sae']);
    expect(await getModel(db, 'moe')).toBeUndefined();
    expect(await getModel(db, 'sae')).toBeDefined();
    expect((await getTopic(db, 'moe'))?.threshold).toBe(0.7);
    await waitFor(() => expect(disclosureOf('MoE').textContent).toBe('Corrections (0)'));
    await waitFor(() => expect(root.querySelector('[aria-label="Reset MoE to defaults"]')).toBeNull());
    await waitFor(() => expect(root.textContent).toContain('1 correction in all'));
  });

  it('a user topic has them too, and a correction made elsewhere shows up live', async () => {
    await putTopic(db, { ...KV_CACHE, builtin: false, enabled: true, createdAt: 1 });
    await mount();
    expect(root.textContent).not.toContain('corrections in all');
    const kv = await waitFor(() => disclosureOf('KV cache'));
    await act(() => kv.click());
    await waitFor(() => expect(root.textContent).toContain('No corrections yet'));

    // As if "Add topic… → KV cache" was clicked in a sidebar (the background writes Dexie).
    await correct('user:kv-cache', 7, 1, 'Paging the KV cache');
    await waitFor(() =>
      expect(rowsOf('KV cache').map(rowText)[0]).toMatch(/^Paging the KV cache is KV cache/),
    );
    expect(kv.textContent).toBe('Corrections (1)');
    expect(root.textContent).toContain('1 correction in all');
    expect(buttonByText(root, 'Reset KV cache to defaults')).toBeTruthy();
  });

  it('shows the newest 50, then 50 more with "Show more"', async () => {
    for (let n = 1; n <= 55; n++) await correct('pruning', n, n % 2 ? 1 : -1);
    await mount();
    await act(() => disclosureOf('Pruning').click());
    await waitFor(() => expect(rowsOf('Pruning')).toHaveLength(50));
    expect(rowText(rowsOf('Pruning')[0] as HTMLLIElement)).toMatch(/^Paper number 55 /);
    await waitFor(() => expect(root.textContent).toContain('5 older'));
    await act(() => buttonByText(root, 'Show more').click());
    await waitFor(() => expect(rowsOf('Pruning')).toHaveLength(55));
    expect(rowText(rowsOf('Pruning')[54] as HTMLLIElement)).toMatch(/^Paper number 1 /);
    expect(() => buttonByText(root, 'Show more')).toThrow();
  });

  it('a failed undo or reset is an alert and changes nothing', async () => {
    await correct('moe', 1, 1);
    const direct = directTopicWriter(db, () => 100);
    const failing: TopicWriter = {
      ...direct,
      undo: () => Promise.reject(new Error('The background did not answer')),
      reset: () => Promise.reject(new Error('Storage is full')),
    };
    await mount(failing);
    await act(() => disclosureOf('MoE').click());
    await waitFor(() => expect(rowsOf('MoE')).toHaveLength(1));
    await act(() => byLabel<HTMLButtonElement>(root, 'Undo correction Paper number 1').click());
    await waitFor(() =>
      expect(root.querySelector('[role="alert"]')?.textContent).toBe(
        'Could not undo the correction of “Paper number 1”: The background did not answer. Nothing was changed.',
      ),
    );
    expect(rowsOf('MoE')).toHaveLength(1);

    await act(() => buttonByText(root, 'Reset MoE to defaults').click());
    await act(() => buttonByText(resetDialog(), 'Reset topic').click());
    await waitFor(() =>
      expect(root.querySelector('[role="alert"]')?.textContent).toBe(
        'Could not reset MoE: Storage is full. Nothing was removed.',
      ),
    );
    expect(await listCorrections(db)).toHaveLength(1);
    expect(await getModel(db, 'moe')).toBeDefined();
  });

  it('the direct writer lists corrections newest first, per topic or all', async () => {
    await correct('moe', 1, 1);
    await correct('sae', 2, -1);
    const w = directTopicWriter(db);
    expect((await w.corrections()).map((c) => c.topic)).toEqual(['sae', 'moe']);
    expect((await w.corrections('moe')).map((c) => c.title)).toEqual(['Paper number 1']);
    expect(await w.reset('moe')).toBe(1);
    expect(await w.undo(12345)).toBeNull();
  });
});
