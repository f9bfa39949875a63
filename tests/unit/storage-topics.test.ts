import { afterEach, describe, expect, it } from 'vitest';
import { PaperSiftDB, type TopicRecord } from '../../storage/db';
import {
  addCorrection,
  deleteTopic,
  getModel,
  getTopic,
  listCorrections,
  listModels,
  listTopics,
  putModel,
  putTopic,
  resetLearned,
  undoCorrection,
} from '../../storage/topics';

const dbs: PaperSiftDB[] = [];
function freshDb(): PaperSiftDB {
  const db = new PaperSiftDB(`topics-${crypto.randomUUID()}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const userTopic = (over: Partial<TopicRecord> = {}): TopicRecord => ({
  id: 'user:quantization',
  name: 'Quantization',
  description: 'Low-bit weights and activations',
  include: ['quantiz*', 'int4'],
  exclude: [],
  builtin: false,
  enabled: true,
  examples: [],
  createdAt: 100,
  ...over,
});

const correction = (n: number, topic = 'moe', label: 1 | -1 = 1) => ({
  paperId: `arxiv:2609.${String(30000 + n)}`,
  topic,
  label,
  title: `Paper ${n}`,
  abstract: '',
});

/** A stand-in learner: the state counts labels, so replay order and content are visible. */
const countLabels = (prev: unknown, label: number) => {
  const s = (prev as { sum: number; n: number } | undefined) ?? { sum: 0, n: 0 };
  return { sum: s.sum + label, n: s.n + 1 };
};

describe('topic records', () => {
  it('creates, lists, replaces (keeping createdAt) and deletes with everything learned for it', async () => {
    const db = freshDb();
    await putTopic(db, userTopic());
    await putTopic(db, userTopic({ name: 'Quantisation', createdAt: 999 }));
    expect(await getTopic(db, 'user:quantization')).toMatchObject({ name: 'Quantisation', createdAt: 100 });
    await putTopic(db, userTopic({ id: 'moe', builtin: true, enabled: false }));
    expect((await listTopics(db)).map((t) => t.id)).toEqual(['moe', 'user:quantization']);

    await addCorrection(db, correction(1, 'user:quantization'), (p) => countLabels(p, 1));
    await addCorrection(db, correction(2, 'moe'), (p) => countLabels(p, 1));
    await deleteTopic(db, 'user:quantization');
    expect(await getTopic(db, 'user:quantization')).toBeUndefined();
    expect(await getModel(db, 'user:quantization')).toBeUndefined();
    expect((await listCorrections(db)).map((c) => c.topic)).toEqual(['moe']);
    expect(await getModel(db, 'moe')).toBeDefined();
  });
});

describe('corrections and models', () => {
  it('stores a correction and trains the model in one step', async () => {
    const db = freshDb();
    const c = await addCorrection(db, correction(1), (p) => countLabels(p, 1), 500);
    expect(c.seq).toBeGreaterThan(0);
    await addCorrection(db, correction(2, 'moe', -1), (p) => countLabels(p, -1), 600);
    expect(await getModel(db, 'moe')).toEqual({ topic: 'moe', state: { sum: 0, n: 2 }, updatedAt: 600 });
    expect((await listCorrections(db)).map((x) => x.paperId)).toEqual([
      correction(2).paperId,
      correction(1).paperId,
    ]);
    expect(await listCorrections(db, { paperId: correction(1).paperId })).toHaveLength(1);
  });

  it('a learner that throws leaves neither the correction nor a model behind', async () => {
    const db = freshDb();
    await addCorrection(db, correction(1), (p) => countLabels(p, 1));
    const before = { corrections: await listCorrections(db), models: await listModels(db) };
    await expect(
      addCorrection(db, correction(2), () => {
        throw new Error('learner exploded');
      }),
    ).rejects.toThrow('learner exploded');
    expect({ corrections: await listCorrections(db), models: await listModels(db) }).toEqual(before);
  });

  it('undo removes the newest (or the named) correction and rebuilds from the rest, oldest first', async () => {
    const db = freshDb();
    const a = await addCorrection(db, correction(1, 'moe', 1), (p) => countLabels(p, 1));
    await addCorrection(db, correction(2, 'moe', -1), (p) => countLabels(p, -1));
    await addCorrection(db, correction(3, 'sae', 1), (p) => countLabels(p, 1));
    const seen: string[][] = [];
    const rebuild = (rest: { paperId: string; label: number }[]) => {
      seen.push(rest.map((r) => r.paperId));
      return rest.length ? rest.reduce<unknown>((s, r) => countLabels(s, r.label), undefined) : undefined;
    };
    // newest = the sae one; sae has none left -> its model is deleted
    expect((await undoCorrection(db, undefined, rebuild))?.topic).toBe('sae');
    expect(await getModel(db, 'sae')).toBeUndefined();
    // named: the first moe correction; the model is rebuilt from the -1 alone
    expect((await undoCorrection(db, a.seq, rebuild))?.paperId).toBe(correction(1).paperId);
    expect((await getModel(db, 'moe'))?.state).toEqual({ sum: -1, n: 1 });
    expect(seen).toEqual([[], [correction(2).paperId]]);
    expect(await undoCorrection(db, 12345, rebuild)).toBeUndefined();
  });

  it('reset forgets one topic only', async () => {
    const db = freshDb();
    await addCorrection(db, correction(1, 'moe'), (p) => countLabels(p, 1));
    await addCorrection(db, correction(2, 'moe'), (p) => countLabels(p, 1));
    await addCorrection(db, correction(3, 'sae'), (p) => countLabels(p, 1));
    expect(await resetLearned(db, 'moe')).toBe(2);
    expect(await getModel(db, 'moe')).toBeUndefined();
    expect((await listCorrections(db)).map((c) => c.topic)).toEqual(['sae']);
    await putModel(db, 'pruning', { any: 'json' }, 7);
    expect((await listModels(db)).map((m) => m.topic).sort()).toEqual(['pruning', 'sae']);
  });
});
