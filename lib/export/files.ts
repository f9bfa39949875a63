/** File names, MIME types and format detection for the export and import controls. */

import type { SavedPaper } from '../../storage/db';
import type { Result } from '../protocol';
import { type BackupData, parseJsonBackup, toJsonBackup } from './backup';
import { toBibtex } from './bibtex';
import { type BibtexImport, parseBibtex } from './bibtex-parse';
import { defaultTopicName, type TopicNameOf, toCsv } from './csv';
import { toMarkdown } from './markdown';
import { toRis } from './ris';

export type ExportFormat = 'bibtex' | 'ris' | 'csv' | 'markdown' | 'json';

export const EXPORT_FORMATS = {
  bibtex: { label: 'BibTeX', ext: 'bib', mime: 'application/x-bibtex' },
  ris: { label: 'RIS', ext: 'ris', mime: 'application/x-research-info-systems' },
  csv: { label: 'CSV', ext: 'csv', mime: 'text/csv' },
  markdown: { label: 'Markdown', ext: 'md', mime: 'text/markdown' },
  json: { label: 'JSON backup', ext: 'json', mime: 'application/json' },
} as const satisfies Record<ExportFormat, { label: string; ext: string; mime: string }>;

export interface ExportFile {
  filename: string;
  mime: string;
  text: string;
}

function stamp(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** A paper-list export (BibTeX, RIS, CSV, Markdown). */
export function exportPapers(
  format: Exclude<ExportFormat, 'json'>,
  papers: readonly SavedPaper[],
  topicName: TopicNameOf = defaultTopicName,
  now: Date = new Date(),
): ExportFile {
  const { ext, mime } = EXPORT_FORMATS[format];
  const text =
    format === 'bibtex'
      ? toBibtex(papers)
      : format === 'ris'
        ? toRis(papers)
        : format === 'csv'
          ? // BOM: Excel opens a CSV as UTF-8 only when it starts with one.
            `\uFEFF${toCsv(papers, topicName)}`
          : toMarkdown(papers, topicName);
  return { filename: `papersift-${stamp(now)}.${ext}`, mime: `${mime};charset=utf-8`, text };
}

/** The JSON backup of everything; with `papers` narrowed, a backup of the selection. */
export function exportBackup(data: BackupData, now: Date = new Date()): ExportFile {
  return {
    filename: `papersift-backup-${stamp(now)}.json`,
    mime: 'application/json;charset=utf-8',
    text: toJsonBackup(data, now),
  };
}

export type ParsedImport = { kind: 'backup'; data: BackupData } | { kind: 'bibtex'; data: BibtexImport };

/** Decides from the content (then the name) whether a file is a backup or BibTeX, and parses it. */
export function parseImportFile(name: string, text: string, now: number = Date.now()): Result<ParsedImport> {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  const looksJson = body.startsWith('{') || body.startsWith('[') || /\.json$/i.test(name);
  if (looksJson) {
    const r = parseJsonBackup(text);
    return r.ok ? { ok: true, value: { kind: 'backup', data: r.value } } : r;
  }
  if (body.includes('@') || /\.(bib|bibtex)$/i.test(name)) {
    const r = parseBibtex(text, now);
    return r.ok ? { ok: true, value: { kind: 'bibtex', data: r.value } } : r;
  }
  if (!body) return { ok: false, error: 'the file is empty' };
  return { ok: false, error: 'not a PaperSift backup or a BibTeX file' };
}
