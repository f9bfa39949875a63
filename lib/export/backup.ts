/**
 * JSON backup of the whole database and its validating reader. The reader never trusts the
 * file: every record is checked field by field (types, lengths, ids, https-only URLs) and the
 * first problem is reported by its path, e.g. `papers[3].url: expected an https URL`.
 * Hostile strings are data: they are stored and later rendered as text, never interpreted.
 */

import type {
  AliasRecord,
  Correction,
  ModelRecord,
  PaperStatus,
  SavedPaper,
  SettingRecord,
  TopicRecord,
} from '../../storage/db';
import type { Result } from '../protocol';
import type { SiteId } from '../types';
import { MAX_IMPORT_BYTES } from './bibtex-parse';

export const BACKUP_FORMAT = 'papersift-backup';
export const BACKUP_VERSION = 1;

export interface BackupData {
  papers: SavedPaper[];
  topics: TopicRecord[];
  corrections: Correction[];
  models: ModelRecord[];
  settings: SettingRecord[];
  /** Other ids of stored papers (`openreview:<forum>` -> `arxiv:<id>`), storage/identity.ts. */
  aliases: AliasRecord[];
}

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  exportedAt: string;
  data: BackupData;
}

/**
 * Fields the database derives from a paper for its own look-ups (storage/db.ts `PaperRecord`):
 * never written to a backup, and ignored in a file (recomputed when the papers are stored).
 */
const DERIVED_PAPER_FIELDS: readonly string[] = ['titleKey'];

/** The paper without the database's derived fields (the same object when it has none). */
export function withoutDerived(p: SavedPaper): SavedPaper {
  if (!DERIVED_PAPER_FIELDS.some((f) => Object.hasOwn(p, f))) return p;
  const out: Record<string, unknown> = { ...p };
  for (const f of DERIVED_PAPER_FIELDS) delete out[f];
  return out as unknown as SavedPaper;
}

export function toJsonBackup(data: BackupData, now: Date = new Date()): string {
  const backup: Backup = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now.toISOString(),
    data: { ...data, papers: data.papers.map(withoutDerived) },
  };
  return `${JSON.stringify(backup, null, 1)}\n`;
}

// ---------------------------------------------------------------- validation

class Invalid extends Error {}
const fail = (path: string, what: string): never => {
  throw new Invalid(`${path}: ${what}`);
};
type V<T> = (v: unknown, path: string) => T;

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const str =
  (max: number, { nonEmpty = false } = {}): V<string> =>
  (v, p) => {
    if (typeof v !== 'string' || v.length > max)
      return fail(p, `expected a string of at most ${max} characters`);
    if (nonEmpty && !v.trim()) return fail(p, 'must not be empty');
    return v;
  };
const num: V<number> = (v, p) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fail(p, 'expected a non-negative number');
const bool: V<boolean> = (v, p) => (typeof v === 'boolean' ? v : fail(p, 'expected true or false'));
const arr =
  <T>(item: V<T>, max: number): V<T[]> =>
  (v, p) => {
    if (!Array.isArray(v)) return fail(p, 'expected a list');
    if (v.length > max) return fail(p, `too many items (${v.length}; the limit is ${max})`);
    return v.map((x, i) => item(x, `${p}[${i}]`));
  };
const oneOf =
  <T extends string | number>(values: readonly T[]): V<T> =>
  (v, p) =>
    values.includes(v as T)
      ? (v as T)
      : fail(p, `expected one of ${values.map((x) => JSON.stringify(x)).join(', ')}`);

const PAPER_ID = /^(?:arxiv:(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*\/\d{7})|openreview:[A-Za-z0-9_-]{1,100})$/i;
const paperId: V<string> = (v, p) =>
  typeof v === 'string' && PAPER_ID.test(v)
    ? v
    : fail(p, 'expected a canonical paper id (arxiv:… or openreview:…)');
const topicId: V<string> = (v, p) =>
  typeof v === 'string' && /^[a-z0-9_:-]{1,64}$/.test(v) ? v : fail(p, 'expected a topic id');
const httpsUrl: V<string> = (v, p) => {
  const s = str(2000)(v, p);
  try {
    if (new URL(s).protocol === 'https:') return s;
  } catch {
    /* reported below */
  }
  return fail(p, 'expected an https URL');
};
const SITES: readonly SiteId[] = ['arxiv', 'huggingface', 'openreview'];
const STATUSES: readonly PaperStatus[] = ['to-read', 'reading', 'read', 'dismissed'];

/** Any JSON value (model weights, setting values), bounded in depth. */
const json =
  (maxDepth = 32): V<unknown> =>
  (v, p) => {
    const walk = (x: unknown, depth: number): void => {
      if (depth > maxDepth) fail(p, `nested too deeply (more than ${maxDepth} levels)`);
      if (x === null || typeof x === 'string' || typeof x === 'boolean') return;
      if (typeof x === 'number') {
        if (!Number.isFinite(x)) fail(p, 'numbers must be finite');
        return;
      }
      if (Array.isArray(x)) {
        for (const y of x) walk(y, depth + 1);
        return;
      }
      if (isObj(x)) {
        for (const y of Object.values(x)) walk(y, depth + 1);
        return;
      }
      fail(p, 'expected a JSON value');
    };
    walk(v, 0);
    return v;
  };

/**
 * Validates the known fields of a record; fields this version does not know (added to the
 * schema later in the same format version) are kept as plain JSON so the round trip is
 * lossless, but only under ordinary names (never __proto__ and friends).
 */
function record<T>(
  fields: { [K in keyof T]-?: V<T[K]> },
  optionalKeys: readonly (keyof T)[] = [],
  ignored: readonly string[] = [],
): V<T> {
  return (v, p) => {
    if (!isObj(v)) return fail(p, 'expected an object');
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(fields) as (keyof T & string)[]) {
      if (v[key] === undefined && optionalKeys.includes(key)) continue;
      if (!Object.hasOwn(v, key) && !optionalKeys.includes(key)) fail(`${p}.${key}`, 'is missing');
      out[key] = fields[key](v[key], `${p}.${key}`);
    }
    let extras = 0;
    for (const key of Object.keys(v)) {
      if (Object.hasOwn(fields, key) || ignored.includes(key)) continue;
      if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(key) || key === 'constructor' || key === 'prototype')
        fail(`${p}.${key}`, 'unexpected field');
      if (++extras > 32) fail(p, 'too many unknown fields');
      out[key] = json()(v[key], `${p}.${key}`);
    }
    return out as T;
  };
}

const paper: V<SavedPaper> = record<SavedPaper>(
  {
    id: paperId,
    title: str(2000, { nonEmpty: true }),
    authors: arr(str(500), 5000),
    abstract: str(100_000),
    url: httpsUrl,
    pdfUrl: httpsUrl as V<string | undefined>,
    version: ((v, p) =>
      Number.isInteger(v) && (v as number) >= 1 ? v : fail(p, 'expected a positive integer')) as V<
      number | undefined
    >,
    categories: arr(str(64), 50) as V<string[] | undefined>,
    site: oneOf(SITES),
    sourceUrl: httpsUrl as V<string | undefined>,
    published: str(64) as V<string | undefined>,
    topics: arr(topicId, 64),
    sites: arr(oneOf(SITES), 3),
    savedAt: num,
    updatedAt: num,
    status: oneOf(STATUSES),
    tags: arr(str(64), 500),
    notes: str(200_000),
    starred: bool,
  },
  ['pdfUrl', 'version', 'categories', 'sourceUrl', 'published'],
  DERIVED_PAPER_FIELDS,
);

const threshold: V<number | undefined> = (v, p) =>
  typeof v === 'number' && v > 0 && v < 1 ? v : fail(p, 'expected a number between 0 and 1');

const topic: V<TopicRecord> = record<TopicRecord>(
  {
    id: topicId,
    name: str(200),
    description: str(5000),
    include: arr(str(500), 1000),
    exclude: arr(str(500), 1000),
    builtin: bool,
    enabled: bool,
    examples: arr(
      record<TopicRecord['examples'][number]>({
        paperId: str(300),
        title: str(2000),
        abstract: str(100_000),
      }),
      5000,
    ),
    threshold,
    createdAt: num,
  },
  ['threshold'],
);

const correction: V<Correction> = record<Correction>(
  {
    seq: ((v, p) =>
      Number.isInteger(v) && (v as number) > 0 ? v : fail(p, 'expected a positive integer')) as V<
      number | undefined
    >,
    paperId: str(300, { nonEmpty: true }),
    topic: topicId,
    label: oneOf([1, -1] as const),
    title: str(2000),
    abstract: str(100_000),
    createdAt: num,
  },
  ['seq'],
);

const model: V<ModelRecord> = record<ModelRecord>({ topic: topicId, state: json(), updatedAt: num });
const setting: V<SettingRecord> = record<SettingRecord>({ key: str(200, { nonEmpty: true }), value: json() });
const alias: V<AliasRecord> = record<AliasRecord>({ id: paperId, paperId });

const MAX_RECORDS = 200_000;
const backupData = (v: unknown, p: string): BackupData => {
  if (!isObj(v))
    return fail(p, 'expected an object with papers, topics, corrections, models, settings and aliases');
  const list = <T>(name: keyof BackupData, item: V<T>): T[] =>
    v[name] === undefined ? [] : arr(item, MAX_RECORDS)(v[name], name);
  return {
    papers: list('papers', paper),
    topics: list('topics', topic),
    corrections: list('corrections', correction),
    models: list('models', model),
    settings: list('settings', setting),
    aliases: list('aliases', alias),
  };
};

// ---------------------------------------------------------------- reading the file

/** True when the text ends inside a string, object or array: the file was cut off. */
function endsInsideJson(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return inString || depth > 0;
}

function jsonErrorPlace(text: string, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /position (\d+)/.exec(msg);
  if (m?.[1]) {
    const at = Number(m[1]);
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const col = at - before.lastIndexOf('\n');
    return `line ${line}, column ${col}`;
  }
  const lc = /line (\d+) column (\d+)/.exec(msg);
  if (lc) return `line ${lc[1]}, column ${lc[2]}`;
  return 'somewhere in the file';
}

export function parseJsonBackup(text: string): Result<BackupData> {
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, error: 'file is too large (the limit is 50 MB)' };
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (!trimmed) return { ok: false, error: 'the file is empty' };
  let raw: unknown;
  try {
    raw = JSON.parse(trimmed);
  } catch (e) {
    if (/^[{[]/.test(trimmed) && endsInsideJson(trimmed)) {
      return {
        ok: false,
        error: 'file is truncated: it ends in the middle of the data. Export the backup again.',
      };
    }
    return { ok: false, error: `not valid JSON (${jsonErrorPlace(trimmed, e)}): not a PaperSift backup` };
  }
  if (!isObj(raw) || raw.format !== BACKUP_FORMAT) {
    return { ok: false, error: `not a PaperSift backup (it has no "format": "${BACKUP_FORMAT}")` };
  }
  const version = raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, error: 'not a PaperSift backup: its "version" is not a format number' };
  }
  if (version > BACKUP_VERSION) {
    return {
      ok: false,
      error: `this backup was written by a newer PaperSift (format ${version}); update the extension to import it`,
    };
  }
  try {
    const data = backupData(raw.data, 'data');
    const seen = new Set<string>();
    for (const [i, t] of data.topics.entries()) {
      if (seen.has(t.id)) fail(`topics[${i}].id`, `topic "${t.id}" appears twice`);
      seen.add(t.id);
    }
    return { ok: true, value: data };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: `invalid backup: ${e.message}` };
    throw e;
  }
}
