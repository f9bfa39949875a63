/** Sidebar: "Use as example of <topic>" in a row's "Add topic…" menu (issue 3, example papers). */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../entrypoints/papers.content/app';
import { SidebarController } from '../../entrypoints/papers.content/controller';
import type { Request } from '../../lib/protocol';
import {
  buttonNamed,
  fakeBackground,
  fakeClassify,
  hostListing,
  paper,
  TOPIC_OPTIONS,
} from './sidebar-fixtures';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
});
afterEach(async () => {
  await act(() => render(null, root));
  root.remove();
});

async function waitFor(check: () => void, timeout = 10_000) {
  const t0 = Date.now();
  for (;;) {
    try {
      check();
      return;
    } catch (e) {
      if (Date.now() - t0 > timeout) throw e;
      await act(() => new Promise((r) => setTimeout(r, 10)));
    }
  }
}

const TOPICS = [...TOPIC_OPTIONS, { id: 'user:kv-cache', label: 'KV cache' }];

async function mount(addExample: (req: Request<'topics.addExample'>) => { added: boolean; count: number }) {
  const papers = [1, 2].map((i) => paper(i, { title: `Evicting tokens ${i}`, abstract: `Abstract ${i}` }));
  const { entries } = hostListing(papers);
  document.body.append(root);
  const bg = fakeBackground({ 'topics.addExample': addExample });
  const controller = new SidebarController({
    doc: document,
    send: bg.send,
    classify: fakeClassify,
    topics: TOPICS,
    yieldToMain: () => new Promise((r) => setTimeout(r, 0)),
  });
  controller.load({ site: 'arxiv', kind: 'list-new', entries, warnings: [], titleOnly: false });
  await act(() =>
    render(<App controller={controller} openUrl={() => {}} openReadingList={() => {}} />, root),
  );
  const rows = () => root.querySelectorAll<HTMLLIElement>('ul.list:not([hidden]) li[data-id]');
  await waitFor(() => expect(rows()).toHaveLength(2));
  await act(() => {
    rows()[1]?.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
  });
  // The row under the pointer has been re-rendered with its controls (RowBlock): look it up again.
  const li = rows()[1] as HTMLLIElement;
  await act(() => buttonNamed(li, /^Add topic…/)[0]?.click());
  return { bg, controller, li, papers };
}

describe('"Use as example of …"', () => {
  it('is offered for the user topics only and sends the paper to the background', async () => {
    const { bg, li, papers } = await mount(() => ({ added: true, count: 1 }));
    expect(buttonNamed(li, /^Use as example of /).map((b) => b.textContent)).toEqual([
      'Use as example of KV cache',
    ]);
    await act(() => buttonNamed(li, /^Use as example of KV cache$/)[0]?.click());
    await waitFor(() =>
      expect(root.querySelector('.notice')?.textContent).toMatch(/^Added as an example of KV cache/),
    );
    expect(root.querySelector('.notice')?.getAttribute('role')).toBe('alert');
    expect(bg.of('topics.addExample').map((m) => m.payload)).toEqual([
      {
        topic: 'user:kv-cache',
        example: { paperId: papers[1]?.id, title: 'Evicting tokens 2', abstract: 'Abstract 2' },
      },
    ]);
    expect(buttonNamed(li, /^Use as example of /)).toHaveLength(0); // the menu closed
  });

  it('says so when the paper already is an example, or when the background refuses', async () => {
    let refuse = false;
    const { controller, li } = await mount(() => {
      if (refuse) throw new Error('“KV cache” already has 200 example papers, the most it can have');
      return { added: false, count: 3 };
    });
    await act(() => buttonNamed(li, /^Use as example of KV cache$/)[0]?.click());
    await waitFor(() => expect(controller.state.notice).toBe('Already an example of KV cache'));
    refuse = true;
    await controller.addExample(controller.state.views[0]?.paper.id ?? '', 'user:kv-cache');
    expect(controller.state.notice).toBe(
      'Could not add the example of KV cache: “KV cache” already has 200 example papers, the most it can have',
    );
  });
});
