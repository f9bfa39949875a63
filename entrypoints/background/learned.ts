/**
 * Undo of a correction with the exact rebuild of its topic's learned model (issue 3). The
 * `topics.undoCorrection` handler and the options page's direct writer (tests) both call this,
 * so there is one rebuild: replay the topic's remaining corrections, oldest first, against the
 * rules without anything learned.
 */
import {
  baseLogit,
  type ClassifierConfig,
  type ClassifierInput,
  DEFAULT_THRESHOLD,
  replay,
} from '../../classifier';
import type { TopicId } from '../../lib/types';
import type { Correction, PaperSiftDB } from '../../storage/db';
import { listModels, listTopics, undoCorrection } from '../../storage/topics';
import { buildClassifierConfig, withoutLearned } from './classifier-config';

export const correctionInput = (c: Pick<Correction, 'title' | 'abstract'>): ClassifierInput => ({
  title: c.title,
  abstract: c.abstract,
});

/** Exact rebuild of a topic's model from its corrections (oldest first); undefined = no model. */
export function rebuildModel(config: ClassifierConfig, topic: TopicId, remaining: readonly Correction[]) {
  if (!remaining.length) return undefined;
  const base = withoutLearned(config);
  return replay(
    topic,
    remaining.map((c) => ({ input: correctionInput(c), label: c.label })),
    (input) => baseLogit(input, topic, base),
    config.thresholds?.[topic] ?? DEFAULT_THRESHOLD,
  );
}

/**
 * Removes one correction (the newest when `seq` is omitted) and rebuilds its topic's model in
 * the same transaction. Returns the removed correction, or undefined when there was none.
 */
export async function undoCorrectionAndRebuild(
  db: PaperSiftDB,
  seq: number | undefined,
  now: number,
  log?: (message: string, error?: unknown) => void,
): Promise<Correction | undefined> {
  const [topics, models] = await Promise.all([listTopics(db), listModels(db)]);
  const config = buildClassifierConfig(topics, models, log);
  return undoCorrection(
    db,
    seq,
    (remaining) => {
      const topic = remaining[0]?.topic;
      return topic === undefined ? undefined : rebuildModel(config, topic, remaining);
    },
    now,
  );
}
