/** Shared domain types. Pure: no DOM, no browser.*, no Dexie. */

/** Built-in topic ids (../shared/data/TOPICS.md). User topics use ids `user:<slug>`. */
export const BUILTIN_TOPICS = ['moe', 'sae', 'sparse_attention', 'pruning'] as const;
export type BuiltinTopicId = (typeof BUILTIN_TOPICS)[number];
const BUILTIN_SET: ReadonlySet<string> = new Set(BUILTIN_TOPICS);
/** One of the four built-in topics (not a user topic). */
export const isBuiltinTopic = (id: string): id is BuiltinTopicId => BUILTIN_SET.has(id);
export type TopicId = string;

/** Chip texts of the built-in topics; outside checks rely on them exactly (issue 2). */
export const BUILTIN_TOPIC_LABELS = {
  moe: 'MoE',
  sae: 'SAE',
  sparse_attention: 'Sparse attention',
  pruning: 'Pruning',
} as const satisfies Record<BuiltinTopicId, string>;

export type SiteId = 'arxiv' | 'huggingface' | 'openreview';

/** A paper as parsed from a page or fetched from an API. `id` is canonical and versionless. */
export interface Paper {
  /** `arxiv:2609.12345`, `arxiv:hep-th/9901001`, `openreview:<forum>` */
  id: string;
  title: string;
  authors: string[];
  /** '' when the page has none (title-only listings). */
  abstract: string;
  /** Canonical abstract-page URL. */
  url: string;
  pdfUrl?: string;
  /** arXiv version seen on the page, when it states one. */
  version?: number;
  categories?: string[];
  site: SiteId;
  /** Where it was seen, e.g. 'https://arxiv.org/list/cs.LG/new'. */
  sourceUrl?: string;
  /** Year or date string when the page gives one (for exports). */
  published?: string;
}
