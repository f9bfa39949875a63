/**
 * Markdown export: a readable list. Paper text is backslash-escaped (CommonMark: any ASCII
 * punctuation may be escaped) so a title like `<img onerror=…>` or `[x](javascript:…)` stays
 * literal text in every Markdown renderer.
 */
import type { SavedPaper } from '../../storage/db';
import { defaultTopicName, type TopicNameOf } from './csv';
import { paperDate } from './paper-meta';

export function mdEscape(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]()<>#|~!&$]/g, '\\$&')
    .replace(/^[-+]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Only https/http links; parentheses and spaces percent-encoded so the link cannot break out. */
function mdUrl(url: string | undefined): string | null {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  return url.replace(
    /[()<>\s"'\\]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

const STATUS: Record<SavedPaper['status'], string> = {
  'to-read': 'to read',
  reading: 'reading',
  read: 'read',
  dismissed: 'dismissed',
};

export function toMarkdown(
  papers: readonly SavedPaper[],
  topicName: TopicNameOf = defaultTopicName,
  title = 'PaperSift reading list',
): string {
  const out = [`# ${title}`, '', `${papers.length} paper${papers.length === 1 ? '' : 's'}`, ''];
  for (const p of papers) {
    const url = mdUrl(p.url);
    const head = url ? `[${mdEscape(p.title)}](${url})` : mdEscape(p.title);
    const year = paperDate(p).year;
    out.push(`- ${p.starred ? '★ ' : ''}**${head}**${year ? ` (${year})` : ''}`);
    if (p.authors.length) out.push(`  ${mdEscape(p.authors.join(', '))}`);
    const meta: string[] = [`status: ${STATUS[p.status]}`];
    if (p.topics.length) meta.push(`topics: ${p.topics.map((t) => mdEscape(topicName(t))).join(', ')}`);
    if (p.tags.length) meta.push(`tags: ${p.tags.map(mdEscape).join(', ')}`);
    const pdf = mdUrl(p.pdfUrl);
    if (pdf) meta.push(`[PDF](${pdf})`);
    out.push(`  ${meta.join(' · ')}`);
    if (p.notes.trim()) {
      for (const line of p.notes.trim().split(/\r?\n/)) out.push(`  > ${mdEscape(line)}`);
    }
    out.push('');
  }
  return out.join('\n');
}
