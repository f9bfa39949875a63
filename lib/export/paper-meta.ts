/** Metadata derived from a paper for citations: year, month, arXiv id, DOI, cite-key parts. */
import { arxivIdOf } from '../ids';
import type { Paper } from '../types';

export interface PaperDate {
  year?: number;
  month?: number;
  day?: number;
}

/** From `published` ("2024", "2024-01-15", "15 Jan 2024"), else from a new-style arXiv id (YYMM). */
export function paperDate(p: Paper): PaperDate {
  const pub = p.published?.trim();
  if (pub) {
    const iso = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?/.exec(pub);
    if (iso?.[1]) {
      const out: PaperDate = { year: Number(iso[1]) };
      if (iso[2]) out.month = Number(iso[2]);
      if (iso[3]) out.day = Number(iso[3]);
      return out;
    }
    const year = /\b(19|20)\d{2}\b/.exec(pub)?.[0];
    if (year) return { year: Number(year) };
  }
  const arxiv = arxivIdOf(p.id);
  const newStyle = arxiv && /^(\d{2})(\d{2})\.\d{4,5}$/.exec(arxiv);
  if (newStyle?.[1] && newStyle[2]) return { year: 2000 + Number(newStyle[1]), month: Number(newStyle[2]) };
  const oldStyle = arxiv && /\/(\d{2})(\d{2})\d{3}$/.exec(arxiv);
  if (oldStyle?.[1] && oldStyle[2]) {
    const yy = Number(oldStyle[1]);
    return { year: yy >= 91 ? 1900 + yy : 2000 + yy, month: Number(oldStyle[2]) };
  }
  return {};
}

/** arXiv registers a DataCite DOI for every paper. */
export function arxivDoi(arxivId: string): string {
  return `10.48550/arXiv.${arxivId}`;
}

export function openreviewForum(p: Paper): string | null {
  return p.id.startsWith('openreview:') ? p.id.slice('openreview:'.length) : null;
}

const NON_ASCII = /[\u0080-\uffff]/;
const NOT_ALNUM = /[^a-z0-9]/g;

/** ASCII letters and digits only, lowercase ("Müller-Lüdenscheidt" -> "mullerludenscheidt"). */
export function asciiSlug(s: string): string {
  // Pure ASCII (most names and titles): NFKD and the letter folds change nothing.
  if (!NON_ASCII.test(s)) return s.toLowerCase().replace(NOT_ALNUM, '');
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** "Ada Lovelace" -> "Lovelace"; "Lovelace, Ada" -> "Lovelace". */
export function lastName(author: string): string {
  const a = author.trim();
  if (a.includes(',')) return (a.split(',')[0] ?? '').trim();
  const parts = a.split(/\s+/);
  return parts[parts.length - 1] ?? '';
}

const STOPWORDS = new Set(
  'a an the on of in for to and with without from by at via is are be as do does how what why when towards toward into over under its our we can not no beyond'.split(
    ' ',
  ),
);

export function firstTitleWord(title: string): string {
  const words = title.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const word =
    words.find((w) => !STOPWORDS.has(w.toLowerCase()) && asciiSlug(w)) ?? words.find((w) => asciiSlug(w));
  return word ? asciiSlug(word) : '';
}

export function splitName(author: string): { first: string; last: string } {
  const a = author.trim().replace(/\s+/g, ' ');
  if (a.includes(',')) {
    const [last = '', ...rest] = a.split(',');
    return { last: last.trim(), first: rest.join(',').trim() };
  }
  const i = a.lastIndexOf(' ');
  return i < 0 ? { first: '', last: a } : { first: a.slice(0, i), last: a.slice(i + 1) };
}
