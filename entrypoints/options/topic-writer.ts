/**
 * How the options page writes topics. In the extension it goes through the background
 * (`topics.save` / `topics.delete` / `topics.import`), which validates, stores and tells every
 * open sidebar to classify again; tests write the same records straight to the database, after
 * the same checks.
 */
import { send } from '../../lib/messaging';
import {
  parseEnvelope,
  type TopicInput,
  type TopicsImport,
  type TopicsImportResult,
} from '../../lib/protocol';
import { prepareTopicsImport } from '../../lib/topics-file';
import { BUILTIN_TOPICS } from '../../lib/types';
import type { PaperSiftDB } from '../../storage/db';
import { deleteTopic, importTopics, putTopic } from '../../storage/topics';

export interface TopicWriter {
  save(topic: TopicInput): Promise<void>;
  remove(id: string): Promise<void>;
  /** Merges a parsed topics file in one transaction (all of it or nothing). */
  importTopics(file: TopicsImport): Promise<TopicsImportResult>;
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
  };
}
