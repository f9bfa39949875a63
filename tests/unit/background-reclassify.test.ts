import { afterEach, describe, expect, it } from 'vitest';
import { classify, MODEL_VERSION } from '../../classifier';
import { MODEL_VERSION_KEY, reclassifyIfModelChanged } from '../../entrypoints/background/reclassify';
import type { BackgroundEvent } from '../../lib/protocol';
import { PaperSiftDB, type SavedPaper } from '../../storage/db';
import { getSetting } from '../../storage/settings';

let db: PaperSiftDB;
afterEach(async () => {
  await db?.delete();
});

const MOE = {
  title: 'Expert routing for sparse mixture-of-experts language models',
  abstract:
    'We study mixture-of-experts (MoE) transformers in which a learned router sends each token to the top-2 of 64 expert feed-forward networks, and propose an auxiliary-loss-free load balancing method.',
};

function saved(id: string, text: { title: string; abstract: string }, topics: string[]): SavedPaper {
  return {
    id,
    ...text,
    authors: ['A. Author'],
    url: `https://arxiv.org/abs/${id.slice(6)}`,
    site: 'arxiv',
    topics,
    sites: ['arxiv'],
    savedAt: 1,
    updatedAt: 1,
    status: 'to-read',
    tags: ['keep'],
    notes: 'my note',
    starred: true,
  };
}

function recorder() {
  const events: BackgroundEvent[] = [];
  return { events, broadcast: { all: (e: BackgroundEvent) => events.push(e), tab: () => {} } };
}

describe('re-classification when the model version changes', () => {
  it('recomputes stale topics of saved papers once, keeps the user data, and tells open pages', async () => {
    db = new PaperSiftDB(`reclassify-${Math.random()}`);
    expect(classify(MOE).topics).toContain('moe');
    await db.papers.bulkPut([
      saved('arxiv:2601.00001', MOE, ['pruning']),
      saved('arxiv:2601.00002', MOE, []),
    ]);
    await db.settings.put({ key: MODEL_VERSION_KEY, value: 'an-older-model' });
    const { events, broadcast } = recorder();

    expect(await reclassifyIfModelChanged(db, broadcast)).toBe(2);
    const after = await db.papers.toArray();
    for (const p of after) {
      expect(p.topics).toEqual(classify(MOE).topics);
      expect(p.notes).toBe('my note');
      expect(p.tags).toEqual(['keep']);
      expect(p.starred).toBe(true);
    }
    expect(await getSetting(db, MODEL_VERSION_KEY, '')).toBe(MODEL_VERSION);
    expect(events).toEqual([{ type: 'papers.changed', ids: ['arxiv:2601.00001', 'arxiv:2601.00002'] }]);

    // Same model on the next start: nothing to do, nothing announced.
    expect(await reclassifyIfModelChanged(db, broadcast)).toBe(0);
    expect(events).toHaveLength(1);
  });

  it('leaves papers whose topics are already right untouched', async () => {
    db = new PaperSiftDB(`reclassify-${Math.random()}`);
    await db.papers.put(saved('arxiv:2601.00003', MOE, classify(MOE).topics));
    const { events, broadcast } = recorder();
    expect(await reclassifyIfModelChanged(db, broadcast)).toBe(0);
    expect(events).toEqual([]);
    expect((await db.papers.get('arxiv:2601.00003'))?.updatedAt).toBe(1);
  });
});
