/** CSV export, RFC 4180: comma-separated, CRLF rows, fields with , " CR LF quoted, "" inside. */

import type { SavedPaper } from '../../storage/db';
import { BUILTIN_TOPIC_LABELS } from '../types';

export type TopicNameOf = (id: string) => string;

export const defaultTopicName: TopicNameOf = (id) =>
  (BUILTIN_TOPIC_LABELS as Record<string, string>)[id] ?? id.replace(/^user:/, '');

export function csvField(value: string): string {
  // A leading = + - @ (or tab/CR) would make Excel and Sheets run the cell as a formula
  // (OWASP "CSV injection"); a leading apostrophe keeps hostile titles as text.
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export const CSV_COLUMNS = [
  'id',
  'title',
  'authors',
  'published',
  'abstract',
  'url',
  'pdf_url',
  'sites',
  'topics',
  'status',
  'starred',
  'tags',
  'notes',
  'saved_at',
] as const;

export function toCsv(papers: readonly SavedPaper[], topicName: TopicNameOf = defaultTopicName): string {
  const rows = papers.map((p) =>
    [
      p.id,
      p.title,
      p.authors.join('; '),
      p.published ?? '',
      p.abstract,
      p.url,
      p.pdfUrl ?? '',
      (p.sites.length ? p.sites : [p.site]).join('; '),
      p.topics.map(topicName).join('; '),
      p.status,
      p.starred ? 'yes' : 'no',
      p.tags.join('; '),
      p.notes,
      new Date(p.savedAt).toISOString(),
    ]
      .map(csvField)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
