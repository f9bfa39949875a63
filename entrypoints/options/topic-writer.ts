/**
 * How the options page writes topics. In the extension it goes through the background
 * (`topics.save` / `topics.delete`), which validates, stores and tells every open sidebar to
 * classify again; tests write the same records straight to the database.
 */
import { send } from '../../lib/messaging';
import type { TopicInput } from '../../lib/protocol';
import { BUILTIN_TOPICS } from '../../lib/types';
import type { PaperSiftDB } from '../../storage/db';
import { deleteTopic, putTopic } from '../../storage/topics';

export interface TopicWriter {
  save(topic: TopicInput): Promise<void>;
  remove(id: string): Promise<void>;
}

export const backgroundTopicWriter: TopicWriter = {
  async save(topic) {
    await send('topics.save', { topic });
  },
  async remove(id) {
    await send('topics.delete', { id });
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
  };
}
