/**
 * How the options page writes topics. In the extension it goes through the background
 * (`topics.save` / `topics.delete` / `topics.import`), which validates, stores and tells every
 * open sidebar to classify again; tests write the same records straight to the database, after
 * the same checks. Undo and reset of corrections use the same rebuild as the background
 * (entrypoints/background/learned.ts), so a test sees the models the extension would store.
 */
import { send } from '../../lib/messaging';
import {
  parseEnvelope,
  type TopicInput,
  type TopicsImport,
  type TopicsImportResult,
} from '../../lib/protocol';
import { prepareTopicsImport } from '../../lib/topics-file';
import { BUILTIN_TOPICS, type TopicId } from '../../lib/types';
import type { Correction, PaperSiftDB } from '../../storage/db';
import { deleteTopic, importTopics, listCorrections, putTopic, resetLearned } from '../../storage/topics';
import { undoCorrectionAndRebuild } from '../background/learned';

export interface TopicWriter {
  save(topic: TopicInput): Promise<void>;
  remove(id: string): Promise<void>;
  /** Merges a parsed topics file in one transaction (all of it or nothing). */
  importTopics(file: TopicsImport): Promise<TopicsImportResult>;
  /** Corrections, newest first (all topics when `topic` is omitted). */
  corrections(topic?: TopicId): Promise<Correction[]>;
  /** Removes one correction and rebuilds its topic's learned model exactly; the removed one or null. */
  undo(seq: number): Promise<Correction | null>;
  /** Forgets a topic's corrections and learned model (thresholds and switches stay); how many removed. */
  reset(topic: TopicId): Promise<number>;
}

export const backgroundTopicWriter: TopicWriter = {
  async save(topic) {
    await send('topics.save', { topic });
  },
  async remove(id) {
    await send('topics.delete', { id });
  },
  importTopics(file) {
    return send('topics.import', file);
  },
  async corrections(topic) {
    const { corrections } = await send('topics.corrections', topic === undefined ? {} : { topic });
    return corrections;
  },
  async undo(seq) {
    return (await send('topics.undoCorrection', { seq })).undone;
  },
  async reset(topic) {
    return (await send('topics.reset', { topic })).removed;
  },
};

export function directTopicWriter(db: PaperSiftDB, now: () => number = Date.now): TopicWriter {
  return {
    async save(topic) {
      await putTopic(db, {
        ...topic,
        builtin: (BUILTIN_TOPICS as readonly string[]).includes(topic.id),
        createdAt: now(),
      });
    },
    async remove(id) {
      await deleteTopic(db, id);
    },
    async importTopics(file) {
      // The message validator the background runs, so tests meet the same limits.
      const parsed = parseEnvelope({ type: 'topics.import', payload: file });
      if (!parsed.ok) throw new Error(parsed.error);
      const req = parsed.value.payload as TopicsImport;
      const write = prepareTopicsImport(req, now());
      const { added, replaced } = await importTopics(db, write);
      return { added, replaced, disabledBuiltins: req.disabledBuiltins.length, models: write.models.length };
    },
    corrections(topic) {
      return listCorrections(db, topic === undefined ? {} : { topic });
    },
    async undo(seq) {
      return (await undoCorrectionAndRebuild(db, seq, now())) ?? null;
    },
    reset(topic) {
      return resetLearned(db, topic);
    },
  };
}
