/**
 * Triage writes from the sidebar: rapid saves all go out, and a write whose answer is lost (MV3
 * worker stopped, time-out, "Transaction committed too early") shows what is really stored.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ParsedPage } from '../../entrypoints/papers.content/adapters/types';
import { type ControllerDeps, SidebarController } from '../../entrypoints/papers.content/controller';
import { fakeBackground, fakeClassify, hostListing, paper, TOPIC_OPTIONS } from './sidebar-fixtures';

const IDS = [1, 2, 3, 4, 5].map((i) => paper(i, { title: `Paper ${i} on a mixture of experts` }));

async function setup(bg: ReturnType<typeof fakeBackground>, over: Partial<ControllerDeps> = {}) {
  const { entries } = hostListing(IDS);
  const c = new SidebarController({
    doc: document,
    send: bg.send,
    classify: fakeClassify,
    topics: TOPIC_OPTIONS,
    yieldToMain: async () => {},
    writeTimeoutMs: 50,
    verifyDelaysMs: [0, 5, 5],
    ...over,
  });
  const page: ParsedPage = { site: 'arxiv', kind: 'list-new', entries, warnings: [], titleOnly: false };
  c.load(page);
  await c.idle();
  await new Promise((r) => setTimeout(r, 0));
  return c;
}
const id = (i: number) => IDS[i]?.id ?? '';

describe('sidebar triage writes', () => {
  it('saves clicked back to back (none awaited) all go out and all show saved', async () => {
    const bg = fakeBackground();
    const c = await setup(bg);
    await Promise.all([0, 1, 2, 3, 4].map((i) => c.toggleSave(id(i))));
    expect(bg.of('papers.save').map((m) => (m.payload as { paper: { id: string } }).paper.id)).toEqual(
      [0, 1, 2, 3, 4].map(id),
    );
    expect(c.state.views.map((v) => v.saved)).toEqual([true, true, true, true, true]);
    expect(c.state.notice).toBeUndefined();
  });

  it('a save whose answer is lost but which landed shows Saved, without a notice', async () => {
    const bg = fakeBackground({
      'papers.save': () => {
        bg.saved.add(id(1));
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
      'papers.state': ({ ids }) => ({ saved: ids.filter((x) => bg.saved.has(x)), dismissed: [] }),
    });
    const c = await setup(bg);
    await c.toggleSave(id(1));
    expect(c.state.views[1]?.saved).toBe(true);
    expect(c.state.notice).toBeUndefined();
    expect(bg.of('papers.state').at(-1)?.payload).toEqual({ ids: [id(1)] });
  });

  it('"Transaction committed too early" after the commit does not revert the save', async () => {
    const bg = fakeBackground({
      'papers.save': ({ paper: p }) => {
        bg.saved.add(p.id);
        throw new Error('PaperSift could not complete papers.save: Transaction committed too early.');
      },
      'papers.state': ({ ids }) => ({ saved: ids.filter((x) => bg.saved.has(x)), dismissed: [] }),
    });
    const c = await setup(bg);
    await c.toggleSave(id(2));
    expect(c.state.views[2]?.saved).toBe(true);
    expect(c.state.notice).toBeUndefined();
  });

  it('a save that never answers is checked after the time-out and shows the stored state', async () => {
    let stateCalls = 0;
    const bg = fakeBackground({
      'papers.save': ({ paper: p }) => {
        bg.saved.add(p.id);
        return new Promise(() => {}) as never; // the worker died holding the reply
      },
      'papers.state': ({ ids }) => {
        // The first re-query reaches a worker that is still starting.
        if (++stateCalls === 2) throw new Error('No answer from the PaperSift background');
        return { saved: ids.filter((x) => bg.saved.has(x)), dismissed: [] };
      },
    });
    const c = await setup(bg);
    await c.toggleSave(id(0));
    expect(c.state.views[0]?.saved).toBe(true);
    expect(c.state.notice).toBeUndefined();
  });

  it('a save that did not land is reverted with a notice naming the paper', async () => {
    const bg = fakeBackground({
      'papers.save': () => {
        throw new Error('disk full');
      },
    });
    const c = await setup(bg);
    await c.toggleSave(id(3));
    expect(c.state.views[3]?.saved).toBe(false);
    expect(c.state.notice).toMatch(/Could not save “Paper 4 .*”: disk full/);
  });

  it('when the background answers nothing at all, the row goes back to what was stored before', async () => {
    const sleep = vi.fn(async () => {});
    const bg = fakeBackground({
      'papers.save': () => {
        throw new Error('gone');
      },
      'papers.state': () => {
        throw new Error('gone');
      },
    });
    const c = await setup(bg, { sleep });
    bg.sent.length = 0;
    await c.toggleSave(id(4));
    expect(c.state.views[4]?.saved).toBe(false);
    expect(c.state.notice).toMatch(/Could not save/);
    expect(bg.of('papers.state')).toHaveLength(3);
    expect(sleep).toHaveBeenCalledTimes(2);
  });

  it('an older failed write does not overwrite a newer click on the same paper', async () => {
    let rejectFirst: (e: Error) => void = () => {};
    let n = 0;
    const bg = fakeBackground({
      'papers.save': () => {
        if (++n === 1) return new Promise((_, reject) => (rejectFirst = reject)) as never;
        return { ok: true };
      },
      'papers.remove': () => ({ ok: true }),
    });
    const c = await setup(bg, { writeTimeoutMs: 10_000 });
    const first = c.toggleSave(id(0)); // save (answer pending)
    await c.toggleSave(id(0)); // remove
    await c.toggleSave(id(0)); // save again
    rejectFirst(new Error('late failure'));
    await first;
    expect(c.state.views[0]?.saved).toBe(true);
    expect(c.state.notice).toBeUndefined();
  });

  it('un-dismissing a paper that was saved before shows it saved again (asked, not assumed)', async () => {
    const bg = fakeBackground({
      'papers.state': ({ ids }) => ({
        saved: ids.filter((x) => bg.saved.has(x)),
        dismissed: ids.filter((x) => dismissed.has(x)),
      }),
    });
    const dismissed = new Set<string>();
    const dismiss = vi.fn(async (p: { id: string }, on: boolean) => {
      if (on) {
        dismissed.add(p.id);
        bg.saved.delete(p.id);
      } else {
        dismissed.delete(p.id);
        bg.saved.add(p.id); // 'papers.undismiss' restored the earlier status
      }
    });
    const c = await setup(bg, { api: { dismiss } });
    await c.toggleSave(id(1));
    await c.toggleDismiss(id(1));
    expect(c.state.views[1]).toMatchObject({ saved: false, dismissed: true });
    await c.toggleDismiss(id(1));
    await new Promise((r) => setTimeout(r, 0));
    expect(dismiss.mock.calls.map((call) => call[1])).toEqual([true, false]);
    expect(c.state.views[1]).toMatchObject({ saved: true, dismissed: false });
  });
});
