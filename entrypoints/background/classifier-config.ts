/**
 * Builds the user's ClassifierConfig (classifier/index.ts) from what Dexie stores: topic records
 * (user topics, built-ins switched off, thresholds) and learned model states. Storage keeps model
 * state opaque (`unknown`); it is validated here, where the learner's format is known.
 */
import {
  type ClassifierConfig,
  type LearnerState,
  parseLearnerState,
  type UserTopic,
} from '../../classifier';
import { BUILTIN_TOPICS, type TopicId } from '../../lib/types';
import type { ModelRecord, TopicRecord } from '../../storage/db';

const BUILTINS: ReadonlySet<string> = new Set(BUILTIN_TOPICS);

export const isBuiltinTopic = (id: TopicId): boolean => BUILTINS.has(id);

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
  const learned: Record<TopicId, LearnerState> = {};
  for (const m of models) {
    if (!active.has(m.topic)) continue;
    try {
      learned[m.topic] = parseLearnerState(m.state, `learned model of ${m.topic}`);
    } catch (e) {
      // A model from an older learner or a damaged record: classify without it rather than fail.
      log?.(`ignoring learned model of ${m.topic}`, e);
    }
  }
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
