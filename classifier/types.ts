/** Contract of the pure classifier: text in, scores and evidence out (no DOM, no browser.*, no Dexie). */
import type { TopicId } from '../lib/types';

export interface ClassifierInput {
  title: string;
  /** May be '' (title-only listings). */
  abstract?: string;
}

/** A phrase that moved a topic's score. */
export interface Evidence {
  /** The phrase as it appears in the text (original casing). */
  phrase: string;
  /** Contribution to the topic score (positive pushes up, negative down). */
  weight: number;
  field: 'title' | 'abstract';
  /** Character offsets of the phrase in that field, for highlighting. */
  start: number;
  end: number;
  /** What produced it: a built-in or user phrase rule (default), the user's learned model, or similarity to a user topic's example paper. */
  source?: 'rule' | 'learned' | 'example';
}

export interface TopicResult {
  topic: TopicId;
  /** Calibrated probability-like score in [0, 1]. */
  score: number;
  /** Whether the score passed the topic's threshold. */
  predicted: boolean;
  /** Strongest positive evidence first. */
  positive: Evidence[];
  /** Strongest negative evidence first. */
  negative: Evidence[];
  /** Set when the user corrected this very paper for this topic (+1 is the topic, -1 is not). */
  correction?: 1 | -1;
}

export interface Classification {
  /** Predicted topics, in the classifier's topic order. */
  topics: TopicId[];
  scores: Record<TopicId, number>;
  details: Record<TopicId, TopicResult>;
  /** Model data version; a change re-classifies cached papers. */
  modelVersion: string;
}
