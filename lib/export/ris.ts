/**
 * RIS export (Zotero, Mendeley, EndNote). Tags are "XX  - " (two spaces), one value per line,
 * records end with "ER  - ", lines end with CRLF as the RIS spec asks. Preprints are JOUR with
 * the repository in T2, as Google Scholar and Zotero's arXiv export do, so every importer keeps
 * title, authors, year, abstract, DOI and URL.
 */
import { arxivIdOf } from '../ids';
import type { Paper } from '../types';
import { arxivDoi, openreviewForum, paperDate, splitName } from './paper-meta';

export type RisPaper = Paper & { tags?: readonly string[]; notes?: string };

const oneLine = (s: string) =>
  s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();

export function toRisRecord(p: RisPaper): string {
  const lines: string[] = [];
  const tag = (t: string, v: string | undefined) => {
    const value = v && oneLine(v);
    if (value) lines.push(`${t}  - ${value}`);
  };
  tag('TY', 'JOUR');
  tag('TI', p.title);
  for (const a of p.authors) {
    const { first, last } = splitName(a);
    tag('AU', first ? `${last}, ${first}` : last);
  }
  const d = paperDate(p);
  if (d.year) {
    tag('PY', String(d.year));
    const mm = d.month ? String(d.month).padStart(2, '0') : '';
    const dd = d.day ? String(d.day).padStart(2, '0') : '';
    tag('DA', `${d.year}/${mm}/${dd}/`);
  }
  const arxiv = arxivIdOf(p.id);
  if (arxiv) {
    tag('T2', `arXiv preprint arXiv:${arxiv}`);
    tag('PB', 'arXiv');
    tag('DO', arxivDoi(arxiv));
    tag('AN', `arXiv:${arxiv}`);
  } else if (openreviewForum(p)) {
    tag('T2', 'OpenReview');
  }
  tag('AB', p.abstract);
  tag('UR', p.url);
  tag('L1', p.pdfUrl);
  for (const k of p.categories ?? []) tag('KW', k);
  for (const k of p.tags ?? []) tag('KW', k);
  tag('N1', p.notes);
  lines.push('ER  - ');
  return lines.join('\r\n');
}

export function toRis(papers: readonly RisPaper[]): string {
  return papers.map((p) => `${toRisRecord(p)}\r\n`).join('\r\n');
}
