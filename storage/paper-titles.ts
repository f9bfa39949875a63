/**
 * "Add example from the reading list" (options page, issue 3): find saved papers by title. The
 * papers table has no title index (and a schema change for one picker is not worth it), so the
 * titles are read once when the picker is first used and every keystroke searches them in memory:
 * a substring test over 10,000 lower-cased titles takes about a millisecond.
 */
import type { PaperSiftDB } from './db';

export interface TitleEntry {
  id: string;
  title: string;
  abstract: string;
  /** Lower-cased title, what the query is matched against. */
  lower: string;
}

/** Saved papers (not the dismissed ones), newest first. */
export async function loadTitleIndex(db: PaperSiftDB): Promise<TitleEntry[]> {
  const out: TitleEntry[] = [];
  await db.papers
    .orderBy('savedAt')
    .reverse()
    .each((p) => {
      if (p.status !== 'dismissed')
        out.push({ id: p.id, title: p.title, abstract: p.abstract, lower: p.title.toLowerCase() });
    });
  return out;
}

const wordStart = (lower: string, q: string): boolean => {
  for (let i = lower.indexOf(q); i !== -1; i = lower.indexOf(q, i + 1)) {
    if (i === 0 || !/[a-z0-9]/.test(lower[i - 1] as string)) return true;
  }
  return false;
};

/**
 * Up to `limit` titles containing every word of `query`: titles that start with the query first,
 * then those where it starts a word, then the rest; newest first within each group. Stops
 * scanning once `limit` titles that start with the query are found.
 */
export function searchTitles(index: readonly TitleEntry[], query: string, limit = 8): TitleEntry[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!q) return [];
  const words = q.split(' ');
  const groups: TitleEntry[][] = [[], [], []];
  for (const e of index) {
    if (!words.every((w) => e.lower.includes(w))) continue;
    const rank = e.lower.startsWith(q) ? 0 : wordStart(e.lower, q) ? 1 : 2;
    const g = groups[rank] as TitleEntry[];
    if (g.length < limit) g.push(e);
    if (rank === 0 && g.length >= limit) break;
  }
  return groups.flat().slice(0, limit);
}
