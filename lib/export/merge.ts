/**
 * How an imported record meets the one already stored: duplicates merge by canonical id and
 * never double. Merging a record with itself gives it back unchanged, so importing the same
 * backup twice changes nothing.
 */
import type { Correction, SavedPaper } from '../../storage/db';
import { normaliseTags } from './tags';

function union<T>(a: readonly T[], b: readonly T[]): T[] {
  return [...new Set([...a, ...b])];
}

/**
 * A backup carries the user's own state: the more recently edited copy wins status, notes,
 * star and metadata; tags and sites are united; the paper keeps its first saved date.
 */
export function mergeFromBackup(stored: SavedPaper, incoming: SavedPaper): SavedPaper {
  const [newer, older] = incoming.updatedAt > stored.updatedAt ? [incoming, stored] : [stored, incoming];
  return {
    ...older,
    ...newer,
    abstract: newer.abstract || older.abstract,
    tags: normaliseTags([...newer.tags, ...older.tags]),
    sites: union(newer.sites, older.sites),
    savedAt: Math.min(stored.savedAt, incoming.savedAt),
    updatedAt: Math.max(stored.updatedAt, incoming.updatedAt),
  };
}

/**
 * A BibTeX file carries bibliographic data only: it adds tags and fills in metadata the
 * stored paper lacks, and never resets the user's status, notes or star.
 */
export function mergeFromBibtex(stored: SavedPaper, incoming: SavedPaper): SavedPaper {
  const merged: SavedPaper = {
    ...stored,
    abstract: stored.abstract || incoming.abstract,
    authors: stored.authors.length ? stored.authors : incoming.authors,
    tags: normaliseTags([...stored.tags, ...incoming.tags]),
  };
  if (!stored.published && incoming.published) merged.published = incoming.published;
  if (!stored.categories?.length && incoming.categories?.length) merged.categories = incoming.categories;
  if (!stored.pdfUrl && incoming.pdfUrl) merged.pdfUrl = incoming.pdfUrl;
  return merged;
}

/** JSON with object keys sorted, for comparing records regardless of key order. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Identity of a correction across databases (seq numbers are per database). */
export function correctionKey(c: Correction): string {
  return JSON.stringify([c.paperId, c.topic, c.label, c.createdAt]);
}
