/** One-regex-per-topic keyword matching: the baseline the classifier must beat (issues 2 and 3). */
import type { BuiltinTopicId } from '../lib/types';
import type { ClassifierInput } from './types';

export const BASELINE_REGEXES = {
  moe: /mixture[- ]of[- ]experts|\bmoes?\b/i,
  sae: /sparse auto-?encoders?|\bsaes?\b/i,
  sparse_attention: /sparse (self-)?attention/i,
  pruning: /\bprun(e|ed|es|ing)\b/i,
} as const satisfies Record<BuiltinTopicId, RegExp>;

export function baselineTopics(input: ClassifierInput): BuiltinTopicId[] {
  const text = `${input.title}\n${input.abstract ?? ''}`;
  return (Object.keys(BASELINE_REGEXES) as BuiltinTopicId[]).filter((t) => BASELINE_REGEXES[t].test(text));
}
