/**
 * BibTeX export: one @misc entry per paper in the form arXiv itself exports
 * (eprint / archivePrefix / primaryClass), LaTeX specials escaped, UTF-8 kept.
 */
import { arxivIdOf } from '../ids';
import type { Paper } from '../types';
import { latexEscape } from './latex';
import { arxivDoi, asciiSlug, firstTitleWord, lastName, openreviewForum, paperDate } from './paper-meta';

export type ExportPaper = Paper & { tags?: readonly string[] };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `lastname2026firstword`, made unique with b, c, … suffixes in export order. */
export function citeKeys(papers: readonly Paper[]): string[] {
  const used = new Set<string>();
  // base -> the suffix number to try first: keys are only ever added, so the first free suffix
  // of a base never moves back and the search can resume where it stopped (same keys, no rescans).
  const next = new Map<string, number>();
  return papers.map((p) => {
    const last = asciiSlug(lastName(p.authors[0] ?? '')) || 'anon';
    const year = paperDate(p).year ?? '';
    const word = firstTitleWord(p.title) || 'paper';
    const base = `${last}${year}${word}`;
    let key = base;
    let i = next.get(base) ?? 0;
    if (i > 0 || used.has(key)) {
      if (i === 0) i = 1;
      key = `${base}${suffix(i)}`;
      while (used.has(key)) key = `${base}${suffix(++i)}`;
    }
    next.set(base, i);
    used.add(key);
    return key;
  });
}

/** 1 -> b, 2 -> c, …, 25 -> z, 26 -> ba … */
function suffix(i: number): string {
  let s = '';
  let n = i;
  while (n > 0) {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  }
  return s;
}

/** Author names joined with " and "; a name containing the word "and" is braced. */
function authorField(authors: readonly string[]): string {
  return authors
    .map((a) => a.trim().replace(/\s+/g, ' '))
    .filter(Boolean)
    .map((a) => (/(^|\s)and(\s|$)/i.test(a) ? `{${latexEscape(a)}}` : latexEscape(a)))
    .join(' and ');
}

export function toBibtexEntry(p: ExportPaper, key: string): string {
  const fields: [string, string][] = [];
  const add = (name: string, value: string | undefined) => {
    if (value?.trim()) fields.push([name, value]);
  };
  // Double braces keep the title's capitalisation (acronyms like MoE, SAE) in every style.
  add('title', `{${latexEscape(p.title.trim())}}`);
  add('author', authorField(p.authors));
  const date = paperDate(p);
  if (date.year) add('year', String(date.year));
  if (date.month && date.month >= 1 && date.month <= 12)
    fields.push(['month', MONTHS[date.month - 1] as string]);
  const arxiv = arxivIdOf(p.id);
  if (arxiv) {
    add('eprint', latexEscape(arxiv));
    add('archivePrefix', 'arXiv');
    add('primaryClass', p.categories?.[0] && latexEscape(p.categories[0]));
    add('doi', latexEscape(arxivDoi(arxiv)));
  }
  if (openreviewForum(p)) add('howpublished', 'OpenReview');
  // URLs are verbatim in biblatex and url.sty; only braces and spaces would break the entry.
  add(
    'url',
    p.url.replace(/[{}\s]/g, (c) => encodeURIComponent(c)),
  );
  add('abstract', latexEscape(p.abstract.trim()));
  if (p.tags?.length) add('keywords', latexEscape(p.tags.join(', ')));
  let width = 0;
  for (const [name] of fields) if (name.length > width) width = name.length;
  let body = '';
  for (let i = 0; i < fields.length; i++) {
    const [name, value] = fields[i] as [string, string];
    // month macros are written bare, like BibTeX's own `month = jan`.
    const v = name === 'month' ? value : `{${value}}`;
    body += `${i ? ',\n' : ''}  ${name.padEnd(width)} = ${v}`;
  }
  return `@misc{${key},\n${body}\n}\n`;
}

export function toBibtex(papers: readonly ExportPaper[]): string {
  const keys = citeKeys(papers);
  return papers.map((p, i) => toBibtexEntry(p, keys[i] as string)).join('\n');
}
