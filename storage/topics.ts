/**
 * User topics, corrections ("this is / is not <topic>") and learned model state. Storage knows
 * nothing of the learner: a model's `state` is opaque JSON, and the caller passes the function that
 * updates it, so a correction and the model it trains land in one transaction.
 */
import type { TopicId } from '../lib/types';
import type { Correction, ModelRecord, PaperSiftDB, TopicRecord } from './db';
import { guardWrite, StorageError } from './errors';

// ------------------------------------------------------------------------------------ topics

export function listTopics(db: PaperSiftDB): Promise<TopicRecord[]> {
  return db.topics.orderBy('id').toArray();
}

export function getTopic(db: PaperSiftDB, id: TopicId): Promise<TopicRecord | undefined> {
  return db.topics.get(id);
}

/** Creates or replaces a topic record (keeps the original createdAt). */
export function putTopic(db: PaperSiftDB, topic: TopicRecord): Promise<TopicRecord> {
  return guardWrite('save the topic', () =>
    db.transaction('rw', db.topics, async () => {
      const prev = await db.topics.get(topic.id);
      const rec = { ...topic, createdAt: prev?.createdAt ?? topic.createdAt };
      await db.topics.put(rec);
      return rec;
    }),
  );
}

/** Deletes a topic with its learned model and corrections (one transaction). */
export function deleteTopic(db: PaperSiftDB, id: TopicId): Promise<void> {
  return guardWrite('delete the topic', () =>
    db.transaction('rw', db.topics, db.models, db.corrections, async () => {
      await db.topics.delete(id);
      await db.models.delete(id);
      await db.corrections.where('topic').equals(id).delete();
    }),
  );
}

/** What a topics file import writes (built and checked by lib/topics-file.ts `prepareTopicsImport`). */
export interface TopicsImportWrite {
  /** User topics: an existing id is replaced (its createdAt kept), a new one added. */
  topics: readonly TopicRecord[];
  /**
   * Built-in topics to change: switched off and/or given a threshold. `base` is the record to
   * start from when none is stored yet (the user had not touched that built-in).
   */
  builtins: readonly { base: TopicRecord; disable: boolean; threshold?: number }[];
  models: readonly ModelRecord[];
}

/** Merges an imported topics file: all of it in one transaction, or nothing. */
export function importTopics(
  db: PaperSiftDB,
  write: TopicsImportWrite,
): Promise<{ added: number; replaced: number }> {
  return guardWrite('import the topics', () =>
    db.transaction('rw', db.topics, db.models, async () => {
      const prev = await db.topics.bulkGet(write.topics.map((t) => t.id));
      let replaced = 0;
      const recs = write.topics.map((t, i) => {
        const old = prev[i];
        if (old) replaced++;
        return old ? { ...t, createdAt: old.createdAt } : t;
      });
      const builtinPrev = await db.topics.bulkGet(write.builtins.map((b) => b.base.id));
      const builtins = write.builtins.map((b, i) => {
        const rec: TopicRecord = { ...(builtinPrev[i] ?? b.base) };
        if (b.disable) rec.enabled = false;
        if (b.threshold !== undefined) rec.threshold = b.threshold;
        return rec;
      });
      await db.topics.bulkPut([...recs, ...builtins]);
      if (write.models.length) await db.models.bulkPut([...write.models]);
      return { added: recs.length - replaced, replaced };
    }),
  );
}

export type AddExampleResult =
  | { status: 'added' | 'present'; topic: TopicRecord }
  | { status: 'full'; topic: TopicRecord }
  | { status: 'missing' };

/**
 * Appends an example paper to a topic unless the topic already has it (same paperId) or has
 * `max` examples. Read and write in one transaction, so two quick adds cannot lose one.
 */
export function addTopicExample(
  db: PaperSiftDB,
  id: TopicId,
  example: TopicRecord['examples'][number],
  max: number,
): Promise<AddExampleResult> {
  return guardWrite('add the example paper', () =>
    db.transaction('rw', db.topics, async (): Promise<AddExampleResult> => {
      const topic = await db.topics.get(id);
      if (!topic) return { status: 'missing' };
      if (topic.examples.some((e) => e.paperId === example.paperId)) return { status: 'present', topic };
      if (topic.examples.length >= max) return { status: 'full', topic };
      const next = { ...topic, examples: [...topic.examples, example] };
      await db.topics.put(next);
      return { status: 'added', topic: next };
    }),
  );
}

// ------------------------------------------------------------------------------------ models

export function getModel(db: PaperSiftDB, topic: TopicId): Promise<ModelRecord | undefined> {
  return db.models.get(topic);
}

export function listModels(db: PaperSiftDB): Promise<ModelRecord[]> {
  return db.models.toArray();
}

export function putModel(db: PaperSiftDB, topic: TopicId, state: unknown, now = Date.now()): Promise<void> {
  return guardWrite('save the learned topic model', async () => {
    await db.models.put({ topic, state, updatedAt: now });
  });
}

// ------------------------------------------------------------------------------- corrections

export type NewCorrection = Omit<Correction, 'seq' | 'createdAt'>;

/**
 * Maps the previous model state (undefined when none) to the next one. Runs inside the
 * transaction, so it must be synchronous and must not touch anything but its argument.
 */
export type ModelUpdate = (prev: unknown) => unknown;

/** Stores a correction and, when `update` is given, the model it trains, in one transaction. */
export function addCorrection(
  db: PaperSiftDB,
  correction: NewCorrection,
  update?: ModelUpdate,
  now = Date.now(),
): Promise<Correction> {
  return guardWrite('save the correction', () =>
    db.transaction('rw', db.corrections, db.models, async () => {
      const rec: Correction = { ...correction, createdAt: now };
      rec.seq = await db.corrections.add(rec);
      if (update) {
        const prev = await db.models.get(correction.topic);
        await db.models.put({ topic: correction.topic, state: update(prev?.state), updatedAt: now });
      }
      return rec;
    }),
  );
}

export interface CorrectionQuery {
  topic?: TopicId;
  paperId?: string;
  /** Newest first when set. */
  limit?: number;
}

/** Corrections, newest first. */
export async function listCorrections(db: PaperSiftDB, q: CorrectionQuery = {}): Promise<Correction[]> {
  let coll = db.corrections.orderBy('seq').reverse();
  if (q.topic !== undefined) coll = coll.filter((c) => c.topic === q.topic);
  if (q.paperId !== undefined) coll = coll.filter((c) => c.paperId === q.paperId);
  if (q.limit !== undefined) coll = coll.limit(q.limit);
  return coll.toArray();
}

/** One topic's corrections, newest first, at most `limit` (reads the topic index, not the table). */
export function topicCorrections(db: PaperSiftDB, topic: TopicId, limit: number): Promise<Correction[]> {
  // Entries of one index key are ordered by primary key, so reverse() is newest seq first.
  return db.corrections.where('topic').equals(topic).reverse().limit(limit).toArray();
}

export interface LearnedSummary {
  /** Corrections per topic (topics without any are absent). */
  corrections: Map<TopicId, number>;
  /** Topics with a stored learned model. */
  models: Set<TopicId>;
}

/** How much was learned per topic, from keys only (no correction record is read). */
export async function learnedSummary(db: PaperSiftDB): Promise<LearnedSummary> {
  const [topics, models] = await Promise.all([
    db.corrections.orderBy('topic').keys(),
    db.models.toCollection().primaryKeys(),
  ]);
  const corrections = new Map<TopicId, number>();
  for (const t of topics) corrections.set(String(t), (corrections.get(String(t)) ?? 0) + 1);
  return { corrections, models: new Set(models) };
}

/**
 * Removes one correction (the newest when `seq` is omitted) and rebuilds its topic's model from
 * the corrections that remain, oldest first, in one transaction. `rebuild` gets them and returns
 * the new state, or undefined to delete the model. Returns the removed correction.
 */
export function undoCorrection(
  db: PaperSiftDB,
  seq: number | undefined,
  rebuild?: (remaining: Correction[]) => unknown,
  now = Date.now(),
): Promise<Correction | undefined> {
  return guardWrite('undo the correction', () =>
    db.transaction('rw', db.corrections, db.models, async () => {
      const target =
        seq === undefined ? await db.corrections.orderBy('seq').last() : await db.corrections.get(seq);
      if (!target?.seq) return undefined;
      await db.corrections.delete(target.seq);
      if (rebuild) {
        const remaining = await db.corrections.where('topic').equals(target.topic).sortBy('seq');
        const state = rebuild(remaining);
        if (state === undefined) await db.models.delete(target.topic);
        else await db.models.put({ topic: target.topic, state, updatedAt: now });
      }
      return target;
    }),
  );
}

/** Forgets what was learned for a topic: its corrections and model (one transaction). */
export function resetLearned(db: PaperSiftDB, topic: TopicId): Promise<number> {
  return guardWrite('reset the learned topic', () =>
    db.transaction('rw', db.corrections, db.models, async () => {
      const n = await db.corrections.where('topic').equals(topic).delete();
      await db.models.delete(topic);
      return n;
    }),
  );
}

/** Replaces every model state at once (e.g. after a learner upgrade re-trains from corrections). */
export function replaceModels(db: PaperSiftDB, models: readonly ModelRecord[]): Promise<void> {
  if (models.some((m) => !m.topic)) throw new StorageError('Every model needs a topic');
  return guardWrite('save the learned topic models', () =>
    db.transaction('rw', db.models, async () => {
      await db.models.clear();
      await db.models.bulkPut([...models]);
    }),
  );
}
