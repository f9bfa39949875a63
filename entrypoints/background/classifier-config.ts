/**
 * Builds the user's ClassifierConfig (classifier/index.ts) from what Dexie stores: topic records
 * (user topics, built-ins switched off, thresholds) and learned model states. Storage keeps model
 * state opaque (`unknown`); it is validated here, where the learner's format is known.
 */
import { type ClassifierConfig, readLearnedStates, type UserTopic } from '../../classifier';
import { BUILTIN_TOPICS, isBuiltinTopic, type TopicId } from '../../lib/types';
import type { ModelRecord, TopicRecord } from '../../storage/db';

export { isBuiltinTopic };

export function buildClassifierConfig(
  topics: readonly TopicRecord[],
  models: readonly ModelRecord[],
  log?: (message: string, error?: unknown) => void,
): ClassifierConfig {
  const disabledBuiltins: TopicId[] = [];
  const userTopics: UserTopic[] = [];
  const thresholds: Record<TopicId, number> = {};
  const active = new Set<TopicId>(BUILTIN_TOPICS);
  for (const t of topics) {
    if (isBuiltinTopic(t.id)) {
      if (!t.enabled) {
        disabledBuiltins.push(t.id);
        active.delete(t.id);
      }
    } else if (t.enabled) {
      active.add(t.id);
      userTopics.push({
        id: t.id,
        name: t.name,
        description: t.description,
        include: [...t.include],
        exclude: [...t.exclude],
        examples: t.examples.map((e) => ({ title: e.title, abstract: e.abstract })),
      });
    }
    if (t.enabled && t.threshold !== undefined) thresholds[t.id] = t.threshold;
  }
  const learned = readLearnedStates(
    models,
    (topic) => active.has(topic),
    (topic, e) => log?.(`ignoring learned model of ${topic}`, e),
  );
  const config: ClassifierConfig = {};
  if (disabledBuiltins.length) config.disabledBuiltins = disabledBuiltins;
  if (userTopics.length) config.userTopics = userTopics;
  if (Object.keys(learned).length) config.learned = learned;
  if (Object.keys(thresholds).length) config.thresholds = thresholds;
  return config;
}

/** The config without learned adjustments: what a correction is trained against. */
export function withoutLearned(config: ClassifierConfig): ClassifierConfig {
  const { learned: _learned, ...rest } = config;
  return rest;
}
