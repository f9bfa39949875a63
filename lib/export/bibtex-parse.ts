/**
 * BibTeX import: a tokenizer that follows BibTeX's own rules (braces always count, `#`
 * concatenation, @string macros, @comment/@preamble skipped, text between entries ignored),
 * then entries with an arXiv id or an OpenReview link become papers. Pure: nothing is written
 * until the caller applies the result in one transaction.
 */

import type { SavedPaper } from '../../storage/db';
import { arxivAbsUrl, arxivPaperId, arxivPdfUrl, parseArxivRef } from '../ids';
import type { Result } from '../protocol';
import type { SiteId } from '../types';
import { latexUnescape } from './latex';
import { normaliseTags } from './tags';

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
const MAX_ENTRIES = 100_000;

export interface BibtexEntry {
  type: string;
  key: string;
  /** 1-based line of the `@`. */
  line: number;
  /** Lowercase field name -> raw value (delimiters removed, macros expanded, not unescaped). */
  fields: Record<string, string>;
}

export interface SkippedEntry {
  line: number;
  key: string;
  reason: string;
}

export interface BibtexImport {
  papers: SavedPaper[];
  skipped: SkippedEntry[];
}

class BibError extends Error {}

const MONTH_MACROS: Record<string, string> = {
  jan: '1',
  feb: '2',
  mar: '3',
  apr: '4',
  may: '5',
  jun: '6',
  jul: '7',
  aug: '8',
  sep: '9',
  oct: '10',
  nov: '11',
  dec: '12',
};

export function parseBibtexEntries(text: string): Result<BibtexEntry[]> {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (pos: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const n = text.length;
  let pos = 0;
  const strings = new Map<string, string>();
  const entries: BibtexEntry[] = [];
  const err = (at: number, what: string): never => {
    throw new BibError(`line ${lineOf(at)}: ${what}`);
  };
  const truncated = (start: number, what: string): never => {
    throw new BibError(`file is truncated: ${what} that starts on line ${lineOf(start)} is not closed`);
  };
  const ws = () => {
    while (pos < n && /\s/.test(text[pos] as string)) pos++;
  };
  const ident = (): string => {
    const m = /^[A-Za-z_][\w\-:.+/]*/.exec(text.slice(pos, pos + 200));
    if (!m) return '';
    pos += m[0].length;
    return m[0];
  };
  /** Reads `{...}` starting at pos (on the `{`); returns the inside. */
  const braced = (entryStart: number, what: string): string => {
    const start = pos + 1;
    let depth = 0;
    for (; pos < n; pos++) {
      const c = text[pos];
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        pos++;
        return text.slice(start, pos - 1);
      }
    }
    return truncated(entryStart, what);
  };
  const quoted = (entryStart: number, what: string): string => {
    const start = ++pos;
    let depth = 0;
    for (; pos < n; pos++) {
      const c = text[pos];
      if (c === '{') depth++;
      else if (c === '}') {
        if (--depth < 0) err(pos, `unbalanced "}" in ${what}`);
      } else if (c === '"' && depth === 0) {
        pos++;
        return text.slice(start, pos - 1);
      }
    }
    return truncated(entryStart, what);
  };
  const value = (entryStart: number, what: string): string => {
    let out = '';
    for (;;) {
      ws();
      const c = text[pos];
      if (c === undefined) truncated(entryStart, what);
      else if (c === '{') out += braced(entryStart, what);
      else if (c === '"') out += quoted(entryStart, what);
      else if (/\d/.test(c)) {
        const m = /^\d+/.exec(text.slice(pos, pos + 40)) as RegExpExecArray;
        pos += m[0].length;
        out += m[0];
      } else {
        const at = pos;
        const name = ident().toLowerCase();
        if (!name) err(at, `expected a value for ${what}, found ${JSON.stringify(c)}`);
        const macro = strings.get(name) ?? MONTH_MACROS[name];
        if (macro === undefined) err(at, `unknown @string macro "${name}" in ${what}`);
        out += macro;
      }
      ws();
      if (text[pos] !== '#') return out;
      pos++;
    }
  };

  try {
    while (pos < n) {
      const at = text.indexOf('@', pos);
      if (at < 0) break;
      pos = at + 1;
      ws();
      const type = ident().toLowerCase();
      if (!type) continue; // a stray @ in text between entries (e.g. an e-mail address)
      ws();
      const open = text[pos];
      if (type === 'comment' && open !== '{' && open !== '(') continue;
      if (open !== '{' && open !== '(') err(pos, `expected "{" or "(" after @${type}`);
      const close = open === '{' ? '}' : ')';
      if (type === 'comment' || type === 'preamble') {
        if (open === '{') braced(at, `@${type}`);
        else {
          const end = text.indexOf(')', pos);
          if (end < 0) truncated(at, `@${type}`);
          pos = end + 1;
        }
        continue;
      }
      pos++;
      ws();
      if (type === 'string') {
        const nameAt = pos;
        const name = ident().toLowerCase();
        if (!name) err(nameAt, 'expected a macro name in @string');
        ws();
        if (text[pos] !== '=') err(pos, `expected "=" after @string name "${name}"`);
        pos++;
        strings.set(name, value(at, `@string "${name}"`));
        ws();
        if (text[pos] !== close) err(pos, `expected "${close}" to close @string "${name}"`);
        pos++;
        continue;
      }
      const keyStart = pos;
      while (pos < n && !/[\s,{}()="#]/.test(text[pos] as string)) pos++;
      const key = text.slice(keyStart, pos);
      ws();
      if (pos >= n) truncated(at, `the @${type} entry`);
      if (!key) err(keyStart, `@${type} entry has no citation key`);
      const entry: BibtexEntry = { type, key, line: lineOf(at), fields: {} };
      if (text[pos] === ',') pos++;
      else if (text[pos] !== close) err(pos, `expected "," after the citation key "${key}"`);
      for (;;) {
        ws();
        if (pos >= n) truncated(at, `the entry "${key}"`);
        if (text[pos] === close) {
          pos++;
          break;
        }
        const fieldAt = pos;
        const field = ident().toLowerCase();
        if (!field)
          err(fieldAt, `expected a field name in entry "${key}", found ${JSON.stringify(text[pos])}`);
        ws();
        if (pos >= n) truncated(at, `the entry "${key}"`);
        if (text[pos] !== '=') err(pos, `expected "=" after field "${field}" in entry "${key}"`);
        pos++;
        const v = value(at, `the field "${field}" of entry "${key}"`);
        if (!Object.hasOwn(entry.fields, field)) entry.fields[field] = v;
        ws();
        if (pos >= n) truncated(at, `the entry "${key}"`);
        if (text[pos] === ',') pos++;
        else if (text[pos] !== close)
          err(pos, `expected "," or "${close}" after field "${field}" in entry "${key}"`);
      }
      entries.push(entry);
      if (entries.length > MAX_ENTRIES) err(at, `too many entries (the limit is ${MAX_ENTRIES})`);
    }
  } catch (e) {
    if (e instanceof BibError) return { ok: false, error: e.message };
    throw e;
  }
  return { ok: true, value: entries };
}

const OPENREVIEW_URL =
  /^https?:\/\/(?:www\.)?openreview\.net\/(?:forum|pdf)\?(?:.*&)?id=([A-Za-z0-9_-]{1,100})/;

function paperIdOf(f: Record<string, string>): { id: string; site: SiteId; arxivId?: string } | null {
  const candidates: string[] = [];
  const prefix = (f.archiveprefix ?? f.eprinttype ?? 'arxiv').toLowerCase();
  if (f.eprint && prefix === 'arxiv') candidates.push(f.eprint);
  if (f.arxivid) candidates.push(f.arxivid);
  if (f.arxiv) candidates.push(f.arxiv);
  const doi = f.doi && /^(?:https?:\/\/doi\.org\/)?10\.48550\/arxiv\.(.+)$/i.exec(f.doi.trim());
  if (doi?.[1]) candidates.push(doi[1]);
  if (f.url) candidates.push(f.url.trim());
  for (const text of [f.journal, f.note, f.howpublished]) {
    const m = text && /arxiv:\s*([a-z.-]*\/?\d{4,7}(?:\.\d{4,5})?(?:v\d+)?)/i.exec(text);
    if (m?.[1]) candidates.push(m[1]);
  }
  for (const c of candidates) {
    const ref = parseArxivRef(latexUnescape(c));
    if (ref) return { id: arxivPaperId(ref.arxivId), site: 'arxiv', arxivId: ref.arxivId };
  }
  const or = f.url && OPENREVIEW_URL.exec(f.url.trim());
  if (or?.[1]) return { id: `openreview:${or[1]}`, site: 'openreview' };
  return null;
}

/** "Lovelace, Ada" -> "Ada Lovelace"; "Doe, Jr., John" -> "John Doe Jr." */
function displayName(raw: string): string {
  const name = latexUnescape(raw);
  // a fully braced name ({Google DeepMind}) is one unit and never reordered
  if (/^\{[^{}]*\}$/.test(raw.trim())) return name;
  const parts = name.split(',').map((s) => s.trim());
  if (parts.length === 2) return `${parts[1]} ${parts[0]}`.trim();
  if (parts.length === 3) return `${parts[2]} ${parts[0]} ${parts[1]}`.trim();
  return name;
}

export function splitAuthors(field: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (depth === 0 && /\s/.test(c as string)) {
      const m = /^\s+and\s+/i.exec(field.slice(i));
      if (m) {
        names.push(field.slice(start, i));
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  names.push(field.slice(start));
  return names
    .map((s) => s.trim())
    .filter((s) => s && s.toLowerCase() !== 'others')
    .map(displayName)
    .filter(Boolean);
}

function entryToPaper(e: BibtexEntry, now: number): SavedPaper | string {
  const f = e.fields;
  const ident = paperIdOf(f);
  if (!ident) return 'no arXiv id (eprint) or OpenReview link';
  const title = latexUnescape(f.title ?? '').slice(0, 2000);
  if (!title) return 'no title';
  const forum = ident.id.slice('openreview:'.length);
  const year = /^\d{4}$/.exec((f.year ?? '').trim())?.[0];
  const month = Number(latexUnescape(f.month ?? ''));
  const paper: SavedPaper = {
    id: ident.id,
    title,
    authors: splitAuthors(f.author ?? '').slice(0, 2000),
    abstract: latexUnescape(f.abstract ?? '').slice(0, 100_000),
    url: ident.arxivId ? arxivAbsUrl(ident.arxivId) : `https://openreview.net/forum?id=${forum}`,
    pdfUrl: ident.arxivId ? arxivPdfUrl(ident.arxivId) : `https://openreview.net/pdf?id=${forum}`,
    site: ident.site,
    topics: [],
    sites: [ident.site],
    savedAt: now,
    updatedAt: now,
    status: 'to-read',
    tags: normaliseTags(latexUnescape(f.keywords ?? '').split(/[,;]/)),
    notes: '',
    starred: false,
  };
  const primary = latexUnescape(f.primaryclass ?? '');
  if (/^[a-z-]+(?:\.[A-Za-z-]+)?$/.test(primary)) paper.categories = [primary];
  if (year) paper.published = month >= 1 && month <= 12 ? `${year}-${String(month).padStart(2, '0')}` : year;
  return paper;
}

/**
 * Parses a .bib file into papers to import. Entries without an arXiv id or OpenReview link
 * cannot be keyed canonically; they are listed in `skipped` (with their line) instead of
 * failing the whole file. Syntax errors fail the whole file with "line N: …".
 */
export function parseBibtex(text: string, now: number = Date.now()): Result<BibtexImport> {
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, error: 'file is too large (the limit is 50 MB)' };
  const parsed = parseBibtexEntries(text);
  if (!parsed.ok) return parsed;
  if (parsed.value.length === 0)
    return { ok: false, error: 'no BibTeX entries found (nothing starting with @)' };
  const byId = new Map<string, SavedPaper>();
  const skipped: SkippedEntry[] = [];
  for (const e of parsed.value) {
    const p = entryToPaper(e, now);
    if (typeof p === 'string') {
      skipped.push({ line: e.line, key: e.key, reason: p });
      continue;
    }
    const dup = byId.get(p.id);
    if (dup) dup.tags = normaliseTags([...dup.tags, ...p.tags]);
    else byId.set(p.id, p);
  }
  return { ok: true, value: { papers: [...byId.values()], skipped } };
}
