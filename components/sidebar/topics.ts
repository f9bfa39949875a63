/** Topic labels and colours for chips and filters (presentational; no data access). */
import { BUILTIN_TOPIC_LABELS, type TopicId } from '../../lib/types';

export interface TopicMeta {
  id: TopicId;
  /** Chip text: exactly `MoE`, `SAE`, `Sparse attention`, `Pruning` for built-ins (issue 2). */
  label: string;
}

/** Chip text of a topic: the built-in label, else the user topic's name, else a readable id. */
export function topicLabel(id: TopicId, names?: ReadonlyMap<TopicId, string>): string {
  const builtin = (BUILTIN_TOPIC_LABELS as Record<string, string>)[id];
  if (builtin) return builtin;
  const named = names?.get(id);
  if (named) return named;
  return id.replace(/^user:/, '').replace(/[-_]+/g, ' ');
}

/** Stable hue per topic: fixed ones for the built-ins, hashed for user topics. */
const BUILTIN_HUES: Record<string, number> = { moe: 262, sae: 170, sparse_attention: 28, pruning: 340 };

export function topicHue(id: TopicId): number {
  const fixed = BUILTIN_HUES[id];
  if (fixed !== undefined) return fixed;
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return (h % 12) * 30 + 15;
}

/** Built-in hues come from the stylesheet (`[data-topic]`); user topics carry theirs inline. */
export function hueStyle(id: TopicId): string | undefined {
  return BUILTIN_HUES[id] === undefined ? `--hue:${topicHue(id)}` : undefined;
}
