/** Display names shared by the extension pages. */

import { BUILTIN_TOPIC_LABELS, type SiteId, type TopicId } from '../../lib/types';
import type { PaperStatus, TopicRecord } from '../../storage/db';

export const STATUS_LABELS = {
  'to-read': 'To read',
  reading: 'Reading',
  read: 'Read',
  dismissed: 'Dismissed',
} as const satisfies Record<PaperStatus, string>;

export const SITE_LABELS = {
  arxiv: 'arXiv',
  huggingface: 'Hugging Face',
  openreview: 'OpenReview',
} as const satisfies Record<SiteId, string>;

export const SITES: readonly SiteId[] = ['arxiv', 'huggingface', 'openreview'];

export type TopicNames = ReadonlyMap<TopicId, string>;

/** Built-in chip texts exactly as in the sidebar (issue 2), user topics by their name. */
export function topicNames(topics: readonly TopicRecord[]): Map<TopicId, string> {
  const names = new Map<TopicId, string>(Object.entries(BUILTIN_TOPIC_LABELS));
  for (const t of topics) if (!t.builtin && t.name.trim()) names.set(t.id, t.name);
  return names;
}

export function topicLabel(names: TopicNames, id: TopicId): string {
  return names.get(id) ?? id.replace(/^user:/, '');
}

/** Stable colour slot per topic (the CSS defines --topic-0 … --topic-7). */
export function topicColourIndex(id: TopicId): number {
  const builtin = ['moe', 'sae', 'sparse_attention', 'pruning'].indexOf(id);
  if (builtin >= 0) return builtin;
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return 4 + (h % 4);
}

const dateFmt = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
export function formatDate(ms: number): string {
  return dateFmt.format(new Date(ms));
}

/** Only http(s) links are rendered as links; anything else (javascript:, data:) stays text. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

export function pluralise(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
