/**
 * TEMPORARY: stands in for classifier/index.ts until it lands (same contract: classifier/types.ts).
 */
import type { Classification, ClassifierInput, Evidence, TopicResult } from '../../classifier/types';
import { BUILTIN_TOPIC_LABELS, BUILTIN_TOPICS, type TopicId } from '../../lib/types';

const RE: Record<string, RegExp> = {
  moe: /mixture[- ]of[- ]experts?|\bmoe\b/gi,
  sae: /sparse auto-?encoders?|\bsaes?\b/gi,
  sparse_attention: /sparse attention|kv[- ]cache eviction/gi,
  pruning: /\bprun(e|ing|ed)\b/gi,
};

export const TOPICS = BUILTIN_TOPICS.map((id) => ({ id: id as TopicId, label: BUILTIN_TOPIC_LABELS[id] }));

export function classifyPaper(input: ClassifierInput): Classification {
  const details: Record<TopicId, TopicResult> = {};
  const scores: Record<TopicId, number> = {};
  const topics: TopicId[] = [];
  for (const t of BUILTIN_TOPICS) {
    const positive: Evidence[] = [];
    for (const field of ['title', 'abstract'] as const) {
      const text = (field === 'title' ? input.title : input.abstract) ?? '';
      for (const m of text.matchAll(RE[t] as RegExp)) {
        positive.push({ phrase: m[0], weight: 1, field, start: m.index, end: m.index + m[0].length });
      }
    }
    const score = positive.length ? 0.9 : 0.05;
    scores[t] = score;
    details[t] = { topic: t, score, predicted: score > 0.5, positive, negative: [] };
    if (score > 0.5) topics.push(t);
  }
  return { topics, scores, details, modelVersion: 'stub' };
}
